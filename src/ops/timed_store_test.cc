// TimedStore forwards every call and records its duration by operation; the
// pool gauge shows what the wrapped store's pool holds.
#include "ops/timed_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "ops/server_metrics.h"

namespace scimd::ops {
namespace {

class TimedStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/scimd-timed-store-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    dir_ = dir;
    auto inner = storage::OpenStore("sqlite:" + dir_ + "/s.db");
    ASSERT_TRUE(inner.ok()) << inner.status().ToString();
    store_ = std::make_unique<TimedStore>(
        std::move(*inner), registry_.AddHistogram("t_db_seconds", "Store calls.", {"operation"}));
  }
  void TearDown() override {
    store_.reset();
    for (const char* name : {"/s.db", "/s.db-wal", "/s.db-shm"}) {
      std::remove((dir_ + name).c_str());
    }
    rmdir(dir_.c_str());
  }

  storage::DirectoryRecord Directory() {
    storage::DirectoryRecord directory;
    directory.id = "abcdefghijkl";
    directory.name = "Timed";
    directory.idp = "generic";
    directory.secret_hash = std::string(64, '0');
    return directory;
  }

  Registry registry_;
  std::string dir_;
  std::unique_ptr<TimedStore> store_;
};

TEST_F(TimedStoreTest, ForwardsCallsAndTimesEachByOperation) {
  ASSERT_TRUE(store_->CreateDirectory(Directory()).ok());
  auto got = store_->GetDirectory("abcdefghijkl");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->name, "Timed");
  ASSERT_TRUE(store_->GetDirectory("abcdefghijkl").ok());
  std::string text = registry_.Render();
  EXPECT_NE(text.find("t_db_seconds_count{operation=\"CreateDirectory\"} 1\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("t_db_seconds_count{operation=\"GetDirectory\"} 2\n"), std::string::npos)
      << text;
}

TEST_F(TimedStoreTest, FailedCallsAreTimedAndKeepTheirStatus) {
  auto missing = store_->GetDirectory("nosuchdirect");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Code::kNotFound);
  std::string text = registry_.Render();
  EXPECT_NE(text.find("t_db_seconds_count{operation=\"GetDirectory\"} 1\n"), std::string::npos)
      << text;
}

TEST_F(TimedStoreTest, PoolStatsComeFromTheWrappedStore) {
  ASSERT_TRUE(store_->CreateDirectory(Directory()).ok());
  ASSERT_TRUE(store_->GetDirectory("abcdefghijkl").ok());  // a reader goes back to the pool
  storage::PoolUsage usage = store_->PoolStats();
  EXPECT_EQ(usage.in_use, 0);
  EXPECT_GE(usage.idle, 1);
  RecordPoolUsage(usage);
  std::string text = Metrics().registry.Render();
  EXPECT_NE(text.find("scimd_db_pool_connections{state=\"in_use\"} 0\n"), std::string::npos)
      << text;
  EXPECT_NE(
      text.find("scimd_db_pool_connections{state=\"idle\"} " + std::to_string(usage.idle) + "\n"),
      std::string::npos)
      << text;
}

}  // namespace
}  // namespace scimd::ops
