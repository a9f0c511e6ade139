#pragma once

// The one set of escapers every export uses (Exporter::escaping() names the kind a format needs). Each returns text
// that the target reader turns back into exactly |value|, whatever it holds: quotes, backslashes, line feeds,
// control characters, non-ASCII. tests/export/tst_escapers.cpp checks each against the real reader where one exists.

#include <QString>

namespace cmic::escape {

// POSIX shell: one single-quoted word ('it'\''s'), for scripts run by sh/bash. A NUL cannot be passed to a program
// and is dropped.
QString shellWord(const QString &value);

// A value for a line NAME=VALUE read both by `set -a; . ./file` (bash/sh) and by `docker --env-file` (which keeps the
// text after "=" literally, quotes included). Only values made of characters that mean nothing to a shell (letters,
// digits and _ . / : @ % + , = - ^; not ~, which the shell expands in an assignment) fit both: they are written bare
// and *portable is set true. Any other value is written single-quoted for the shell and *portable is false (docker
// would keep the quotes).
QString envFileValue(const QString &value, bool *portable = nullptr);

// java.util.Properties (ISO 8859-1 file, as Properties.load(InputStream) reads it): backslash escapes for \ and the
// separators, \t \n \r \f, a leading space kept with "\ ", a leading # or ! escaped, and every character outside
// printable ASCII as \uXXXX (UTF-16 code units, so a character beyond the BMP is two escapes).
QString javaPropertiesKey(const QString &key);
QString javaPropertiesValue(const QString &value);

// YAML 1.2 (and 1.1): a double-quoted scalar ("..."), with \\ \" and \n \r \t escaped, other control characters as
// \uXXXX (so are U+FEFF, U+2028, U+2029, U+FFFE and U+FFFF), other non-ASCII kept as UTF-8 text. Never a plain scalar,
// so "yes", "0x10", "~" or ": " stay strings.
QString yamlString(const QString &value);

// SQL (standard; Oracle, SQLite, PostgreSQL): a single-quoted literal with ' doubled. Line feeds, semicolons and "--"
// are inert inside the quotes. A NUL is dropped (no SQL literal can hold it).
QString sqlString(const QString &value);

// JSON: a string with its quotes ("..."), as QJsonDocument writes it.
QString jsonString(const QString &value);

// HTML text or attribute value: & < > " ' escaped.
QString html(const QString &value);

// Markdown: an inline code span that shows |value| literally (enough backticks around it, and spaces where the value
// starts or ends with a backtick); line feeds become spaces, since a code span cannot hold one.
QString markdownCode(const QString &value);
// Markdown: running text with the characters Markdown acts on (\ ` * _ { } [ ] < > ( ) # + - . ! | ~) backslash-escaped
// and line feeds as spaces.
QString markdownText(const QString &value);

// Inside a comment line of any format (#, --, //): line breaks and other control characters become spaces, so the
// text cannot end the comment and start a setting.
QString commentText(const QString &value);

} // namespace cmic::escape
