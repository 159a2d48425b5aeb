#include "admin/admin_tokens.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "common/crypto.h"
#include "storage/sqlite/sqlite_store.h"

namespace scimd::admin {
namespace {

namespace fs = std::filesystem;

class AdminTokensTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "scimd-tokens-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    folder_ = pattern;
    auto store = storage::sqlite::SqliteStore::Open((folder_ / "t.db").string());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(folder_);
  }

  fs::path folder_;
  std::unique_ptr<storage::ResourceStore> store_;
  int64_t now_ = 1'000'000;
  NowMs clock_ = [this] { return now_; };
};

TEST_F(AdminTokensTest, InitialTokenOnlyOnAnEmptyStore) {
  auto first = EnsureInitialAdminToken(*store_, clock_);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(first->has_value());
  EXPECT_EQ((*first)->record.name, "initial");
  EXPECT_TRUE((*first)->token.starts_with("scimd_admin_"));
  auto second = EnsureInitialAdminToken(*store_, clock_);
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(second->has_value());
}

TEST_F(AdminTokensTest, StoresOnlyTheHash) {
  auto created = CreateAdminToken(*store_, "ci", clock_);
  ASSERT_TRUE(created.ok());
  auto tokens = store_->ListAdminTokens();
  ASSERT_EQ(tokens->size(), 1u);
  EXPECT_EQ((*tokens)[0].token_hash, Sha256Hex(created->token));
  EXPECT_EQ((*tokens)[0].token_hash.find(created->token), std::string::npos);
}

TEST_F(AdminTokensTest, AuthenticatesBearerAndRecordsUse) {
  auto created = CreateAdminToken(*store_, "", clock_);
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created->record.name, "admin");
  now_ += 120'000;
  auto who = AuthenticateAdmin(*store_, "bearer  " + created->token + " ", clock_);
  ASSERT_TRUE(who.ok()) << who.status().ToString();
  EXPECT_EQ(who->id, created->record.id);
  EXPECT_EQ((*store_->ListAdminTokens())[0].last_used_ms, now_);
}

TEST_F(AdminTokensTest, RefusesWrongMissingAndRevokedTokens) {
  auto created = CreateAdminToken(*store_, "x", clock_);
  ASSERT_TRUE(created.ok());
  for (std::string header : {std::string(), std::string("Bearer "), "Basic " + created->token,
                             "Bearer " + created->token + "x", created->token}) {
    EXPECT_EQ(AuthenticateAdmin(*store_, header, clock_).status().code(), Code::kUnauthorized)
        << header;
  }
  ASSERT_TRUE(store_->DeleteAdminToken(created->record.id).ok());
  EXPECT_EQ(AuthenticateAdmin(*store_, "Bearer " + created->token, clock_).status().code(),
            Code::kUnauthorized);
}

}  // namespace
}  // namespace scimd::admin
