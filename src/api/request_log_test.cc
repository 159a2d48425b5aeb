#include "api/request_log.h"

#include <gtest/gtest.h>

namespace scimd::api {
namespace {

TEST(RedactBody, ReplacesPasswordsAtAnyDepth) {
  EXPECT_EQ(RedactBody(R"({"userName":"a","password":"hunter2"})"),
            R"({"userName":"a","password":"[redacted]"})");
  EXPECT_EQ(RedactBody(R"({"Operations":[{"op":"replace","value":{"PassWord":"x"}}]})"),
            R"({"Operations":[{"op":"replace","value":{"PassWord":"[redacted]"}}]})");
  EXPECT_EQ(RedactBody(R"({"password":{"nested":"secret"}})"), R"({"password":"[redacted]"})");
}

TEST(RedactBody, ReplacesBearerTokens) {
  EXPECT_EQ(RedactBody(R"({"detail":"bearer abc.def"})"), R"({"detail":"Bearer [redacted]"})");
  EXPECT_EQ(RedactBody(R"(["Bearer"])"), R"(["Bearer"])");
}

TEST(RedactBody, KeepsOtherBodies) {
  EXPECT_EQ(RedactBody(""), "");
  EXPECT_EQ(RedactBody("not json"), "not json");
  EXPECT_EQ(RedactBody(R"({"passwords":1})"), R"({"passwords":1})");
}

TEST(RedactBody, CutsLongBodies) {
  std::string body = "\"" + std::string(kMaxLoggedBody * 2, 'a') + "\"";
  std::string logged = RedactBody(body);
  EXPECT_LT(logged.size(), kMaxLoggedBody + 16);
  EXPECT_NE(logged.find("[cut]"), std::string::npos);
}

}  // namespace
}  // namespace scimd::api
