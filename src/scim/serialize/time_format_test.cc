#include <gtest/gtest.h>

#include "scim/serialize/render.h"

namespace scimd::scim {
namespace {

TEST(FormatTimeTest, MillisecondsAndUtc) {
  EXPECT_EQ(FormatTime(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatTime(1'767'225'600'000), "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatTime(1'796'016'234'123), "2026-11-30T05:23:54.123Z");
  EXPECT_EQ(FormatTime(951'782'400'000), "2000-02-29T00:00:00.000Z");
  EXPECT_EQ(FormatTime(-1), "1969-12-31T23:59:59.999Z");
}

TEST(ParseTimeTest, Forms) {
  EXPECT_EQ(*ParseTime("2026-01-01T00:00:00Z"), 1'767'225'600'000);
  EXPECT_EQ(*ParseTime("2026-01-01t00:00:00z"), 1'767'225'600'000);
  EXPECT_EQ(*ParseTime("2026-01-01T00:00:00.5Z"), 1'767'225'600'500);
  EXPECT_EQ(*ParseTime("2026-01-01T00:00:00.123456Z"), 1'767'225'600'123);
  EXPECT_EQ(*ParseTime("2026-01-01T02:30:00+02:30"), 1'767'225'600'000);
  EXPECT_EQ(*ParseTime("2025-12-31T19:00:00-05:00"), 1'767'225'600'000);
  EXPECT_EQ(*ParseTime("2026-01-01T00:00:00"), 1'767'225'600'000);
  EXPECT_EQ(*ParseTime("2000-02-29T00:00:00Z"), 951'782'400'000);
}

TEST(ParseTimeTest, RoundTrip) {
  for (int64_t ms : {int64_t{0}, int64_t{1'796'016'234'123}, int64_t{-86'400'001}}) {
    EXPECT_EQ(*ParseTime(FormatTime(ms)), ms);
  }
}

TEST(ParseTimeTest, RejectsGarbage) {
  for (const char* text :
       {"", "garbage", "2026-01-01", "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z",
        "2026-01-01T24:00:00Z", "2026-01-01T00:00:00.Z", "2026-01-01T00:00:00+0200",
        "2026-01-01T00:00:00Zjunk", "2026-01-01 00:00:00Z", "2026/01/01T00:00:00Z",
        "2026-01-01T00:00:00+25:00"}) {
    auto r = ParseTime(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.status().code(), Code::kInvalidValue) << text;
  }
}

}  // namespace
}  // namespace scimd::scim
