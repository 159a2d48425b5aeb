// Durations as people type them on the command line and in the admin API:
// "90s", "30m", "24h", "7d", or several joined ("1h30m"); "0" alone is zero.
//
// Thread-safety: pure functions.
#ifndef SCIMD_DIRECTORY_DURATION_H_
#define SCIMD_DIRECTORY_DURATION_H_

#include <chrono>
#include <string>
#include <string_view>

#include "common/status.h"

namespace scimd::directory {

// Parses one or more <digits><unit> parts, unit one of ms, s, m, h, d, summed.
// kInvalidValue for an empty string, a part without a number or unit, an
// unknown unit, or a total beyond 100 years (which also rules out overflow).
Result<std::chrono::milliseconds> ParseDuration(std::string_view text);

// The shortest exact form in the largest units: "1h30m", "90s", "0s".
std::string FormatDuration(std::chrono::milliseconds duration);

}  // namespace scimd::directory

#endif  // SCIMD_DIRECTORY_DURATION_H_
