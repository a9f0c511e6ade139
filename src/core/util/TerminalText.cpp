#include "TerminalText.h"

namespace cmic {

namespace {

// What a terminal acts on: C0 controls, DEL and C1 (an ESC starts a sequence, U+009B acts alone on some
// terminals) and the bidirectional overrides and isolates (which reorder what is shown).
bool actsOnTerminal(char16_t c)
{
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

template <typename Unsafe>
QString escapeWhere(const QString &text, Unsafe unsafe)
{
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

} // namespace

QString terminalSafe(const QString &text, LineFeeds lineFeeds)
{
    const bool keepLineFeeds = lineFeeds == LineFeeds::Keep;
    return escapeWhere(text, [keepLineFeeds](char16_t c) { return c == u'\n' ? !keepLineFeeds : actsOnTerminal(c); });
}

QString terminalSafeJson(const QString &json)
{
    return escapeWhere(json, [](char16_t c) { return c != u'\n' && c != u'\r' && c != u'\t' && actsOnTerminal(c); });
}

} // namespace cmic
