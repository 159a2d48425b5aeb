#include "directory/directory.h"

#include <gtest/gtest.h>

namespace scimd::directory {
namespace {

TEST(Directory, IdIsTwelveLowercaseLettersAndDigits) {
  std::string id = NewDirectoryId();
  EXPECT_EQ(id.size(), 12u);
  EXPECT_EQ(id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789"), std::string::npos);
  EXPECT_NE(NewDirectoryId(), id);
}

TEST(Directory, SecretCarriesAtLeast256Bits) {
  std::string secret = NewSecret();
  EXPECT_EQ(secret.size(), 43u);  // 32 bytes, base64url without padding
  EXPECT_NE(NewSecret(), secret);
}

TEST(Directory, BaseUrlJoinsPublicUrlAndId) {
  EXPECT_EQ(BaseUrl("https://id.example.com/", "abc123def456"),
            "https://id.example.com/scim/abc123def456/v2");
  EXPECT_EQ(BaseUrl("http://127.0.0.1:5501", "x"), "http://127.0.0.1:5501/scim/x/v2");
}

TEST(Directory, AuthenticateAcceptsOnlyTheBearerSecret) {
  storage::DirectoryRecord record;
  record.secret_hash = HashSecret("s3cret");
  EXPECT_TRUE(Authenticate(record, "Bearer s3cret").ok());
  EXPECT_TRUE(Authenticate(record, "bearer s3cret").ok());
  EXPECT_EQ(Authenticate(record, "Bearer s3cre").code(), Code::kUnauthorized);
  EXPECT_EQ(Authenticate(record, "Basic s3cret").code(), Code::kUnauthorized);
  EXPECT_EQ(Authenticate(record, "non-token").code(), Code::kUnauthorized);
  EXPECT_EQ(Authenticate(record, "").code(), Code::kUnauthorized);
  EXPECT_EQ(Authenticate(record, "Bearer ").code(), Code::kUnauthorized);
}

TEST(Directory, IdpsAreTheSupportedSix) {
  EXPECT_TRUE(IsKnownIdp("onelogin"));
  EXPECT_TRUE(IsKnownIdp("generic"));
  EXPECT_FALSE(IsKnownIdp("OneLogin"));
  EXPECT_FALSE(IsKnownIdp(""));
}

}  // namespace
}  // namespace scimd::directory
