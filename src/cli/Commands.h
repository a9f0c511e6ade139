#pragma once

// Each CLI command is a function over its own arguments (argv after the command word).
// Exit codes: 0 success / valid, 1 checks failed / invalid, 2 usage error or unreadable input.

#include <QStringList>

class QTextStream;

namespace cmic::cli {

struct Io
{
    QTextStream &out; // results (machine-readable where --format json)
    QTextStream &err; // diagnostics
    QTextStream &in;  // for "-" arguments
};

enum ExitCode { ExitOk = 0, ExitInvalid = 1, ExitUsage = 2 };

int runLint(const QStringList &args, Io &io);
int runVerifyToken(const QStringList &args, Io &io);
int runSandbox(const QStringList &args, Io &io);
int runValidate(const QStringList &args, Io &io);

} // namespace cmic::cli
