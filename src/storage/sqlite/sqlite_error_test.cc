#include "storage/sqlite/sqlite_error.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

namespace scimd::storage::sqlite {
namespace {

TEST(SqliteErrorTest, UniqueAndPrimaryKeyViolationsAreUniqueness) {
  EXPECT_EQ(SqliteCode(SQLITE_CONSTRAINT_UNIQUE), Code::kUniqueness);
  EXPECT_EQ(SqliteCode(SQLITE_CONSTRAINT_PRIMARYKEY), Code::kUniqueness);
}

TEST(SqliteErrorTest, OtherConstraintsAreInternal) {
  EXPECT_EQ(SqliteCode(SQLITE_CONSTRAINT_FOREIGNKEY), Code::kInternal);
  EXPECT_EQ(SqliteCode(SQLITE_CONSTRAINT_NOTNULL), Code::kInternal);
  EXPECT_EQ(SqliteCode(SQLITE_CONSTRAINT), Code::kInternal);
}

TEST(SqliteErrorTest, LockContentionIsUnavailable) {
  EXPECT_EQ(SqliteCode(SQLITE_BUSY), Code::kUnavailable);
  EXPECT_EQ(SqliteCode(SQLITE_BUSY_SNAPSHOT), Code::kUnavailable);
  EXPECT_EQ(SqliteCode(SQLITE_LOCKED), Code::kUnavailable);
  EXPECT_EQ(SqliteCode(SQLITE_LOCKED_SHAREDCACHE), Code::kUnavailable);
  EXPECT_EQ(SqliteCode(SQLITE_CANTOPEN), Code::kUnavailable);
}

TEST(SqliteErrorTest, EverythingElseIsInternal) {
  EXPECT_EQ(SqliteCode(SQLITE_CORRUPT), Code::kInternal);
  EXPECT_EQ(SqliteCode(SQLITE_IOERR_FSYNC), Code::kInternal);
  EXPECT_EQ(SqliteCode(SQLITE_ERROR), Code::kInternal);
}

TEST(SqliteErrorTest, DetailNamesTheContextAndTheCode) {
  Status status = SqliteError("inserting user u1", SQLITE_CONSTRAINT_UNIQUE, nullptr);
  EXPECT_EQ(status.code(), Code::kUniqueness);
  EXPECT_NE(status.detail().find("inserting user u1"), std::string::npos);
  EXPECT_NE(status.detail().find(std::to_string(SQLITE_CONSTRAINT_UNIQUE)), std::string::npos);
}

}  // namespace
}  // namespace scimd::storage::sqlite
