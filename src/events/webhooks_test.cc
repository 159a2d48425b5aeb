#include "events/webhooks.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "storage/sqlite/sqlite_store.h"

namespace scimd::events {
namespace {

namespace fs = std::filesystem;
constexpr const char* kDir = "aaaaaaaaaaaa";

class AddWebhookTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "scimd-addhook-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    folder_ = pattern;
    auto store = storage::sqlite::SqliteStore::Open((folder_ / "store.db").string());
    ASSERT_TRUE(store.ok());
    store_ = std::move(store).value();
    storage::DirectoryRecord directory{kDir, "Dir", "generic", std::string(64, 'a'), {}, 1};
    ASSERT_TRUE(store_->CreateDirectory(directory).ok());
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(folder_);
  }

  fs::path folder_;
  std::unique_ptr<storage::ResourceStore> store_;
};

TEST_F(AddWebhookTest, MakesIdAndSecretAndStoresIt) {
  auto added = AddWebhook(*store_, kDir, "http://127.0.0.1:8080/in", {"user.created"}, "", 42);
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  EXPECT_EQ(added->id.size(), 12u);
  EXPECT_EQ(added->secret.size(), 32u);
  EXPECT_EQ(added->created_ms, 42);
  auto stored = store_->GetWebhook(kDir, added->id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->secret, added->secret);
  boost::json::object json = WebhookJson(*stored, true);
  EXPECT_FALSE(json.contains("secret"));
  EXPECT_EQ(json.at("delivered_seq").as_int64(), 0);
  EXPECT_EQ(json.at("state").as_string(), "active");
  EXPECT_FALSE(WebhookJson(*stored, false).contains("failures"));
}

TEST_F(AddWebhookTest, KeepsAGivenSecret) {
  auto added = AddWebhook(*store_, kDir, "http://h/", {}, "mine", 1);
  ASSERT_TRUE(added.ok());
  EXPECT_EQ(added->secret, "mine");
}

TEST_F(AddWebhookTest, RejectsBadInput) {
  EXPECT_EQ(AddWebhook(*store_, kDir, "https://h/", {}, "", 1).status().code(),
            Code::kInvalidValue);
  EXPECT_EQ(AddWebhook(*store_, kDir, "http://h/", {""}, "", 1).status().code(),
            Code::kInvalidValue);
  EXPECT_EQ(AddWebhook(*store_, "zzzzzzzzzzzz", "http://h/", {}, "", 1).status().code(),
            Code::kNotFound);
  EXPECT_TRUE(store_->ListWebhooks(kDir)->empty());
}

}  // namespace
}  // namespace scimd::events
