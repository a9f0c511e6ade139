#include "Logging.h"

#include <QLoggingCategory>

namespace cmic {

void applyDefaultLoggingRules(bool verbose)
{
    // Qt evaluates these rules (setFilterRules) before a QT_LOGGING_CONF file and QT_LOGGING_RULES, so a user's
    // own rules win without a check here.
    QLoggingCategory::setFilterRules(verbose ? QStringLiteral("cmic.*=true") : QStringLiteral("cmic.*=false"));
}

} // namespace cmic
