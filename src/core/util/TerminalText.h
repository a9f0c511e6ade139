#pragma once

#include <QString>

namespace cmic {

enum class LineFeeds { Keep, Escape };

// |text| made safe to print on a terminal: what IdPs, tokens and servers say may hold escape sequences. Control
// characters (C0, DEL, C1: an ESC starts a terminal sequence, U+009B acts alone on some terminals) and the
// bidirectional overrides (which reorder what is shown) become JSON-style \uXXXX escapes. Line feeds are kept for
// multi-line text, or escaped so a server's text cannot print a line of its own.
QString terminalSafe(const QString &text, LineFeeds lineFeeds);

// JSON text made as safe to print, holding the same value: the characters terminalSafe() escapes become \uXXXX
// escapes, which inside a JSON string mean the character itself; the whitespace between tokens (line feed, carriage
// return, tab) is kept. A JSON writer leaves no raw control character inside strings (RFC 8259 forbids them), but
// writes DEL, C1 controls and the bidirectional overrides as they are: those are what this escapes.
QString terminalSafeJson(const QString &json);

} // namespace cmic
