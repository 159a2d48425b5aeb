// Webhook subscriptions on every backend (SQLite; PostgreSQL when
// SCIMD_TEST_POSTGRES_URL names a server): CRUD, due selection, the
// conditional lease and progress written only by the lease holder.
#include <gtest/gtest.h>
#include <unistd.h>

#include <thread>

#include "storage/resource_store.h"
#include "storage/store_test_fixture.h"

namespace scimd::storage {
namespace {

class WebhookStoreTest : public testing::StoreWithDirectoryTest {
 protected:
  WebhookRecord Hook(const std::string& id, int64_t created_ms) {
    WebhookRecord webhook;
    webhook.id = id;
    webhook.directory_id = kDir;
    webhook.url = "http://127.0.0.1:9/" + id;
    webhook.event_types = {"user.created", "group.updated"};
    webhook.secret = "s3cret";
    webhook.created_ms = created_ms;
    return webhook;
  }
};

TEST_P(WebhookStoreTest, CreateListGetDelete) {
  ASSERT_TRUE(store_->CreateWebhook(Hook("bbbbbbbbbbbb", 2)).ok());
  ASSERT_TRUE(store_->CreateWebhook(Hook("cccccccccccc", 1)).ok());
  EXPECT_EQ(store_->CreateWebhook(Hook("cccccccccccc", 3)).code(), Code::kUniqueness);
  WebhookRecord orphan = Hook("dddddddddddd", 1);
  orphan.directory_id = "zzzzzzzzzzzz";
  EXPECT_EQ(store_->CreateWebhook(orphan).code(), Code::kNotFound);

  auto list = store_->ListWebhooks(kDir);
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].id, "cccccccccccc");
  EXPECT_EQ((*list)[0].event_types, (std::vector<std::string>{"user.created", "group.updated"}));
  EXPECT_EQ((*list)[0].state, "active");
  EXPECT_EQ(store_->ListWebhooks("zzzzzzzzzzzz").status().code(), Code::kNotFound);

  auto one = store_->GetWebhook(kDir, "bbbbbbbbbbbb");
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->secret, "s3cret");
  EXPECT_EQ(store_->GetWebhook(kDir, "nonexistent1").status().code(), Code::kNotFound);

  ASSERT_TRUE(store_->DeleteWebhook(kDir, "bbbbbbbbbbbb").ok());
  EXPECT_EQ(store_->DeleteWebhook(kDir, "bbbbbbbbbbbb").code(), Code::kNotFound);
  EXPECT_EQ(store_->ListWebhooks(kDir)->size(), 1u);
}

TEST_P(WebhookStoreTest, LeaseIsExclusiveUntilExpiryAndFinishReleasesIt) {
  ASSERT_TRUE(store_->CreateWebhook(Hook("bbbbbbbbbbbb", 1)).ok());
  EXPECT_EQ(store_->DueWebhooks(100)->size(), 1u);
  EXPECT_TRUE(*store_->LeaseWebhook("bbbbbbbbbbbb", "node-a", 100, 200));
  EXPECT_FALSE(*store_->LeaseWebhook("bbbbbbbbbbbb", "node-b", 150, 250));
  EXPECT_TRUE(store_->DueWebhooks(150)->empty());
  // Past its expiry another node takes the lease; the first can no longer write.
  EXPECT_TRUE(*store_->LeaseWebhook("bbbbbbbbbbbb", "node-b", 201, 300));
  WebhookProgress progress;
  progress.delivered_seq = 7;
  progress.failures = 2;
  progress.next_attempt_ms = 500;
  progress.last_status = 503;
  progress.last_error = "HTTP 503";
  EXPECT_FALSE(*store_->FinishWebhook("bbbbbbbbbbbb", "node-a", progress));
  EXPECT_TRUE(*store_->FinishWebhook("bbbbbbbbbbbb", "node-b", progress));
  auto stored = store_->GetWebhook(kDir, "bbbbbbbbbbbb");
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->delivered_seq, 7);
  EXPECT_EQ(stored->failures, 2);
  EXPECT_EQ(stored->last_status, 503);
  EXPECT_EQ(stored->last_error, "HTTP 503");
  EXPECT_EQ(stored->lease_until_ms, 0);
  // Not due before its next attempt.
  EXPECT_TRUE(store_->DueWebhooks(499)->empty());
  EXPECT_EQ(store_->DueWebhooks(500)->size(), 1u);
}

TEST_P(WebhookStoreTest, DeadSubscriptionIsNeverDueNorLeased) {
  ASSERT_TRUE(store_->CreateWebhook(Hook("bbbbbbbbbbbb", 1)).ok());
  ASSERT_TRUE(*store_->LeaseWebhook("bbbbbbbbbbbb", "node-a", 1, 2));
  WebhookProgress progress;
  progress.state = "dead";
  ASSERT_TRUE(*store_->FinishWebhook("bbbbbbbbbbbb", "node-a", progress));
  EXPECT_TRUE(store_->DueWebhooks(1000)->empty());
  EXPECT_FALSE(*store_->LeaseWebhook("bbbbbbbbbbbb", "node-a", 1000, 2000));
}

TEST_P(WebhookStoreTest, DeletingTheDirectoryRemovesItsWebhooks) {
  ASSERT_TRUE(store_->CreateWebhook(Hook("bbbbbbbbbbbb", 1)).ok());
  ASSERT_TRUE(store_->DeleteDirectory(kDir).ok());
  EXPECT_TRUE(store_->DueWebhooks(1000)->empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, WebhookStoreTest,
                         ::testing::ValuesIn(testing::TestBackends("webhooks_")),
                         testing::BackendName);

}  // namespace
}  // namespace scimd::storage
