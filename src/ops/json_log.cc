#include "ops/json_log.h"

#include <atomic>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace scimd::ops {
namespace {

std::atomic<int> g_level{static_cast<int>(LogLevel::kInfo)};

std::string Rfc3339(int64_t time_ms) {
  std::time_t seconds = static_cast<std::time_t>(time_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(time_ms % 1000));
  return buf;
}

}  // namespace

Result<LogLevel> ParseLogLevel(std::string_view text) {
  if (text == "debug") return LogLevel::kDebug;
  if (text == "info") return LogLevel::kInfo;
  if (text == "warn") return LogLevel::kWarn;
  if (text == "error") return LogLevel::kError;
  return InvalidValue("log level must be debug, info, warn or error, not '" + std::string(text) +
                      "'");
}

std::string_view LogLevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarn:
      return "warn";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

void SetLogLevel(LogLevel level) { g_level.store(static_cast<int>(level)); }

bool LogEnabled(LogLevel level) { return static_cast<int>(level) >= g_level.load(); }

std::string FormatLogLine(int64_t time_ms, LogLevel level, std::string_view msg,
                          boost::json::object fields) {
  boost::json::object line;
  line["time"] = Rfc3339(time_ms);
  line["level"] = LogLevelName(level);
  line["msg"] = msg;
  for (auto& [key, value] : fields) line[key] = std::move(value);
  return boost::json::serialize(line) + "\n";
}

namespace {

void Write(LogLevel level, std::string_view msg, boost::json::object fields) {
  int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  std::string line = FormatLogLine(now_ms, level, msg, std::move(fields));
  // One fwrite per line: stdio locks the stream, so lines never interleave.
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace

void Log(LogLevel level, std::string_view msg, boost::json::object fields) {
  if (LogEnabled(level)) Write(level, msg, std::move(fields));
}

void Announce(std::string_view msg, boost::json::object fields) {
  Write(LogLevel::kInfo, msg, std::move(fields));
}

}  // namespace scimd::ops
