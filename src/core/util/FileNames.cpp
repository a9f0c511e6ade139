#include "FileNames.h"

#include "TerminalText.h"

#include <QDir>

namespace cmic {

namespace {
constexpr qsizetype kMaxStem = 80;

bool kept(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'A' && u <= u'Z') || (u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9') || u == u'.' || u == u'_'
           || u == u'-';
}

bool trimmed(QChar c) { return c == u'-' || c == u'.'; }
} // namespace

QString safeFileStem(const QString &name, const QString &fallback)
{
    QString stem;
    stem.reserve(qMin(name.size(), kMaxStem));
    for (const QChar c : name) {
        if (kept(c))
            stem += c;
        else if (!stem.isEmpty() && !stem.endsWith(u'-'))
            stem += u'-';
        if (stem.size() >= kMaxStem)
            break;
    }
    qsizetype begin = 0;
    qsizetype end = stem.size();
    while (begin < end && trimmed(stem.at(begin)))
        ++begin;
    while (end > begin && trimmed(stem.at(end - 1)))
        --end;
    stem = stem.mid(begin, end - begin);
    return stem.isEmpty() ? fallback : stem;
}

QString pathInMessage(const QString &path) { return terminalSafe(QDir::toNativeSeparators(path), LineFeeds::Escape); }

} // namespace cmic
