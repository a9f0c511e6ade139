// Placeholder until the JOSE work lands (issue 3); replaced by the real command.
#include "Commands.h"

#include <QTextStream>

namespace cmic::cli {

int runVerifyToken(const QStringList &, Io &io)
{
    io.err << "cmic-oauth verify-token: not available in this build yet.\n";
    return ExitUsage;
}

} // namespace cmic::cli
