// Structured logging: one JSON object per line on stderr, e.g.
//   {"time":"2024-05-01T12:00:00.123Z","level":"info","msg":"request",...}
// Lines below the configured level are dropped before they are built
// (check Enabled first when building fields is costly).
//
// Callers choose every field; the logger adds only time, level and msg. It
// never sees headers or bodies, so it cannot leak a token or a password.
//
// Thread-safety: all functions may be called concurrently; a line is written
// with one call so lines never interleave.
#ifndef SCIMD_OPS_JSON_LOG_H_
#define SCIMD_OPS_JSON_LOG_H_

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

#include "common/status.h"

namespace scimd::ops {

enum class LogLevel { kDebug, kInfo, kWarn, kError };

// "debug", "info", "warn" or "error"; kInvalidValue otherwise.
Result<LogLevel> ParseLogLevel(std::string_view text);
std::string_view LogLevelName(LogLevel level);

// Process-wide minimum level; kInfo until set.
void SetLogLevel(LogLevel level);
bool LogEnabled(LogLevel level);

// Writes `fields` plus time, level and msg as one line, when enabled.
void Log(LogLevel level, std::string_view msg, boost::json::object fields = {});

// Writes an info line whatever the level: the start-up and shutdown lines
// (listening addresses, stopped) that operators and scripts wait for.
void Announce(std::string_view msg, boost::json::object fields = {});

// The line Log would write at `time_ms` (milliseconds since the epoch).
std::string FormatLogLine(int64_t time_ms, LogLevel level, std::string_view msg,
                          boost::json::object fields);

}  // namespace scimd::ops

#endif  // SCIMD_OPS_JSON_LOG_H_
