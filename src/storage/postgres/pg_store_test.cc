// PostgreSQL backend pieces that need no server: URL parsing and the
// SQLSTATE classification. The behaviour against a live server is the
// conformance suite (src/storage/store_conformance_test.cc), which runs on
// PostgreSQL when SCIMD_TEST_POSTGRES_URL is set.
#include "storage/postgres/pg_store.h"

#include <gtest/gtest.h>

#include "storage/postgres/pg_error.h"

namespace scimd::storage::postgres {
namespace {

TEST(ParsePgUrlTest, KeepsLibpqPartsAndTakesItsOwn) {
  Result<PgOptions> options = ParsePgUrl(
      "postgresql://u:p%40ss@db.example:5433/scimd?sslmode=require&pool=16&"
      "schema=tenant%5Fa&connect_timeout=5");
  ASSERT_TRUE(options.ok()) << options.status().ToString();
  EXPECT_EQ(options->conninfo,
            "postgresql://u:p%40ss@db.example:5433/scimd?sslmode=require&connect_timeout=5");
  EXPECT_EQ(options->pool_size, 16u);
  EXPECT_EQ(options->schema, "tenant_a");
}

TEST(ParsePgUrlTest, DefaultsWithoutQuery) {
  Result<PgOptions> options = ParsePgUrl("postgres://localhost/scimd");
  ASSERT_TRUE(options.ok());
  EXPECT_EQ(options->conninfo, "postgres://localhost/scimd");
  EXPECT_EQ(options->pool_size, PgOptions().pool_size);
  EXPECT_EQ(options->schema, "");
}

TEST(ParsePgUrlTest, RejectsBadPoolAndEmptySchema) {
  for (const char* url :
       {"postgresql://h/d?pool=0", "postgresql://h/d?pool=x", "postgresql://h/d?pool=1001",
        "postgresql://h/d?pool=", "postgresql://h/d?schema="}) {
    EXPECT_EQ(ParsePgUrl(url).status().code(), Code::kInvalidValue) << url;
  }
}

TEST(PgErrorTest, ClassifiesSqlStates) {
  EXPECT_EQ(ClassifySqlState("23505"), PgFailure::kUniqueness);
  EXPECT_EQ(ClassifySqlState("40001"), PgFailure::kRetry);
  EXPECT_EQ(ClassifySqlState("40P01"), PgFailure::kRetry);
  EXPECT_EQ(ClassifySqlState("08006"), PgFailure::kConnection);
  EXPECT_EQ(ClassifySqlState("57P01"), PgFailure::kConnection);
  EXPECT_EQ(ClassifySqlState("53300"), PgFailure::kUnavailable);
  EXPECT_EQ(ClassifySqlState("23503"), PgFailure::kOther);
  EXPECT_EQ(ClassifySqlState("42P01"), PgFailure::kOther);
  EXPECT_EQ(ClassifySqlState(""), PgFailure::kOther);
}

TEST(PgErrorTest, MapsToStatusCodes) {
  EXPECT_EQ(CodeOf(PgFailure::kUniqueness), Code::kUniqueness);
  EXPECT_EQ(CodeOf(PgFailure::kRetry), Code::kUnavailable);
  EXPECT_EQ(CodeOf(PgFailure::kConnection), Code::kUnavailable);
  EXPECT_EQ(CodeOf(PgFailure::kUnavailable), Code::kUnavailable);
  EXPECT_EQ(CodeOf(PgFailure::kOther), Code::kInternal);
}

TEST(PgErrorTest, NoResultAndNoConnectionIsAConnectionFailure) {
  PgFailure failure = PgFailure::kOther;
  Status status = PgError("connecting", nullptr, nullptr, &failure);
  EXPECT_EQ(status.code(), Code::kUnavailable);
  EXPECT_EQ(failure, PgFailure::kConnection);
  EXPECT_NE(status.detail().find("connecting"), std::string::npos);
}

}  // namespace
}  // namespace scimd::storage::postgres
