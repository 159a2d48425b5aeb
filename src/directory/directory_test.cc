#include "directory/directory.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>

#include "storage/sqlite/sqlite_store.h"

namespace scimd::directory {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::seconds;

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
  EXPECT_TRUE(Authenticate(record, "Bearer s3cret", 0).ok());
  EXPECT_TRUE(Authenticate(record, "bearer s3cret", 0).ok());
  EXPECT_EQ(Authenticate(record, "Bearer s3cre", 0).code(), Code::kUnauthorized);
  EXPECT_EQ(Authenticate(record, "Basic s3cret", 0).code(), Code::kUnauthorized);
  EXPECT_EQ(Authenticate(record, "non-token", 0).code(), Code::kUnauthorized);
  EXPECT_EQ(Authenticate(record, "", 0).code(), Code::kUnauthorized);
  EXPECT_EQ(Authenticate(record, "Bearer ", 0).code(), Code::kUnauthorized);
}

TEST(Directory, AuthenticateAcceptsThePreviousSecretOnlyBeforeItsExpiry) {
  storage::DirectoryRecord record;
  record.secret_hash = HashSecret("new");
  record.previous_secret_hash = HashSecret("old");
  record.previous_secret_expires_ms = 1000;
  EXPECT_TRUE(Authenticate(record, "Bearer new", 0).ok());
  EXPECT_TRUE(Authenticate(record, "Bearer old", 0).ok());
  EXPECT_TRUE(Authenticate(record, "Bearer old", 999).ok());
  EXPECT_EQ(Authenticate(record, "Bearer old", 1000).code(), Code::kUnauthorized);
  EXPECT_EQ(Authenticate(record, "Bearer old", 5000).code(), Code::kUnauthorized);
  EXPECT_TRUE(Authenticate(record, "Bearer new", 5000).ok());
  EXPECT_EQ(Authenticate(record, "Bearer other", 0).code(), Code::kUnauthorized);
  EXPECT_TRUE(PreviousSecretValid(record, 999));
  EXPECT_FALSE(PreviousSecretValid(record, 1000));
}

TEST(Directory, AuthenticateIgnoresAnExpiryWithoutAPreviousHash) {
  storage::DirectoryRecord record;
  record.secret_hash = HashSecret("new");
  record.previous_secret_expires_ms = 1000;
  EXPECT_FALSE(PreviousSecretValid(record, 0));
  EXPECT_EQ(Authenticate(record, "Bearer ", 0).code(), Code::kUnauthorized);
  EXPECT_EQ(Authenticate(record, "Bearer x", 0).code(), Code::kUnauthorized);
}

// RotateSecret against a real store, with a clock the test moves.
class RotateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "scimd-rotate-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    folder_ = pattern;
    auto store = storage::sqlite::SqliteStore::Open((folder_ / "store.db").string());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    Result<NewDirectory> added = AddDirectory(*store_, "Dir", "generic", clock_);
    ASSERT_TRUE(added.ok()) << added.status().ToString();
    id_ = added->record.id;
    first_ = added->secret;
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(folder_);
  }

  // Whether `secret` opens the directory as stored now, at the clock's time.
  bool Opens(const std::string& secret) {
    Result<storage::DirectoryRecord> record = store_->GetDirectory(id_);
    EXPECT_TRUE(record.ok()) << record.status().ToString();
    return record.ok() && Authenticate(*record, "Bearer " + secret, now_ms_).ok();
  }

  Result<RotatedSecret> Rotate(milliseconds grace) {
    return RotateSecret(*store_, id_, grace, clock_);
  }

  int64_t now_ms_ = 1'000'000;
  NowMs clock_ = [this] { return now_ms_; };
  std::filesystem::path folder_;
  std::unique_ptr<storage::ResourceStore> store_;
  std::string id_;
  std::string first_;
};

TEST_F(RotateTest, WithoutGraceTheOldSecretStopsAtOnce) {
  Result<RotatedSecret> rotated = Rotate(milliseconds(0));
  ASSERT_TRUE(rotated.ok()) << rotated.status().ToString();
  EXPECT_EQ(rotated->previous_expires_ms, 0);
  EXPECT_NE(rotated->secret, first_);
  EXPECT_TRUE(Opens(rotated->secret));
  EXPECT_FALSE(Opens(first_));
  Result<storage::DirectoryRecord> record = store_->GetDirectory(id_);
  ASSERT_TRUE(record.ok());
  EXPECT_EQ(record->previous_secret_hash, "");
  EXPECT_EQ(record->previous_secret_expires_ms, 0);
}

