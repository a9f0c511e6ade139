#include "TerminalText.h"

namespace cmic {

QString terminalSafe(const QString &text, LineFeeds lineFeeds)
{
    const bool keepLineFeeds = lineFeeds == LineFeeds::Keep;
    const auto unsafe = [keepLineFeeds](char16_t c) {
        if (c == u'\n')
            return !keepLineFeeds;
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
    };
    qsizetype i = 0;
    while (i < text.size() && !unsafe(text.at(i).unicode()))
        ++i;
    if (i == text.size())
        return text; // the usual case: nothing to escape, nothing copied
    QString out = text.left(i);
    for (; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        if (unsafe(c))
            out += QStringLiteral("\\u%1").arg(unsigned(c), 4, 16, QLatin1Char('0'));
        else
            out += QChar(c);
    }
    return out;
}

} // namespace cmic
