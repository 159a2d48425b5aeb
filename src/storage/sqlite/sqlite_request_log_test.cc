// The SQLite request log: a bounded ring per directory, newest first, gone
// with its directory.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "storage/sqlite/sqlite_store.h"

namespace scimd::storage::sqlite {
namespace {

namespace fs = std::filesystem;

class SqliteRequestLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "scimd-log-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    folder_ = pattern;
    Result<std::unique_ptr<SqliteStore>> store = SqliteStore::Open((folder_ / "s.db").string());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    for (const char* id : {"aaaaaaaaaaaa", "bbbbbbbbbbbb"}) {
      DirectoryRecord directory;
      directory.id = id;
      ASSERT_TRUE(store_->CreateDirectory(directory).ok());
    }
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(folder_);
  }

  static RequestLogEntry Entry(int n) {
    RequestLogEntry entry;
    entry.time_ms = 1000 + n;
    entry.method = "GET";
    entry.target = "/scim/x/v2/Users?n=" + std::to_string(n);
    entry.status = 200;
    entry.latency_ms = 3;
    entry.request_id = "req-" + std::to_string(n);
    entry.response_body = "{}";
    return entry;
  }

  fs::path folder_;
  std::unique_ptr<SqliteStore> store_;
};

TEST_F(SqliteRequestLogTest, ListsNewestFirstWithEveryField) {
  ASSERT_TRUE(store_->AppendRequestLog("aaaaaaaaaaaa", Entry(1), 500).ok());
  ASSERT_TRUE(store_->AppendRequestLog("aaaaaaaaaaaa", Entry(2), 500).ok());
  Result<std::vector<RequestLogEntry>> log = store_->ListRequestLog("aaaaaaaaaaaa", 10);
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  ASSERT_EQ(log->size(), 2u);
  EXPECT_EQ((*log)[0].request_id, "req-2");
  EXPECT_EQ((*log)[1].request_id, "req-1");
  EXPECT_GT((*log)[0].id, (*log)[1].id);
  EXPECT_EQ((*log)[0].time_ms, 1002);
  EXPECT_EQ((*log)[0].method, "GET");
  EXPECT_EQ((*log)[0].target, "/scim/x/v2/Users?n=2");
  EXPECT_EQ((*log)[0].status, 200);
  EXPECT_EQ((*log)[0].latency_ms, 3);
  EXPECT_EQ((*log)[0].request_body, "");
  EXPECT_EQ((*log)[0].response_body, "{}");
  EXPECT_EQ(store_->ListRequestLog("aaaaaaaaaaaa", 1)->size(), 1u);
}

TEST_F(SqliteRequestLogTest, KeepsOnlyTheNewestPerDirectory) {
  for (int n = 0; n < 12; ++n) {
    ASSERT_TRUE(store_->AppendRequestLog("aaaaaaaaaaaa", Entry(n), 5).ok());
  }
  ASSERT_TRUE(store_->AppendRequestLog("bbbbbbbbbbbb", Entry(99), 5).ok());
  Result<std::vector<RequestLogEntry>> log = store_->ListRequestLog("aaaaaaaaaaaa", 100);
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->size(), 5u);
  EXPECT_EQ(log->front().request_id, "req-11");
  EXPECT_EQ(log->back().request_id, "req-7");
  // Another directory's ring is separate.
  EXPECT_EQ(store_->ListRequestLog("bbbbbbbbbbbb", 100)->size(), 1u);
}

TEST_F(SqliteRequestLogTest, UnknownDirectoryIsNotFound) {
  EXPECT_EQ(store_->AppendRequestLog("nonexistent00", Entry(1), 5).code(), Code::kNotFound);
  EXPECT_EQ(store_->ListRequestLog("nonexistent00", 5).status().code(), Code::kNotFound);
}

// Read through a connection of its own, as `scimd directory log` reads the
// log of a running server from another process.
int64_t RowsSeenFromOutside(const fs::path& db_path) {
  sqlite3* db = nullptr;
  int64_t rows = -1;
  if (sqlite3_open(db_path.c_str(), &db) == SQLITE_OK) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM request_log", -1, &stmt, nullptr) ==
            SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      rows = sqlite3_column_int64(stmt, 0);
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
  return rows;
}

