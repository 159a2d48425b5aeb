// FormatTime / ParseTime (declared in render.h). Calendar arithmetic is done by
// hand (days-from-civil) so that results do not depend on the process's time
// zone or on timegm() being available.
#include <cstdint>
#include <string>
#include <string_view>

#include "scim/serialize/render.h"

namespace scimd::scim {
namespace {

constexpr int64_t kMsPerDay = 86'400'000;

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct CivilDate {
  int64_t year;
  int month;
  int day;
};

CivilDate CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int64_t y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

void AppendPadded(std::string& out, int64_t v, int width) {
  std::string digits = std::to_string(v);
  if (digits.size() < static_cast<size_t>(width)) out.append(width - digits.size(), '0');
  out += digits;
}

// A cursor over the text; every Read* returns false on a mismatch.
class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}

  bool ReadDigits(int count, int64_t& out) {
    if (s_.size() - pos_ < static_cast<size_t>(count)) return false;
    out = 0;
    for (int i = 0; i < count; ++i) {
      char c = s_[pos_ + i];
      if (c < '0' || c > '9') return false;
      out = out * 10 + (c - '0');
    }
    pos_ += count;
    return true;
  }
  bool ReadChar(char c) {
    // 'T' and 'Z' may be lower case (RFC 3339 §5.6 NOTE).
    const bool letter = c >= 'A' && c <= 'Z';
    if (pos_ < s_.size() && (s_[pos_] == c || (letter && s_[pos_] == c + ('a' - 'A')))) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool Peek(char c) const { return pos_ < s_.size() && s_[pos_] == c; }
  // Fractional seconds after '.', truncated to milliseconds.
  bool ReadFraction(int64_t& ms) {
    size_t start = pos_;
    ms = 0;
    int scale = 100;
    while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') {
      ms += (s_[pos_] - '0') * scale;
      scale /= 10;
      ++pos_;
    }
    return pos_ > start;
  }
  bool AtEnd() const { return pos_ == s_.size(); }

 private:
  std::string_view s_;
  size_t pos_ = 0;
};

Status BadTime(std::string_view text) {
  return InvalidValue("not an RFC 3339 dateTime: \"" + std::string(text) + "\"");
}

}  // namespace

std::string FormatTime(int64_t epoch_ms) {
  int64_t days = epoch_ms / kMsPerDay;
  int64_t rest = epoch_ms % kMsPerDay;
  if (rest < 0) {
    rest += kMsPerDay;
    --days;
  }
  const CivilDate date = CivilFromDays(days);
  std::string out;
  out.reserve(24);
  AppendPadded(out, date.year, 4);
  out += '-';
  AppendPadded(out, date.month, 2);
  out += '-';
  AppendPadded(out, date.day, 2);
  out += 'T';
  AppendPadded(out, rest / 3'600'000, 2);
  out += ':';
  AppendPadded(out, rest / 60'000 % 60, 2);
  out += ':';
  AppendPadded(out, rest / 1000 % 60, 2);
  out += '.';
  AppendPadded(out, rest % 1000, 3);
  out += 'Z';
  return out;
}

Result<int64_t> ParseTime(std::string_view text) {
  Scanner in(text);
  int64_t year, month, day, hour, minute, second, ms = 0;
  if (!in.ReadDigits(4, year) || !in.ReadChar('-') || !in.ReadDigits(2, month) ||
      !in.ReadChar('-') || !in.ReadDigits(2, day) || !in.ReadChar('T') || !in.ReadDigits(2, hour) ||
      !in.ReadChar(':') || !in.ReadDigits(2, minute) || !in.ReadChar(':') ||
      !in.ReadDigits(2, second)) {
    return BadTime(text);
  }
  if (in.ReadChar('.') && !in.ReadFraction(ms)) return BadTime(text);
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, static_cast<int>(month)) ||
      hour > 23 || minute > 59 || second > 60) {
    return BadTime(text);
  }
  int64_t offset_minutes = 0;
  // xsd:dateTime allows the zone to be absent; such values are taken as UTC.
  if (in.Peek('+') || in.Peek('-')) {
    const int sign = in.Peek('-') ? -1 : 1;
    in.ReadChar(sign < 0 ? '-' : '+');
    int64_t oh, om;
    if (!in.ReadDigits(2, oh) || !in.ReadChar(':') || !in.ReadDigits(2, om) || oh > 23 || om > 59) {
      return BadTime(text);
    }
    offset_minutes = sign * (oh * 60 + om);
  } else if (!in.AtEnd() && !in.ReadChar('Z')) {
    return BadTime(text);
  }
  if (!in.AtEnd()) return BadTime(text);
  const int64_t days = DaysFromCivil(year, month, day);
  const int64_t seconds = ((days * 24 + hour) * 60 + minute - offset_minutes) * 60 + second;
  return seconds * 1000 + ms;
}

}  // namespace scimd::scim
