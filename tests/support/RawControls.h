#pragma once

// What a terminal would act on in a command's output: control characters other than the line feed (C0, DEL, C1 —
// ESC starts an escape sequence, CR rewrites the line) and the bidirectional overrides; and a name from a file that
// would forge a whole line of output.

#include <QByteArray>
#include <QString>
#include <QStringDecoder>
#include <QStringList>

namespace cmic::test {

// The first such character in |utf8| with its offset ("U+001B at 120"), or an empty string when there is none.
// Output that is not well-formed UTF-8 counts too: a terminal may read its stray bytes as C1 controls.
inline QString rawControlIn(const QByteArray &utf8)
{
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString text = decoder(utf8);
    if (decoder.hasError())
        return QStringLiteral("output that is not UTF-8");
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        if (c == u'\n')
            continue;
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
            return QStringLiteral("U+%1 at %2").arg(unsigned(c), 4, 16, QLatin1Char('0')).arg(i);
    }
    return {};
}

// A name as a hostile workspace can hold it: a CSI that clears the screen, an OSC that sets the window title (ended
// by BEL), NUL (\u0000 in the file), DEL, the 8-bit CSI with a colour, a carriage return, a line feed followed by a
// line that would look like the tool's own ("FORGED <tag> ..."), a right-to-left override and an isolate.
inline QString hostileText(const QString &tag)
{
    return tag + QStringLiteral("\x1b[2J\x1b]0;PWNED\x07") + QChar(0) + QStringLiteral("\x7f") + QChar(0x9b)
           + QStringLiteral("31m\r\nFORGED ") + tag + QStringLiteral(": error: the setup is fine") + QChar(0x202e)
           + QStringLiteral("txt") + QChar(0x2066) + QStringLiteral("x") + QChar(0x2069);
}

// The first output line a hostile text forged (one that starts with "FORGED"), or an empty string.
inline QString forgedLineIn(const QByteArray &utf8)
{
    for (const QString &line : QString::fromUtf8(utf8).split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1String("FORGED")))
            return line;
    }
    return {};
}

// What hostileText(tag) looks like once escaped for one line, as the output must show it.
inline QByteArray escapedHostileText(const QString &tag)
{
    return tag.toUtf8()
           + QByteArrayLiteral("\\u001b[2J\\u001b]0;PWNED\\u0007\\u0000\\u007f\\u009b31m\\u000d\\u000aFORGED ")
           + tag.toUtf8() + QByteArrayLiteral(": error: the setup is fine\\u202etxt\\u2066x\\u2069");
}

} // namespace cmic::test
