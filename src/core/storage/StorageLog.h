#pragma once

#include <QLoggingCategory>

namespace cmic {

// "cmic.storage": workspace files and the secret stores. Never logs a secret's text.
Q_DECLARE_LOGGING_CATEGORY(lcStorage)

} // namespace cmic
