#include <gtest/gtest.h>

#include <set>

#include "common/crypto.h"
#include "common/random.h"
#include "common/status.h"

namespace scimd {
namespace {

TEST(Status, MapsEveryScimErrorToItsHttpStatusAndType) {
  EXPECT_EQ(HttpStatusOf(Code::kInvalidFilter), 400);
  EXPECT_EQ(ScimTypeOf(Code::kInvalidFilter), "invalidFilter");
  EXPECT_EQ(HttpStatusOf(Code::kUniqueness), 409);
  EXPECT_EQ(ScimTypeOf(Code::kUniqueness), "uniqueness");
  EXPECT_EQ(ScimTypeOf(Code::kInvalidVersion), "invalidVers");
  EXPECT_EQ(HttpStatusOf(Code::kNotFound), 404);
  EXPECT_EQ(ScimTypeOf(Code::kNotFound), "");
  EXPECT_EQ(HttpStatusOf(Code::kUnavailable), 503);
  EXPECT_EQ(Status(Code::kNotFound, "no user").ToString(), "not_found: no user");
  EXPECT_TRUE(Status().ok());
}

TEST(Result, CarriesValueOrStatus) {
  Result<int> good = 7;
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 7);
  Result<int> bad = NotFound("x");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), Code::kNotFound);
}

TEST(Random, UuidIsVersion4AndUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string id = NewUuid();
    ASSERT_EQ(id.size(), 36u);
    EXPECT_EQ(id[14], '4');
    EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos);
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 100u);
}

TEST(Random, StringUsesOnlyTheAlphabet) {
  std::string s = RandomString(500, "ab");
  EXPECT_EQ(s.size(), 500u);
  EXPECT_EQ(s.find_first_not_of("ab"), std::string::npos);
  EXPECT_NE(s.find('a'), std::string::npos);
  EXPECT_NE(s.find('b'), std::string::npos);
}

TEST(Crypto, Sha256MatchesKnownVector) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Crypto, ConstantTimeEquals) {
  EXPECT_TRUE(ConstantTimeEquals("secret", "secret"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secreT"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secrets"));
}

TEST(Crypto, Base64UrlHasNoPaddingAndUrlAlphabet) {
  EXPECT_EQ(Base64Url(""), "");
  EXPECT_EQ(Base64Url("f"), "Zg");
  EXPECT_EQ(Base64Url("fo"), "Zm8");
  EXPECT_EQ(Base64Url("foo"), "Zm9v");
  EXPECT_EQ(Base64Url("\xfb\xff"), "-_8");
}

}  // namespace
}  // namespace scimd
