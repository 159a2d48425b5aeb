// SQLite-specific behaviour: durability across reopen, schema versions, lock
// contention. The backend-neutral contract is in store_conformance_test.cc.
#include "storage/sqlite/sqlite_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "storage/sqlite/sqlite_migrations.h"

namespace scimd::storage::sqlite {
namespace {

namespace fs = std::filesystem;

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "scimd-sqlite-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    folder_ = pattern;
    path_ = (folder_ / "store.db").string();
  }
  void TearDown() override { fs::remove_all(folder_); }

  std::unique_ptr<SqliteStore> MustOpen(SqliteOptions options = {}) {
    Result<std::unique_ptr<SqliteStore>> store = SqliteStore::Open(path_, std::move(options));
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }

  // Runs `sql` on a separate raw connection (another process, in effect).
  void RawExec(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db);
    sqlite3_close(db);
  }

  static Resource User(std::string id, const std::string& user_name) {
    Resource user;
    user.id = std::move(id);
    user.attributes["userName"] = user_name;
    return user;
  }

  fs::path folder_;
  std::string path_;
};

TEST_F(SqliteStoreTest, DataSurvivesReopening) {
  {
    std::unique_ptr<SqliteStore> store = MustOpen();
    ASSERT_NE(store, nullptr);
    DirectoryRecord directory;
    directory.id = "aaaaaaaaaaaa";
    ASSERT_TRUE(store->CreateDirectory(directory).ok());
    ASSERT_TRUE(store->Create("aaaaaaaaaaaa", User("u1", "alice"), {}).ok());
  }
  std::unique_ptr<SqliteStore> store = MustOpen();  // migrations are a no-op now
  ASSERT_NE(store, nullptr);
  Result<Resource> user = store->Get("aaaaaaaaaaaa", ResourceKind::kUser, "u1");
  ASSERT_TRUE(user.ok()) << user.status().ToString();
  EXPECT_EQ(user->attributes.at("userName"), "alice");
}

TEST_F(SqliteStoreTest, ConcurrentWritersShareSyncsAndAllSurviveReopening) {
  constexpr int kThreads = 8;
  constexpr int kUsersPerThread = 25;
  {
    std::unique_ptr<SqliteStore> store = MustOpen();
    ASSERT_NE(store, nullptr);
    DirectoryRecord directory;
    directory.id = "aaaaaaaaaaaa";
    ASSERT_TRUE(store->CreateDirectory(directory).ok());
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < kUsersPerThread; ++i) {
          std::string id = "u" + std::to_string(t) + "-" + std::to_string(i);
          if (!store->Create("aaaaaaaaaaaa", User(id, id + "@example.com"), {}).ok()) {
            failures.fetch_add(1);
          }
        }
      });
    }
    for (std::thread& thread : threads) thread.join();
    EXPECT_EQ(failures.load(), 0);
  }
  std::unique_ptr<SqliteStore> store = MustOpen();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(*store->Count("aaaaaaaaaaaa", ResourceKind::kUser), kThreads * kUsersPerThread);
}

TEST_F(SqliteStoreTest, TheWalFileKeepsItsInodeThroughATruncatingCheckpoint) {
  std::unique_ptr<SqliteStore> store = MustOpen();
  ASSERT_NE(store, nullptr);
  DirectoryRecord directory;
  directory.id = "aaaaaaaaaaaa";
  ASSERT_TRUE(store->CreateDirectory(directory).ok());
  ASSERT_TRUE(store->Create("aaaaaaaaaaaa", User("u1", "alice"), {}).ok());
  struct stat before {};
  ASSERT_EQ(::stat((path_ + "-wal").c_str(), &before), 0);
  // Another process checkpoints and truncates the WAL to zero bytes; the
  // store's sync descriptor must still name the file SQLite writes next.
  RawExec("PRAGMA wal_checkpoint(TRUNCATE)");
  struct stat truncated {};
  ASSERT_EQ(::stat((path_ + "-wal").c_str(), &truncated), 0);
  EXPECT_EQ(truncated.st_ino, before.st_ino);
  EXPECT_EQ(truncated.st_size, 0);
  ASSERT_TRUE(store->Create("aaaaaaaaaaaa", User("u2", "bob"), {}).ok());
  struct stat after {};
  ASSERT_EQ(::stat((path_ + "-wal").c_str(), &after), 0);
  EXPECT_EQ(after.st_ino, before.st_ino);
  EXPECT_GT(after.st_size, 0);
  store.reset();
  store = MustOpen();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(*store->Count("aaaaaaaaaaaa", ResourceKind::kUser), 2);
}

