// The change feed on every backend (SQLite; PostgreSQL when
// SCIMD_TEST_POSTGRES_URL names a server): every write appends its events in
// its own transaction, numbered without gaps; retention and snapshots.
#include <gtest/gtest.h>
#include <unistd.h>

#include <thread>

#include "storage/resource_store.h"
#include "storage/store_test_fixture.h"

namespace scimd::storage {
namespace {

class EventStoreTest : public testing::StoreWithDirectoryTest {
 protected:
  Resource User(const std::string& id) {
    Resource user;
    user.id = id;
    user.attributes["userName"] = "user-" + id;
    user.attributes["active"] = true;
    return user;
  }

  std::vector<EventRecord> All() {
    Result<EventPage> page = store_->ListEvents(kDir, 0, 1000);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    return page.ok() ? page->events : std::vector<EventRecord>();
  }
};

TEST_P(EventStoreTest, EveryWriteAppendsNumberedEvents) {
  {
    ScopedWriteContext context({"req-1", ""});
    ASSERT_TRUE(store_->Create(kDir, User("u1"), {}).ok());
  }
  Resource group;
  group.kind = ResourceKind::kGroup;
  group.id = "g1";
  group.attributes["displayName"] = "G";
  ASSERT_TRUE(store_->Create(kDir, group, {"u1"}).ok());
  {
    ScopedWriteContext context({"req-3", "patch"});
    ASSERT_TRUE(store_
                    ->Update(kDir, ResourceKind::kUser, "u1",
                             [](Resource& r, UpdateContext&) {
                               r.attributes["active"] = false;
                               return Status::Ok();
                             })
                    .ok());
  }
  ASSERT_TRUE(
      store_
          ->Update(kDir, ResourceKind::kGroup, "g1",
                   [](Resource&, UpdateContext& context) {
                     context.member_changes.push_back({scim::MemberChange::Kind::kRemove, {"u1"}});
                     return Status::Ok();
                   })
          .ok());
  ASSERT_TRUE(store_->Delete(kDir, ResourceKind::kUser, "u1").ok());

  std::vector<EventRecord> events = All();
  std::vector<std::string> types;
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].seq, static_cast<int64_t>(i + 1));
    types.push_back(events[i].type);
  }
  EXPECT_EQ(types,
            (std::vector<std::string>{"user.created", "group.created", "group.member_added",
                                      "user.deactivated", "group.member_removed", "user.deleted"}));
  EXPECT_EQ(events[0].request_id, "req-1");
  EXPECT_EQ(events[0].resource_type, "User");
  EXPECT_EQ(events[3].request_id, "req-3");
  EXPECT_EQ(events[3].detail.at("changed").as_array(), (boost::json::array{"active"}));
  EXPECT_EQ(events[3].detail.at("values").at("active"), false);
  EXPECT_EQ(events[2].detail.at("members").as_array(), (boost::json::array{"u1"}));
}

TEST_P(EventStoreTest, AFailedWriteLeavesNoEvent) {
  ASSERT_TRUE(store_->Create(kDir, User("u1"), {}).ok());
  EXPECT_EQ(store_->Create(kDir, User("u1"), {}).status().code(), Code::kUniqueness);
  EXPECT_FALSE(store_
                   ->Update(kDir, ResourceKind::kUser, "u1",
                            [](Resource&, UpdateContext&) { return InvalidValue("no"); })
                   .ok());
  ASSERT_TRUE(store_->Create(kDir, User("u2"), {}).ok());
  std::vector<EventRecord> events = All();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].seq, 2);
  EXPECT_EQ(events[1].resource_id, "u2");
}

