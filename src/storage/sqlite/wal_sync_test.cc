// Group commit: every ticket is acknowledged only after a sync that started
// after it was issued; one sync covers every commit made before it started;
// a failed sync fails its waiters and everything after it.
#include "storage/sqlite/wal_sync.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <future>
#include <string>
#include <thread>
#include <vector>

namespace scimd::storage::sqlite {
namespace {

namespace fs = std::filesystem;

TEST(WalSyncTest, ManyThreadsAreAcknowledgedOnlyAfterACoveringSync) {
  // covered: the highest ticket issued when the latest successful sync began.
  std::atomic<uint64_t> covered{0};
  WalSync* self = nullptr;
  WalSync wal_sync([&]() -> Status {
    uint64_t start = self->Committed();
    std::this_thread::yield();
    uint64_t prev = covered.load();
    while (prev < start && !covered.compare_exchange_weak(prev, start)) {
    }
    return Status::Ok();
  });
  self = &wal_sync;
  constexpr int kThreads = 8;
  constexpr int kCommitsPerThread = 200;
  std::mutex writer_mu;  // stands in for the store's writer mutex
  std::atomic<int> violations{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kCommitsPerThread; ++i) {
        uint64_t ticket;
        {
          std::lock_guard<std::mutex> lock(writer_mu);
          ticket = wal_sync.NoteCommit();
        }
        Status status = wal_sync.WaitDurable(ticket);
        if (!status.ok() || covered.load() < ticket) violations.fetch_add(1);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(violations.load(), 0);
  EXPECT_EQ(wal_sync.Committed(), uint64_t{kThreads * kCommitsPerThread});
  EXPECT_EQ(wal_sync.Synced(), wal_sync.Committed());
  EXPECT_LE(wal_sync.Syncs(), wal_sync.Committed());
}

TEST(WalSyncTest, OneSyncCoversEveryCommitMadeWhileThePreviousRan) {
  std::promise<void> release_first;
  std::shared_future<void> first_may_finish = release_first.get_future().share();
  std::promise<void> first_started;
  std::atomic<int> calls{0};
  WalSync wal_sync([&]() -> Status {
    if (calls.fetch_add(1) == 0) {
      first_started.set_value();
      first_may_finish.wait();
    }
    return Status::Ok();
  });
  uint64_t t1 = wal_sync.NoteCommit();
  auto w1 = std::async(std::launch::async, [&] { return wal_sync.WaitDurable(t1); });
  first_started.get_future().wait();
  // Committed while the first sync runs: it must not cover them.
  uint64_t t2 = wal_sync.NoteCommit();
  uint64_t t3 = wal_sync.NoteCommit();
  auto w2 = std::async(std::launch::async, [&] { return wal_sync.WaitDurable(t2); });
  auto w3 = std::async(std::launch::async, [&] { return wal_sync.WaitDurable(t3); });
  release_first.set_value();
  EXPECT_TRUE(w1.get().ok());
  EXPECT_TRUE(w2.get().ok());
  EXPECT_TRUE(w3.get().ok());
  // The first sync covered t1 only; one more covered t2 and t3 together.
  EXPECT_EQ(calls.load(), 2);
  EXPECT_EQ(wal_sync.Synced(), 3u);
}

TEST(WalSyncTest, AnAlreadySyncedTicketReturnsWithoutSyncing) {
  std::atomic<int> calls{0};
  WalSync wal_sync([&]() -> Status {
    calls.fetch_add(1);
    return Status::Ok();
  });
  uint64_t t1 = wal_sync.NoteCommit();
  ASSERT_TRUE(wal_sync.WaitDurable(t1).ok());
  ASSERT_TRUE(wal_sync.WaitDurable(t1).ok());
  EXPECT_EQ(calls.load(), 1);
}

TEST(WalSyncTest, AFailedSyncFailsItsWaitersAndEveryLaterOne) {
  bool fail = false;
  WalSync wal_sync([&]() -> Status {
    if (fail) return Unavailable("fdatasync of x-wal: Input/output error");
    return Status::Ok();
  });
  uint64_t before = wal_sync.NoteCommit();
  ASSERT_TRUE(wal_sync.WaitDurable(before).ok());
  EXPECT_TRUE(wal_sync.Failure().ok());

  fail = true;
  uint64_t covered = wal_sync.NoteCommit();
  Status status = wal_sync.WaitDurable(covered);
  EXPECT_EQ(status.code(), Code::kUnavailable);
  EXPECT_NE(status.detail().find("Input/output error"), std::string::npos) << status.detail();

  // Pages dropped by the failed sync cannot be recovered by a later one.
  fail = false;
  uint64_t later = wal_sync.NoteCommit();
  EXPECT_EQ(wal_sync.WaitDurable(later).code(), Code::kUnavailable);
  EXPECT_EQ(wal_sync.Failure().code(), Code::kUnavailable);
  // What was synced before the failure stays acknowledged.
  EXPECT_TRUE(wal_sync.WaitDurable(before).ok());
}

TEST(WalSyncTest, AFailedSyncFailsEveryConcurrentWaiter) {
  WalSync wal_sync([]() -> Status { return Unavailable("disk gone"); });
  std::vector<std::future<Status>> waiters;
  for (int i = 0; i < 6; ++i) {
    uint64_t ticket = wal_sync.NoteCommit();
    waiters.push_back(std::async(std::launch::async,
                                 [&wal_sync, ticket] { return wal_sync.WaitDurable(ticket); }));
  }
  for (auto& waiter : waiters) EXPECT_EQ(waiter.get().code(), Code::kUnavailable);
  EXPECT_EQ(wal_sync.Synced(), 0u);
}

TEST(WalSyncTest, OpenSyncsARealFileAndRejectsAMissingOne) {
  std::string pattern = (fs::temp_directory_path() / "scimd-walsync-XXXXXX").string();
  ASSERT_NE(mkdtemp(pattern.data()), nullptr);
  fs::path folder = pattern;
  EXPECT_EQ(WalSync::Open((folder / "missing-wal").string()).status().code(), Code::kUnavailable);
  std::ofstream(folder / "db-wal") << "frames";
  Result<std::unique_ptr<WalSync>> wal_sync = WalSync::Open((folder / "db-wal").string());
  ASSERT_TRUE(wal_sync.ok()) << wal_sync.status().ToString();
  uint64_t ticket = (*wal_sync)->NoteCommit();
  EXPECT_TRUE((*wal_sync)->WaitDurable(ticket).ok());
  EXPECT_EQ((*wal_sync)->Syncs(), 1u);
  fs::remove_all(folder);
}

}  // namespace
}  // namespace scimd::storage::sqlite