TEST_F(SqliteStoreTest, RecordsTheSchemaVersionAndUsesWal) {
  std::unique_ptr<SqliteStore> store = MustOpen();
  ASSERT_NE(store, nullptr);
  Result<ReaderPool::Lease> db = store->Reader();
  ASSERT_TRUE(db.ok());
  Result<Statement> version = (*db)->Prepare("PRAGMA user_version");
  ASSERT_TRUE(version.ok());
  ASSERT_TRUE(*version->Step());
  EXPECT_EQ(version->Int(0), LatestSchemaVersion());
  Result<Statement> mode = (*db)->Prepare("PRAGMA journal_mode");
  ASSERT_TRUE(mode.ok());
  ASSERT_TRUE(*mode->Step());
  EXPECT_EQ(mode->Text(0), "wal");
}

TEST_F(SqliteStoreTest, RefusesASchemaFromANewerBuild) {
  MustOpen().reset();
  RawExec("PRAGMA user_version = " + std::to_string(LatestSchemaVersion() + 1));
  Result<std::unique_ptr<SqliteStore>> store = SqliteStore::Open(path_);
  EXPECT_EQ(store.status().code(), Code::kInternal);
  EXPECT_NE(store.status().detail().find("newer"), std::string::npos);
}

TEST_F(SqliteStoreTest, UpgradesADatabaseFromBeforeThePreviousSecretColumns) {
  MustOpen().reset();
  // Back to the version 5 layout, with a directory written by that version.
  RawExec(
      "ALTER TABLE directories DROP COLUMN previous_secret_hash;"
      "ALTER TABLE directories DROP COLUMN previous_secret_expires_ms;"
      "INSERT INTO directories (id, name, idp, secret_hash, settings, created_ms) "
      "VALUES ('aaaaaaaaaaaa', 'Old', 'generic', 'h', '{}', 7);"
      "PRAGMA user_version = 5;");
  std::unique_ptr<SqliteStore> store = MustOpen();
  ASSERT_NE(store, nullptr);
  Result<DirectoryRecord> directory = store->GetDirectory("aaaaaaaaaaaa");
  ASSERT_TRUE(directory.ok()) << directory.status().ToString();
  EXPECT_EQ(directory->secret_hash, "h");
  EXPECT_EQ(directory->previous_secret_hash, "");
  EXPECT_EQ(directory->previous_secret_expires_ms, 0);
}

TEST_F(SqliteStoreTest, ALockHeldElsewhereMakesWritesUnavailableAndWritesNothing) {
  SqliteOptions options;
  options.busy_timeout_ms = 20;
  std::unique_ptr<SqliteStore> store = MustOpen(options);
  ASSERT_NE(store, nullptr);
  DirectoryRecord directory;
  directory.id = "aaaaaaaaaaaa";
  ASSERT_TRUE(store->CreateDirectory(directory).ok());

  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  Result<Resource> created = store->Create("aaaaaaaaaaaa", User("u1", "alice"), {});
  EXPECT_EQ(created.status().code(), Code::kUnavailable) << created.status().ToString();
  // Readers are not blocked by the writer in WAL mode.
  EXPECT_EQ(*store->Count("aaaaaaaaaaaa", ResourceKind::kUser), 0);
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);

  // The store recovers once the lock is gone.
  EXPECT_TRUE(store->Create("aaaaaaaaaaaa", User("u1", "alice"), {}).ok());
}

TEST_F(SqliteStoreTest, UsesTheInjectedClock) {
  SqliteOptions options;
  options.now_ms = [] { return int64_t{1234}; };
  std::unique_ptr<SqliteStore> store = MustOpen(options);
  ASSERT_NE(store, nullptr);
  DirectoryRecord directory;
  directory.id = "aaaaaaaaaaaa";
  ASSERT_TRUE(store->CreateDirectory(directory).ok());
  Result<Resource> created = store->Create("aaaaaaaaaaaa", User("u1", "alice"), {});
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created->created_ms, 1234);
  EXPECT_EQ(store->Get("aaaaaaaaaaaa", ResourceKind::kUser, "u1")->modified_ms, 1234);
}

}  // namespace
}  // namespace scimd::storage::sqlite
