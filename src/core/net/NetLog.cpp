#include "NetLog.h"

Q_LOGGING_CATEGORY(lcNet, "cmic.net")
