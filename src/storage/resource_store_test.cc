#include "storage/resource_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace scimd::storage {
namespace {

namespace fs = std::filesystem;

fs::path MakeTempFolder() {
  std::string pattern = (fs::temp_directory_path() / "scimd-open-XXXXXX").string();
  EXPECT_NE(mkdtemp(pattern.data()), nullptr);
  return fs::path(pattern);
}

TEST(OpenStoreTest, SqliteCreatesTheFileAndItsFolder) {
  fs::path folder = MakeTempFolder();
  fs::path file = folder / "nested" / "deeper" / "scimd.db";
  Result<std::unique_ptr<ResourceStore>> store = OpenStore("sqlite:" + file.string());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_TRUE(fs::exists(file));
  DirectoryRecord directory;
  directory.id = "abcdefabcdef";
  EXPECT_TRUE((*store)->CreateDirectory(directory).ok());
  store->reset();
  fs::remove_all(folder);
}

TEST(OpenStoreTest, RejectsUnknownSchemes) {
  EXPECT_EQ(OpenStore("mysql://localhost/scimd").status().code(), Code::kInvalidValue);
  EXPECT_EQ(OpenStore("/var/lib/scimd.db").status().code(), Code::kInvalidValue);
  EXPECT_EQ(OpenStore("").status().code(), Code::kInvalidValue);
  EXPECT_EQ(OpenStore("sqlite:").status().code(), Code::kInvalidValue);
  EXPECT_EQ(OpenStore("sqlite::memory:").status().code(), Code::kInvalidValue);
}

TEST(OpenStoreTest, UnreachablePostgresqlIsUnavailable) {
  // Port 1 on loopback refuses at once; nothing listens there.
  for (const char* url : {"postgresql://scimd@127.0.0.1:1/scimd?connect_timeout=2",
                          "postgres://scimd@127.0.0.1:1/scimd?pool=2"}) {
    Result<std::unique_ptr<ResourceStore>> store = OpenStore(url);
    EXPECT_EQ(store.status().code(), Code::kUnavailable) << url << ": "
                                                         << store.status().ToString();
  }
}

TEST(OpenStoreTest, BadPostgresqlPoolSizeIsInvalid) {
  EXPECT_EQ(OpenStore("postgresql://scimd@127.0.0.1:1/scimd?pool=0").status().code(),
            Code::kInvalidValue);
}

TEST(OpenStoreTest, UnopenableFileIsUnavailable) {
  fs::path folder = MakeTempFolder();
  // A folder where the database file should be cannot be opened as one.
  fs::create_directories(folder / "taken.db");
  Result<std::unique_ptr<ResourceStore>> store =
      OpenStore("sqlite:" + (folder / "taken.db").string());
  EXPECT_EQ(store.status().code(), Code::kUnavailable) << store.status().ToString();
  fs::remove_all(folder);
}

}  // namespace
}  // namespace scimd::storage
