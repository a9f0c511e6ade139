#pragma once

#include <QLoggingCategory>

// "cmic.jose": key-set and verification diagnostics. Debug is off unless enabled (QT_LOGGING_RULES), and nothing
// logged here ever contains a token or key material.
Q_DECLARE_LOGGING_CATEGORY(lcJose)
