#pragma once

#include <QString>

namespace cmic {

// How much of a value from outside (a name, URL or id from a workspace file, an answer from a server, an argument)
// a message quotes. A sentence stays readable, and a value of 200 MiB repeated in every finding cannot become
// gigabytes of output.
inline constexpr qsizetype kQuotedValueLimit = 200;

// |text| when it has at most |max| UTF-16 units; otherwise its first |max| units (one less when the cut would split
// a surrogate pair), then "… (123,456 characters)" with the whole value's length in characters (code points, in
// the user's number format). Messages quote values through this, once, where the message is made: core decides it,
// the GUI and the CLI show what core wrote.
QString elide(const QString &text, qsizetype max = kQuotedValueLimit);

} // namespace cmic
