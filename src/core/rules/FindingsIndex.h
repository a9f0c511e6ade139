#pragma once

#include "Finding.h"

#include <QHash>

#include <array>
#include <memory>
#include <utility>

namespace cmic {

// A workspace's findings with what the console looks up in them, built once (off the main thread, by the document's
// background check) and then only read, so one instance can be shared between threads: the findings in the rules'
// order, the order the findings dock lists them in (errors, warnings, notes; the rules' order within a severity), the
// findings of each subject, and the count per severity.
class FindingsIndex
{
public:
    FindingsIndex() = default;
    explicit FindingsIndex(Findings findings);

    const Findings &findings() const { return m_findings; }
    qsizetype size() const { return m_findings.size(); }
    // The |i|-th finding in the dock's order.
    const Finding &inSeverityOrder(qsizetype i) const { return m_findings.at(m_order.at(i)); }
    // The findings about one subject, in the rules' order.
    Findings findingsFor(SubjectKind kind, const QString &id) const;
    qsizetype count(Severity severity) const { return m_counts.at(static_cast<std::size_t>(severity)); }

private:
    Findings m_findings;
    QList<qsizetype> m_order;
    QHash<std::pair<int, QString>, QList<qsizetype>> m_bySubject;
    std::array<qsizetype, 3> m_counts{};
};

// Drops |index| on the thread pool: the last reference to 100,000 findings frees a few hundred thousand strings, which
// the main thread should not wait for.
void releaseInBackground(std::shared_ptr<const FindingsIndex> index);

} // namespace cmic
