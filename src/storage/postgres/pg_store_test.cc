// PostgreSQL backend pieces that need no server: URL parsing and the
// SQLSTATE classification. The behaviour against a live server is the
// conformance suite (src/storage/store_conformance_test.cc), which runs on
// PostgreSQL when SCIMD_TEST_POSTGRES_URL is set.
#include "storage/postgres/pg_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

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

// Against a live server (SCIMD_TEST_POSTGRES_URL), in a schema of its own.
std::unique_ptr<PgStore> OpenLive(const std::string& name) {
  const char* url = std::getenv("SCIMD_TEST_POSTGRES_URL");
  if (url == nullptr) return nullptr;
  Result<PgOptions> options = ParsePgUrl(url);
  EXPECT_TRUE(options.ok());
  options->schema = name + "_" + std::to_string(getpid());
  options->pool_size = 2;
  Result<std::unique_ptr<PgStore>> store = PgStore::Open(std::move(options).value());
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return store.ok() ? std::move(store).value() : nullptr;
}

DirectoryRecord Dir(std::string id) {
  DirectoryRecord d;
  d.id = std::move(id);
  d.name = "D";
  d.idp = "generic";
  d.secret_hash = std::string(64, 'a');
  return d;
}

TEST(PgLiveTest, BrokenConnectionsAreDroppedAndTheCallRetried) {
  std::unique_ptr<PgStore> store = OpenLive("reconnect");
  if (store == nullptr) GTEST_SKIP() << "SCIMD_TEST_POSTGRES_URL is not set";
  ASSERT_TRUE(store->CreateDirectory(Dir("aaaaaaaaaaaa")).ok());
  // One pooled connection is ended by the server (as a failover or an
  // administrator would), so a later call meets a dead socket, drops it and
  // runs again on a fresh connection.
  {
    Result<PgPool::Lease> a = store->Connection();
    Result<PgPool::Lease> b = store->Connection();
    ASSERT_TRUE(a.ok() && b.ok());
    Result<PgResult> pid = (*a)->Exec("SELECT pg_backend_pid()");
    ASSERT_TRUE(pid.ok());
    ASSERT_TRUE(
        (*b)->Exec("SELECT pg_terminate_backend($1)", PgParams().Add(std::string(pid->Text(0, 0))))
            .ok());
  }
  for (int i = 0; i < 4; ++i) {
    Result<DirectoryRecord> got = store->GetDirectory("aaaaaaaaaaaa");
    EXPECT_TRUE(got.ok()) << got.status().ToString();
  }
}

TEST(PgLiveTest, RequestLogKeepsTheNewestEntries) {
  std::unique_ptr<PgStore> store = OpenLive("request_log");
  if (store == nullptr) GTEST_SKIP() << "SCIMD_TEST_POSTGRES_URL is not set";
  ASSERT_TRUE(store->CreateDirectory(Dir("aaaaaaaaaaaa")).ok());
  for (int i = 0; i < 5; ++i) {
    RequestLogEntry entry;
    entry.time_ms = i;
    entry.method = "POST";
    entry.target = "/Users";
    entry.status = 201;
    entry.request_body = i == 4 ? std::string("bad \xff\xfe utf-8") : "{}";
    ASSERT_TRUE(store->AppendRequestLog("aaaaaaaaaaaa", entry, 3).ok());
  }
  Result<std::vector<RequestLogEntry>> log = store->ListRequestLog("aaaaaaaaaaaa", 10);
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  ASSERT_EQ(log->size(), 3u);
  EXPECT_EQ((*log)[0].time_ms, 4);
  EXPECT_EQ((*log)[0].request_body, "bad \xEF\xBF\xBD\xEF\xBF\xBD utf-8");
  EXPECT_EQ((*log)[2].time_ms, 2);
  EXPECT_EQ(store->AppendRequestLog("zzzzzzzzzzzz", {}, 3).code(), Code::kNotFound);
  EXPECT_EQ(store->ListRequestLog("zzzzzzzzzzzz", 3).status().code(), Code::kNotFound);
}

}  // namespace
}  // namespace scimd::storage::postgres
