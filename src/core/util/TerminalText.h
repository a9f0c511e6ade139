#pragma once

#include <QString>

namespace cmic {

enum class LineFeeds { Keep, Escape };

// |text| made safe to print on a terminal: what IdPs, tokens and servers say may hold escape sequences. Control
// characters (C0, DEL, C1: an ESC starts a terminal sequence, U+009B acts alone on some terminals) and the
// bidirectional overrides (which reorder what is shown) become JSON-style \uXXXX escapes. Line feeds are kept for
// multi-line text, or escaped so a server's text cannot print a line of its own.
QString terminalSafe(const QString &text, LineFeeds lineFeeds);

} // namespace cmic
