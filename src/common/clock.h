// Wall-clock time, injectable so tests control it.
#ifndef SCIMD_COMMON_CLOCK_H_
#define SCIMD_COMMON_CLOCK_H_

#include <cstdint>
#include <functional>

namespace scimd {

// Milliseconds since the Unix epoch.
using NowMs = std::function<int64_t()>;

// The system clock.
int64_t SystemNowMs();

}  // namespace scimd

#endif  // SCIMD_COMMON_CLOCK_H_
