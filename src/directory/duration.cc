#include "directory/duration.h"

#include <array>
#include <cstdint>
#include <utility>

namespace scimd::directory {
namespace {

constexpr int64_t kSecond = 1000;
constexpr int64_t kMinute = 60 * kSecond;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kDay = 24 * kHour;
constexpr int64_t kMaxMs = 100 * 366 * kDay;

// Longest unit first, as FormatDuration writes them.
constexpr std::array<std::pair<std::string_view, int64_t>, 5> kUnits = {
    {{"d", kDay}, {"h", kHour}, {"m", kMinute}, {"s", kSecond}, {"ms", 1}}};

Status Invalid(std::string_view text) {
  return InvalidValue("'" + std::string(text) +
                      "' is not a duration; write e.g. 90s, 30m, 24h, 7d or 1h30m");
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLetter(char c) { return c >= 'a' && c <= 'z'; }

}  // namespace

Result<std::chrono::milliseconds> ParseDuration(std::string_view text) {
  if (text == "0") return std::chrono::milliseconds(0);
  if (text.empty()) return Invalid(text);
  int64_t total = 0;
  size_t i = 0;
  while (i < text.size()) {
    int64_t number = 0;
    const size_t digits_start = i;
    // Bounded by kMaxMs before it can overflow: 19 digits never get here.
    for (; i < text.size() && IsDigit(text[i]); ++i) {
      number = number * 10 + (text[i] - '0');
      if (number > kMaxMs) return Invalid(text);
    }
    const size_t unit_start = i;
    for (; i < text.size() && IsLetter(text[i]); ++i) {
    }
    if (digits_start == unit_start || unit_start == i) return Invalid(text);
    const std::string_view unit = text.substr(unit_start, i - unit_start);
    int64_t scale = 0;
    for (const auto& [name, ms] : kUnits) {
      if (unit == name) scale = ms;
    }
    if (scale == 0 || number > (kMaxMs - total) / scale) return Invalid(text);
    total += number * scale;
  }
  return std::chrono::milliseconds(total);
}

std::string FormatDuration(std::chrono::milliseconds duration) {
  int64_t left = duration.count();
  if (left <= 0) return "0s";
  std::string out;
  for (const auto& [name, ms] : kUnits) {
    if (left >= ms) {
      out += std::to_string(left / ms);
      out += name;
      left %= ms;
    }
  }
  return out;
}

}  // namespace scimd::directory