TEST_P(EventStoreTest, ImportAndDirectoryChangesAreEvents) {
  Resource group;
  group.kind = ResourceKind::kGroup;
  group.id = "g1";
  group.attributes["displayName"] = "G";
  ASSERT_TRUE(
      store_->Import(kDir, {User("u1"), User("u2"), group}, {{"g1", "u1"}, {"g1", "u2"}}).ok());
  Result<DirectoryRecord> directory = store_->GetDirectory(kDir);
  ASSERT_TRUE(directory.ok());
  directory->secret_hash = std::string(64, 'b');
  directory->settings["mode"] = "strict";
  ASSERT_TRUE(store_->UpdateDirectory(*directory).ok());
  std::vector<std::string> types;
  for (const EventRecord& event : All()) types.push_back(event.type);
  EXPECT_EQ(types, (std::vector<std::string>{"user.created", "user.created", "group.created",
                                             "group.member_added", "directory.settings_changed",
                                             "directory.secret_rotated"}));
}

TEST_P(EventStoreTest, ConcurrentWritersGetGapFreeNumbers) {
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([this, t] {
      for (int i = 0; i < 10; ++i) {
        EXPECT_TRUE(
            store_->Create(kDir, User(std::to_string(t) + "-" + std::to_string(i)), {}).ok());
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  std::vector<EventRecord> events = All();
  ASSERT_EQ(events.size(), 40u);
  for (size_t i = 0; i < events.size(); ++i) EXPECT_EQ(events[i].seq, static_cast<int64_t>(i + 1));
}

TEST_P(EventStoreTest, PruningKeepsTheNewestAndReportsHowFar) {
  for (int i = 0; i < 8; ++i) ASSERT_TRUE(store_->Create(kDir, User(std::to_string(i)), {}).ok());
  Result<int64_t> removed = store_->PruneEvents(0, 5);
  ASSERT_TRUE(removed.ok()) << removed.status().ToString();
  EXPECT_EQ(*removed, 3);
  Result<EventPage> page = store_->ListEvents(kDir, 0, 100);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->pruned_seq, 3);
  EXPECT_EQ(page->last_seq, 8);
  ASSERT_EQ(page->events.size(), 5u);
  EXPECT_EQ(page->events.front().seq, 4);
  // By age: everything older than the far future goes.
  ASSERT_TRUE(store_->PruneEvents(int64_t{1} << 60, 1000).ok());
  page = store_->ListEvents(kDir, 0, 100);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->pruned_seq, 8);
  EXPECT_TRUE(page->events.empty());
  EXPECT_EQ(store_->ListEvents("bbbbbbbbbbbb", 0, 10).status().code(), Code::kNotFound);
}

TEST_P(EventStoreTest, SnapshotPagesCarryMembersAndTheSequence) {
  ASSERT_TRUE(store_->Create(kDir, User("u1"), {}).ok());
  ASSERT_TRUE(store_->Create(kDir, User("u2"), {}).ok());
  Resource group;
  group.kind = ResourceKind::kGroup;
  group.id = "g1";
  group.attributes["displayName"] = "G";
  ASSERT_TRUE(store_->Create(kDir, group, {"u2", "u1"}).ok());
  Result<SnapshotPage> users = store_->Snapshot(kDir, ResourceKind::kUser, "", 1);
  ASSERT_TRUE(users.ok()) << users.status().ToString();
  ASSERT_EQ(users->items.size(), 1u);
  EXPECT_EQ(users->items[0].resource.id, "u1");
  EXPECT_EQ(users->seq, 4);
  users = store_->Snapshot(kDir, ResourceKind::kUser, "u1", 10);
  ASSERT_TRUE(users.ok());
  ASSERT_EQ(users->items.size(), 1u);
  EXPECT_EQ(users->items[0].resource.id, "u2");
  Result<SnapshotPage> groups = store_->Snapshot(kDir, ResourceKind::kGroup, "", 10);
  ASSERT_TRUE(groups.ok());
  ASSERT_EQ(groups->items.size(), 1u);
  EXPECT_EQ(groups->items[0].member_ids, (std::vector<std::string>{"u1", "u2"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, EventStoreTest,
                         ::testing::ValuesIn(testing::TestBackends("events_")),
                         testing::BackendName);

}  // namespace
}  // namespace scimd::storage
