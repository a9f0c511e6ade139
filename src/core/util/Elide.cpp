#include "Elide.h"

#include <QCoreApplication>
#include <QLocale>

namespace cmic {

namespace {

// Characters as a person counts them: a surrogate pair is one.
qsizetype codePoints(QStringView text)
{
    qsizetype count = text.size();
    for (qsizetype i = 1; i < text.size(); ++i) {
        if (text.at(i).isLowSurrogate() && text.at(i - 1).isHighSurrogate())
            --count;
    }
    return count;
}

} // namespace

QString elide(const QString &text, qsizetype max)
{
    if (text.size() <= max)
        return text;
    qsizetype cut = qMax<qsizetype>(max, 0);
    if (cut > 0 && text.at(cut - 1).isHighSurrogate() && text.at(cut).isLowSurrogate())
        --cut;
    return text.left(cut) + QChar(0x2026)
           + QCoreApplication::translate("cmic::Elide", " (%1 characters)")
                 .arg(QLocale().toString(qlonglong(codePoints(text))));
}

} // namespace cmic
