#include "events/webhook_worker.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <filesystem>

#include "events/signature.h"
#include "storage/sqlite/sqlite_store.h"

namespace scimd::events {
namespace {

namespace fs = std::filesystem;
constexpr const char* kDir = "aaaaaaaaaaaa";
constexpr const char* kHook = "hhhhhhhhhhhh";

struct Sent {
  std::string url;
  Headers headers;
  std::string body;
};

class WebhookWorkerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "scimd-hooks-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    folder_ = pattern;
    auto store = storage::sqlite::SqliteStore::Open((folder_ / "store.db").string());
    ASSERT_TRUE(store.ok());
    store_ = std::move(store).value();
    storage::DirectoryRecord directory{kDir, "Dir", "generic", std::string(64, 'a'), {}, 1};
    ASSERT_TRUE(store_->CreateDirectory(directory).ok());
    options_.now_ms = [this] { return now_; };
    options_.retry_base = std::chrono::milliseconds(100);
    options_.retry_cap = std::chrono::milliseconds(1000);
    options_.max_failures = 3;
    options_.owner = "node-a";
    options_.post = [this](const std::string& url, const Headers& headers, std::string_view body,
                           std::chrono::milliseconds) -> Result<http::ClientResponse> {
      sent_.push_back({url, headers, std::string(body)});
      if (fail_next_ > 0) {
        --fail_next_;
        return http::ClientResponse{500, {}, ""};
      }
      return http::ClientResponse{204, {}, ""};
    };
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(folder_);
  }

  void AddUser(const std::string& id) {
    storage::Resource user;
    user.id = id;
    user.attributes["userName"] = "user-" + id;
    ASSERT_TRUE(store_->Create(kDir, user, {}).ok());
  }
  void AddHook(std::vector<std::string> types = {}) {
    storage::WebhookRecord webhook;
    webhook.id = kHook;
    webhook.directory_id = kDir;
    webhook.url = "http://receiver/hook";
    webhook.event_types = std::move(types);
    webhook.secret = "k";
    ASSERT_TRUE(store_->CreateWebhook(webhook).ok());
  }
  storage::WebhookRecord Hook() { return store_->GetWebhook(kDir, kHook).value(); }
  static std::string HeaderOf(const Sent& sent, const std::string& name) {
    for (const auto& [key, value] : sent.headers) {
      if (key == name) return value;
    }
    return "";
  }

  fs::path folder_;
  std::unique_ptr<storage::ResourceStore> store_;
  WebhookOptions options_;
  int64_t now_ = 1'000'000;
  int fail_next_ = 0;
  std::vector<Sent> sent_;
};

TEST_F(WebhookWorkerTest, DeliversInOrderSignedAndAdvancesTheCursor) {
  AddHook();
  AddUser("u1");
  AddUser("u2");
  auto delivered = DeliverDue(*store_, options_);
  ASSERT_TRUE(delivered.ok()) << delivered.status().ToString();
  EXPECT_EQ(*delivered, 2);
  ASSERT_EQ(sent_.size(), 2u);
  for (size_t i = 0; i < sent_.size(); ++i) {
    boost::json::value event = boost::json::parse(sent_[i].body);
    EXPECT_EQ(event.at("seq").as_int64(), static_cast<int64_t>(i + 1));
    EXPECT_EQ(HeaderOf(sent_[i], "X-Scimd-Event-Id"),
              std::string(kDir) + ":" + std::to_string(i + 1));
    EXPECT_TRUE(
        VerifySignature("k", HeaderOf(sent_[i], "X-Scimd-Signature"), sent_[i].body, now_ / 1000)
            .ok());
  }
  EXPECT_EQ(Hook().delivered_seq, 2);
  EXPECT_EQ(Hook().last_status, 204);
  // Nothing new: nothing sent.
  EXPECT_EQ(*DeliverDue(*store_, options_), 0);
  EXPECT_EQ(sent_.size(), 2u);
}

