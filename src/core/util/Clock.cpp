#include "Clock.h"

namespace cmic {

const Clock &Clock::system()
{
    static const SystemClock clock;
    return clock;
}

} // namespace cmic