TEST_F(SqliteRequestLogTest, TheFlusherWritesAQuietQueueWithoutBeingAsked) {
  ASSERT_TRUE(store_->AppendRequestLog("aaaaaaaaaaaa", Entry(1), 5).ok());
  int64_t rows = 0;
  // Polls only so a slow machine cannot fail the test; the entry is normally
  // written within milliseconds.
  for (int attempt = 0; attempt < 3000 && rows != 1; ++attempt) {
    rows = RowsSeenFromOutside(folder_ / "s.db");
    if (rows != 1) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(rows, 1);
}

TEST_F(SqliteRequestLogTest, ClosingTheStoreWritesWhatIsQueued) {
  SqliteOptions slow;
  slow.request_log_flush_ms = 600000;  // only the destructor can write it
  slow.request_log_batch = 1000;
  slow.request_log_idle_ms = 600000;
  store_.reset();
  Result<std::unique_ptr<SqliteStore>> store = SqliteStore::Open((folder_ / "s.db").string(), slow);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  ASSERT_TRUE((*store)->AppendRequestLog("aaaaaaaaaaaa", Entry(1), 5).ok());
  store->reset();
  store_ = std::move(SqliteStore::Open((folder_ / "s.db").string()).value());
  Result<std::vector<RequestLogEntry>> log = store_->ListRequestLog("aaaaaaaaaaaa", 10);
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->size(), 1u);
  EXPECT_EQ(log->front().request_id, "req-1");
}

TEST_F(SqliteRequestLogTest, AFullQueueDropsAndCountsInsteadOfWaiting) {
  SqliteOptions small;
  small.request_log_flush_ms = 600000;
  small.request_log_batch = 1000;
  small.request_log_idle_ms = 600000;
  small.request_log_queue_limit = 2;
  store_.reset();
  store_ = std::move(SqliteStore::Open((folder_ / "s.db").string(), small).value());
  ASSERT_TRUE(store_->AppendRequestLog("aaaaaaaaaaaa", Entry(1), 5).ok());
  ASSERT_TRUE(store_->AppendRequestLog("aaaaaaaaaaaa", Entry(2), 5).ok());
  EXPECT_EQ(store_->AppendRequestLog("aaaaaaaaaaaa", Entry(3), 5).code(), Code::kUnavailable);
  EXPECT_EQ(store_->RequestLogDropped(), 1u);
  // Listing writes the queue first, which makes room again.
  EXPECT_EQ(store_->ListRequestLog("aaaaaaaaaaaa", 10)->size(), 2u);
  EXPECT_TRUE(store_->AppendRequestLog("aaaaaaaaaaaa", Entry(4), 5).ok());
  EXPECT_EQ(store_->ListRequestLog("aaaaaaaaaaaa", 10)->front().request_id, "req-4");
}

TEST_F(SqliteRequestLogTest, OneBatchPrunesEachRingToItsNewestEntries) {
  SqliteOptions batched;
  batched.request_log_flush_ms = 600000;
  batched.request_log_batch = 1000;
  batched.request_log_idle_ms = 600000;
  store_.reset();
  store_ = std::move(SqliteStore::Open((folder_ / "s.db").string(), batched).value());
  for (int n = 0; n < 9; ++n) {
    ASSERT_TRUE(
        store_->AppendRequestLog(n % 3 == 0 ? "bbbbbbbbbbbb" : "aaaaaaaaaaaa", Entry(n), 2).ok());
  }
  ASSERT_TRUE(store_->FlushRequestLog().ok());
  Result<std::vector<RequestLogEntry>> a = store_->ListRequestLog("aaaaaaaaaaaa", 10);
  ASSERT_TRUE(a.ok());
  ASSERT_EQ(a->size(), 2u);
  EXPECT_EQ((*a)[0].request_id, "req-8");
  EXPECT_EQ((*a)[1].request_id, "req-7");
  Result<std::vector<RequestLogEntry>> b = store_->ListRequestLog("bbbbbbbbbbbb", 10);
  ASSERT_TRUE(b.ok());
  ASSERT_EQ(b->size(), 2u);
  EXPECT_EQ((*b)[0].request_id, "req-6");
}

TEST_F(SqliteRequestLogTest, RemovingTheDirectoryRemovesItsLog) {
  ASSERT_TRUE(store_->AppendRequestLog("aaaaaaaaaaaa", Entry(1), 5).ok());
  ASSERT_TRUE(store_->DeleteDirectory("aaaaaaaaaaaa").ok());
  DirectoryRecord again;
  again.id = "aaaaaaaaaaaa";
  ASSERT_TRUE(store_->CreateDirectory(again).ok());
  EXPECT_TRUE(store_->ListRequestLog("aaaaaaaaaaaa", 5)->empty());
}

}  // namespace
}  // namespace scimd::storage::sqlite