TEST_F(WebhookWorkerTest, FiltersByTypeButAdvancesPastSkippedEvents) {
  AddHook({"user.deleted"});
  AddUser("u1");
  ASSERT_TRUE(store_->Delete(kDir, storage::ResourceKind::kUser, "u1").ok());
  EXPECT_EQ(*DeliverDue(*store_, options_), 1);
  ASSERT_EQ(sent_.size(), 1u);
  EXPECT_EQ(boost::json::parse(sent_[0].body).at("type").as_string(), "user.deleted");
  EXPECT_EQ(Hook().delivered_seq, 2);
}

TEST_F(WebhookWorkerTest, FailureBacksOffThenRetriesTheSameEvent) {
  AddHook();
  AddUser("u1");
  AddUser("u2");
  fail_next_ = 1;
  EXPECT_EQ(*DeliverDue(*store_, options_), 0);
  storage::WebhookRecord hook = Hook();
  EXPECT_EQ(hook.failures, 1);
  EXPECT_EQ(hook.delivered_seq, 0);
  EXPECT_EQ(hook.last_status, 500);
  EXPECT_EQ(hook.last_error, "HTTP 500");
  EXPECT_GE(hook.next_attempt_ms, now_ + 80);
  EXPECT_LE(hook.next_attempt_ms, now_ + 120);
  // Not due yet.
  EXPECT_EQ(*DeliverDue(*store_, options_), 0);
  EXPECT_EQ(sent_.size(), 1u);
  now_ += 200;
  EXPECT_EQ(*DeliverDue(*store_, options_), 2);
  ASSERT_EQ(sent_.size(), 3u);
  EXPECT_EQ(sent_[1].body, sent_[0].body);
  EXPECT_EQ(Hook().failures, 0);
  EXPECT_EQ(Hook().delivered_seq, 2);
}

TEST_F(WebhookWorkerTest, DeadAfterMaxFailures) {
  AddHook();
  AddUser("u1");
  fail_next_ = 100;
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(DeliverDue(*store_, options_).ok());
    now_ += 10'000;
  }
  EXPECT_EQ(sent_.size(), 3u);
  EXPECT_EQ(Hook().state, "dead");
  EXPECT_EQ(Hook().failures, 3);
}

TEST_F(WebhookWorkerTest, LeasedElsewhereIsSkipped) {
  AddHook();
  AddUser("u1");
  ASSERT_TRUE(*store_->LeaseWebhook(kHook, "node-b", now_, now_ + 5000));
  EXPECT_EQ(*DeliverDue(*store_, options_), 0);
  EXPECT_TRUE(sent_.empty());
}

TEST_F(WebhookWorkerTest, StopEndsTheRoundAndKeepsProgress) {
  AddHook();
  AddUser("u1");
  AddUser("u2");
  EXPECT_EQ(*DeliverDue(*store_, options_, [this] { return sent_.size() >= 1; }), 1);
  EXPECT_EQ(Hook().delivered_seq, 1);
  EXPECT_EQ(Hook().lease_until_ms, 0);
}

TEST(RetryDelayTest, DoublesUpToTheCapWithJitter) {
  WebhookOptions options;
  options.retry_base = std::chrono::milliseconds(100);
  options.retry_cap = std::chrono::milliseconds(1000);
  EXPECT_EQ(RetryDelayMs(options, 1, 0), 100);
  EXPECT_EQ(RetryDelayMs(options, 2, 0), 200);
  EXPECT_EQ(RetryDelayMs(options, 4, 0), 800);
  EXPECT_EQ(RetryDelayMs(options, 5, 0), 1000);
  EXPECT_EQ(RetryDelayMs(options, 60, 0), 1000);
  EXPECT_EQ(RetryDelayMs(options, 1, 1.0), 120);
  EXPECT_EQ(RetryDelayMs(options, 1, -1.0), 80);
}

}  // namespace
}  // namespace scimd::events
