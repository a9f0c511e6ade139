#pragma once

// What a terminal would act on in a command's output: control characters other than the line feed (C0, DEL, C1 —
// ESC starts an escape sequence, CR rewrites the line) and the bidirectional overrides.

#include <QByteArray>
#include <QString>

namespace cmic::test {

// The first such character in |utf8| with its offset ("U+001B at 120"), or an empty string when there is none.
inline QString rawControlIn(const QByteArray &utf8)
{
    const QString text = QString::fromUtf8(utf8);
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        if (c == u'\n')
            continue;
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
            return QStringLiteral("U+%1 at %2").arg(unsigned(c), 4, 16, QLatin1Char('0')).arg(i);
    }
    return {};
}

} // namespace cmic::test
