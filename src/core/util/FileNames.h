#pragma once

#include <QString>

namespace cmic {

// A file name stem made from something a person named (a registration, an environment): letters, digits, '.', '_'
// and '-' kept, every other run of characters (spaces, '/', '\\', ':', accents, control characters) one '-', no
// leading or trailing '-' or '.', at most 80 characters. |fallback| when nothing is left. Never a path: the result
// has no separator and cannot be "." or "..".
QString safeFileStem(const QString &name, const QString &fallback);

// |path| for a sentence (an error message, a status line): native separators, and its control characters, line
// feeds included, and bidirectional overrides as visible \uXXXX escapes (terminalSafe), so a file name cannot start
// a line of its own or drive a terminal.
QString pathInMessage(const QString &path);

} // namespace cmic
