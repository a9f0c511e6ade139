// Placeholder until WorkspaceFile and SetupRules land; replaced by the real command.
#include "Commands.h"

#include <QTextStream>

namespace cmic::cli {

int runLint(const QStringList &, Io &io)
{
    io.err << "cmic-oauth lint: not available in this build yet.\n";
    return ExitUsage;
}

} // namespace cmic::cli
