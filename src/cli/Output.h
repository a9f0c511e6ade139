#pragma once

// Where a command's result goes: standard output ("-") or a file written atomically (mode 0600 when it holds a
// secret), and the "schema" member every JSON output carries so a script can tell which shape it reads
// (docs/cli.md, "JSON outputs"). A schema's number goes up only when a member is removed or changes meaning.

#include "Command.h"

#include "core/util/BoundedFile.h"

#include <QByteArray>
#include <QString>

namespace cmic::cli {

inline constexpr char kSchemaValidation[] = "cmic-oauth.validation/1";        // validate --format json
inline constexpr char kSchemaValidationAll[] = "cmic-oauth.validation-all/1"; // validate --all --format json
inline constexpr char kSchemaLint[] = "cmic-oauth.lint/1";                    // lint --format json
inline constexpr char kSchemaVerifyToken[] = "cmic-oauth.verify-token/1";     // verify-token --format json
inline constexpr char kSchemaToken[] = "cmic-oauth.token/1";                  // token

enum class OutputKind {
    Text,  // terminal-safe text
    Json,  // JSON, terminal-safe inside its strings (TerminalStream::json)
    Exact, // a file's bytes (an export): exact when standard output is not a terminal, terminal-safe when it is
};

// Writes |bytes| to standard output when |path| is "-", else to the file |path| (writeRegularFile with |access|).
// Empty on success, else a sentence naming the file and why.
QString writeOutput(const QString &path, const QByteArray &bytes, OutputKind kind, FileAccess access, Io &io);

// Why a write failed, as a sentence naming |path|.
QString describeWriteProblem(const BoundedWrite &written, const QString &path);

} // namespace cmic::cli