TEST_F(RotateTest, WithGraceTheOldSecretWorksUntilTheExpiry) {
  Result<RotatedSecret> rotated = Rotate(seconds(30));
  ASSERT_TRUE(rotated.ok()) << rotated.status().ToString();
  EXPECT_EQ(rotated->previous_expires_ms, now_ms_ + 30'000);
  EXPECT_TRUE(Opens(rotated->secret));
  EXPECT_TRUE(Opens(first_));
  now_ms_ += 29'999;
  EXPECT_TRUE(Opens(first_));
  now_ms_ += 1;  // exactly at the expiry
  EXPECT_FALSE(Opens(first_));
  EXPECT_TRUE(Opens(rotated->secret));
  now_ms_ += 3'600'000;
  EXPECT_FALSE(Opens(first_));
  EXPECT_TRUE(Opens(rotated->secret));
}

TEST_F(RotateTest, ASecondRotationWithinTheGraceReplacesThePreviousSecret) {
  Result<RotatedSecret> second = Rotate(hours(1));
  ASSERT_TRUE(second.ok());
  now_ms_ += 60'000;
  Result<RotatedSecret> third = Rotate(seconds(10));
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->previous_expires_ms, now_ms_ + 10'000);
  EXPECT_FALSE(Opens(first_));  // dropped although its hour had not passed
  EXPECT_TRUE(Opens(second->secret));
  EXPECT_TRUE(Opens(third->secret));
  now_ms_ += 10'000;
  EXPECT_FALSE(Opens(second->secret));
  EXPECT_TRUE(Opens(third->secret));
}

TEST_F(RotateTest, RotatingWithoutGraceEndsARunningGracePeriod) {
  Result<RotatedSecret> second = Rotate(hours(1));
  ASSERT_TRUE(second.ok());
  Result<RotatedSecret> third = Rotate(milliseconds(0));
  ASSERT_TRUE(third.ok());
  EXPECT_FALSE(Opens(first_));
  EXPECT_FALSE(Opens(second->secret));
  EXPECT_TRUE(Opens(third->secret));
}

TEST_F(RotateTest, GraceIsBoundedAndTheDirectoryMustExist) {
  EXPECT_EQ(Rotate(kMaxGrace + milliseconds(1)).status().code(), Code::kInvalidValue);
  EXPECT_EQ(Rotate(milliseconds(-1)).status().code(), Code::kInvalidValue);
  EXPECT_TRUE(Opens(first_));  // a refused rotation changes nothing
  EXPECT_TRUE(Rotate(kMaxGrace).ok());
  EXPECT_EQ(RotateSecret(*store_, "nosuchdirect", seconds(1), clock_).status().code(),
            Code::kNotFound);
}

TEST_F(RotateTest, RemovingTheDirectoryEndsBothSecrets) {
  Result<RotatedSecret> rotated = Rotate(hours(1));
  ASSERT_TRUE(rotated.ok());
  ASSERT_TRUE(store_->DeleteDirectory(id_).ok());
  EXPECT_EQ(store_->GetDirectory(id_).status().code(), Code::kNotFound);
}

TEST_F(RotateTest, OtherChangesKeepThePreviousSecret) {
  Result<RotatedSecret> rotated = Rotate(hours(1));
  ASSERT_TRUE(rotated.ok());
  Result<storage::DirectoryRecord> record = store_->GetDirectory(id_);
  ASSERT_TRUE(record.ok());
  record->name = "Renamed";
  ASSERT_TRUE(store_->UpdateDirectory(*record).ok());
  EXPECT_TRUE(Opens(first_));
  EXPECT_TRUE(Opens(rotated->secret));
}

TEST(Directory, IdpsAreTheSupportedSix) {
  EXPECT_TRUE(IsKnownIdp("onelogin"));
  EXPECT_TRUE(IsKnownIdp("generic"));
  EXPECT_FALSE(IsKnownIdp("OneLogin"));
  EXPECT_FALSE(IsKnownIdp(""));
}

}  // namespace
}  // namespace scimd::directory
