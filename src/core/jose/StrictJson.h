#pragma once

#include <QByteArrayView>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace cmic::jose {

// Parses |text| as exactly one JSON object (RFC 8259) and nothing else, more strictly than QJsonDocument:
// well-formed UTF-8 only (no overlong forms, no surrogates, no lone \u surrogate escapes), no raw control
// characters in strings, nesting at most 64 deep, and no member name twice in the same object (compared after
// unescaping). QJsonDocument alone silently keeps the last of duplicate members, which would let "exp" or "alg"
// mean one thing to us and another to CMiC. On failure returns std::nullopt and sets *error to a sentence.
std::optional<QJsonObject> parseStrictJsonObject(QByteArrayView text, QString *error);

// The same rules for any JSON value; true when |text| passes them.
bool isStrictJson(QByteArrayView text, QString *error);

// Where |text| breaks the rules, for messages that point at a line: what (a phrase), the byte offset, and for a
// member name given twice the offset of the first one (-1 otherwise).
struct StrictJsonProblem
{
    QString what;
    qsizetype offset = -1;
    qsizetype earlierOffset = -1;
};
bool isStrictJson(QByteArrayView text, StrictJsonProblem *problem);

} // namespace cmic::jose
