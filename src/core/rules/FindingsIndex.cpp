#include "FindingsIndex.h"

#include <QThreadPool>

#include <algorithm>
#include <numeric>

namespace cmic {

FindingsIndex::FindingsIndex(Findings findings) : m_findings(std::move(findings))
{
    m_order.resize(m_findings.size());
    std::iota(m_order.begin(), m_order.end(), qsizetype(0));
    std::stable_sort(m_order.begin(), m_order.end(), [this](qsizetype a, qsizetype b) {
        return m_findings.at(a).severity > m_findings.at(b).severity;
    });
    for (qsizetype i = 0; i < m_findings.size(); ++i) {
        const Finding &f = m_findings.at(i);
        m_bySubject[{static_cast<int>(f.subjectKind), f.subjectId}].append(i);
        ++m_counts.at(static_cast<std::size_t>(f.severity));
    }
}

Findings FindingsIndex::findingsFor(SubjectKind kind, const QString &id) const
{
    Findings out;
    const auto it = m_bySubject.constFind({static_cast<int>(kind), id});
    if (it == m_bySubject.cend())
        return out;
    out.reserve(it->size());
    for (qsizetype i : *it)
        out.append(m_findings.at(i));
    return out;
}

void releaseInBackground(std::shared_ptr<const FindingsIndex> index)
{
    if (!index || index.use_count() > 1 || index->size() < 1000)
        return; // someone else still holds it, or it is small: it goes where it goes
    QThreadPool::globalInstance()->start([held = std::move(index)]() mutable { held.reset(); });
}

} // namespace cmic
