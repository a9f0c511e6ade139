#include "SandboxLog.h"

Q_LOGGING_CATEGORY(lcSandbox, "cmic.sandbox")
