// Test support for suites that run on every storage backend: the backend list
// (SQLite always; PostgreSQL when SCIMD_TEST_POSTGRES_URL names a server, each
// test in a schema of its own) and a fixture that opens a fresh store holding
// one directory, kDir.
#ifndef SCIMD_STORAGE_STORE_TEST_FIXTURE_H_
#define SCIMD_STORAGE_STORE_TEST_FIXTURE_H_

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "storage/postgres/pg_store.h"
#include "storage/resource_store.h"
#include "storage/sqlite/sqlite_store.h"

namespace scimd::storage::testing {

using StoreOpener = std::function<std::unique_ptr<ResourceStore>(const std::filesystem::path&)>;
using NamedBackend = std::pair<std::string, StoreOpener>;

// `schema_prefix` names the PostgreSQL schemas of one suite ("events_").
inline std::vector<NamedBackend> TestBackends(std::string schema_prefix) {
  std::vector<NamedBackend> backends = {
      {"sqlite", [](const std::filesystem::path& folder) -> std::unique_ptr<ResourceStore> {
         auto store = sqlite::SqliteStore::Open((folder / "store.db").string());
         EXPECT_TRUE(store.ok()) << store.status().ToString();
         return store.ok() ? std::move(store).value() : nullptr;
       }}};
  if (std::getenv("SCIMD_TEST_POSTGRES_URL") == nullptr) return backends;
  backends.push_back(
      {"postgres", [schema_prefix](const std::filesystem::path&) -> std::unique_ptr<ResourceStore> {
         static std::atomic<int> next{0};
         auto options = postgres::ParsePgUrl(std::getenv("SCIMD_TEST_POSTGRES_URL"));
         EXPECT_TRUE(options.ok());
         if (!options.ok()) return nullptr;
         options->schema =
             schema_prefix + std::to_string(getpid()) + "_" + std::to_string(next.fetch_add(1));
         auto store = postgres::PgStore::Open(std::move(options).value());
         EXPECT_TRUE(store.ok()) << store.status().ToString();
         return store.ok() ? std::move(store).value() : nullptr;
       }});
  return backends;
}

inline std::string BackendName(const ::testing::TestParamInfo<NamedBackend>& info) {
  return info.param.first;
}

class StoreWithDirectoryTest : public ::testing::TestWithParam<NamedBackend> {
 protected:
  static constexpr const char* kDir = "aaaaaaaaaaaa";

  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "scimd-store-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    folder_ = pattern;
    store_ = GetParam().second(folder_);
    ASSERT_NE(store_, nullptr);
    DirectoryRecord directory{kDir, "Dir", "generic", std::string(64, 'a'), {}, 1};
    ASSERT_TRUE(store_->CreateDirectory(directory).ok());
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(folder_);
  }

  std::filesystem::path folder_;
  std::unique_ptr<ResourceStore> store_;
};

}  // namespace scimd::storage::testing

#endif  // SCIMD_STORAGE_STORE_TEST_FIXTURE_H_
