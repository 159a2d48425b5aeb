#include "directory/duration.h"

#include <gtest/gtest.h>

namespace scimd::directory {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

milliseconds Parsed(std::string_view text) {
  Result<milliseconds> parsed = ParseDuration(text);
  EXPECT_TRUE(parsed.ok()) << text << ": " << parsed.status().ToString();
  return parsed.ok() ? *parsed : milliseconds(-1);
}

TEST(Duration, ParsesEachUnit) {
  EXPECT_EQ(Parsed("0"), milliseconds(0));
  EXPECT_EQ(Parsed("0s"), milliseconds(0));
  EXPECT_EQ(Parsed("250ms"), milliseconds(250));
  EXPECT_EQ(Parsed("90s"), seconds(90));
  EXPECT_EQ(Parsed("30m"), minutes(30));
  EXPECT_EQ(Parsed("24h"), hours(24));
  EXPECT_EQ(Parsed("7d"), hours(7 * 24));
}

TEST(Duration, SumsJoinedParts) {
  EXPECT_EQ(Parsed("1h30m"), minutes(90));
  EXPECT_EQ(Parsed("1d2h3m4s5ms"), hours(26) + minutes(3) + seconds(4) + milliseconds(5));
}

TEST(Duration, RejectsMalformedText) {
  for (std::string_view text :
       {"", "24", "h", "1x", "1H", "-5s", "1.5h", " 1h", "1h ", "1h30", "s30", "ms", "1hh"}) {
    Result<milliseconds> parsed = ParseDuration(text);
    EXPECT_EQ(parsed.status().code(), Code::kInvalidValue) << "'" << text << "'";
  }
}

TEST(Duration, RejectsHugeValuesInsteadOfOverflowing) {
  EXPECT_EQ(ParseDuration("99999999999999999999999s").status().code(), Code::kInvalidValue);
  EXPECT_EQ(ParseDuration("40000d").status().code(), Code::kInvalidValue);
  EXPECT_EQ(ParseDuration("36000d36000d").status().code(), Code::kInvalidValue);
  EXPECT_TRUE(ParseDuration("36000d").ok());
}

TEST(Duration, FormatsInTheLargestUnits) {
  EXPECT_EQ(FormatDuration(milliseconds(0)), "0s");
  EXPECT_EQ(FormatDuration(seconds(90)), "1m30s");
  EXPECT_EQ(FormatDuration(hours(24)), "1d");
  EXPECT_EQ(FormatDuration(minutes(90) + milliseconds(5)), "1h30m5ms");
  EXPECT_EQ(Parsed(FormatDuration(hours(50) + seconds(7))), hours(50) + seconds(7));
}

}  // namespace
}  // namespace scimd::directory
