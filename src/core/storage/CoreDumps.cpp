#include "CoreDumps.h"

#include <QtGlobal>

#if defined(Q_OS_UNIX)
#include <sys/resource.h>
#endif
#if defined(Q_OS_LINUX)
#include <sys/prctl.h>
#endif

namespace cmic {

bool disableCoreDumps()
{
#if defined(Q_OS_UNIX)
    struct rlimit limit = {};
    if (getrlimit(RLIMIT_CORE, &limit) == 0) {
        limit.rlim_cur = 0; // the soft limit is the one the kernel and the core handlers read
        setrlimit(RLIMIT_CORE, &limit);
    }
#endif
#if defined(Q_OS_LINUX)
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
#endif
    return coreDumpsDisabled();
}

bool coreDumpsDisabled()
{
#if defined(Q_OS_UNIX)
    struct rlimit limit = {};
    if (getrlimit(RLIMIT_CORE, &limit) != 0 || limit.rlim_cur != 0)
        return false;
#if defined(Q_OS_LINUX)
    return prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0;
#else
    return true;
#endif
#else
    return false;
#endif
}

} // namespace cmic
