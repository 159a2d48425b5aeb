// The PostgreSQL backend of ResourceStore, for running many stateless scimd
// nodes on one database.
//
// Every call is one transaction on a connection borrowed from a bounded pool.
// Correctness across nodes comes from the database, never from process
// memory: unique indexes decide racing creates, Update() locks the resource
// row (SELECT ... FOR UPDATE) for its read-modify-write, and reads of a total
// and its page share one REPEATABLE READ snapshot. Nothing is cached, so a
// directory secret rotated on one node is seen by every node's next request.
//
// Transient failures — a serialization failure, a deadlock, a connection
// lost before COMMIT was sent — roll back and run the whole transaction
// again (a Mutator may therefore run more than once; it must be a function
// of the resource it is given). When retries are exhausted, or a connection
// breaks during COMMIT (the outcome is unknown), the call fails with
// kUnavailable. A broken connection is closed and the pool opens a new one.
//
// Table layout: docs/design.md; migrations: pg_migrations.h.
//
// Thread-safety: as ResourceStore — every method may be called concurrently.
#ifndef SCIMD_STORAGE_POSTGRES_PG_STORE_H_
#define SCIMD_STORAGE_POSTGRES_PG_STORE_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "storage/postgres/pg_pool.h"
#include "storage/resource_store.h"

namespace scimd::storage::postgres {

struct PgOptions {
  // libpq connection string or URI (without scimd's own query parameters).
  std::string conninfo;
  // Schema holding the tables ("" = the server's default search path).
  // Created when missing.
  std::string schema;
  // Connections this process keeps at most.
  size_t pool_size = 8;
  // How long a call waits for a free connection before kUnavailable.
  std::chrono::milliseconds acquire_timeout{10000};
  // Runs of one transaction before a retryable failure becomes kUnavailable.
  int max_attempts = 5;
  // Source of "now" (Unix epoch ms) for timestamps. Empty: the system clock.
  std::function<int64_t()> now_ms;
};

// Splits a `postgresql://` / `postgres://` URL into PgOptions: the query
// parameters `pool=N` (pool size, 1..1000) and `schema=NAME` are scimd's and
// are removed; everything else (user, password, host, port, dbname,
// sslmode=...) goes to libpq unchanged. kInvalidValue for a bad pool size or
// an empty schema name.
Result<PgOptions> ParsePgUrl(std::string_view url);

class PgStore final : public ResourceStore {
 public:
  // Connects, applies migrations under an advisory lock, and keeps that
  // connection in the pool. kUnavailable when the server cannot be reached;
  // kInternal when migrations fail.
  static Result<std::unique_ptr<PgStore>> Open(PgOptions options);

  Status CreateDirectory(const DirectoryRecord& directory) override;
  Result<DirectoryRecord> GetDirectory(std::string_view id) override;
  Result<std::vector<DirectoryRecord>> ListDirectories() override;
  Status UpdateDirectory(const DirectoryRecord& directory) override;
  Status DeleteDirectory(std::string_view id) override;
  Result<int64_t> Count(std::string_view directory_id, ResourceKind kind) override;

  Result<Resource> Create(std::string_view directory_id, const Resource& resource,
                          const std::vector<std::string>& member_ids) override;
  Result<Resource> Get(std::string_view directory_id, ResourceKind kind,
                       std::string_view id) override;
  Result<Resource> Update(std::string_view directory_id, ResourceKind kind, std::string_view id,
                          const Mutator& mutate) override;
  Status Delete(std::string_view directory_id, ResourceKind kind, std::string_view id) override;
  Result<QueryResult> Find(std::string_view directory_id, ResourceKind kind,
                           const Query& query) override;
  Status Import(std::string_view directory_id, const std::vector<Resource>& resources,
                const std::vector<std::pair<std::string, std::string>>& memberships) override;
  Result<std::vector<Member>> ListMembers(std::string_view directory_id,
                                          std::string_view group_id) override;
  Result<std::vector<GroupRef>> GroupsOf(std::string_view directory_id,
                                         std::string_view member_id) override;

  Status AppendRequestLog(std::string_view directory_id, const RequestLogEntry& entry,
                          int64_t keep) override;
  Result<std::vector<RequestLogEntry>> ListRequestLog(std::string_view directory_id,
                                                      int64_t limit) override;

  // Paged members and admin tokens (pg_admin.cc).
  Result<std::vector<Member>> ListMembersPage(std::string_view directory_id,
                                              std::string_view group_id, std::string_view after_id,
                                              int64_t limit) override;
  Result<int64_t> CountMembers(std::string_view directory_id, std::string_view group_id) override;
  Status CreateAdminToken(const AdminTokenRecord& token) override;
  Result<std::vector<AdminTokenRecord>> ListAdminTokens() override;
  Status DeleteAdminToken(std::string_view id) override;
  Status TouchAdminToken(std::string_view id, int64_t used_ms) override;

  // The change feed (pg_events.cc).
  Result<EventPage> ListEvents(std::string_view directory_id, int64_t after_seq,
                               int64_t limit) override;
  Result<int64_t> PruneEvents(int64_t older_than_ms, int64_t keep_per_directory) override;
  Result<SnapshotPage> Snapshot(std::string_view directory_id, ResourceKind kind,
                                std::string_view after_id, int64_t limit) override;

  // Webhook subscriptions (pg_webhooks.cc).
  Status CreateWebhook(const WebhookRecord& webhook) override;
  Result<std::vector<WebhookRecord>> ListWebhooks(std::string_view directory_id) override;
  Result<WebhookRecord> GetWebhook(std::string_view directory_id, std::string_view id) override;
  Status DeleteWebhook(std::string_view directory_id, std::string_view id) override;
  Result<std::vector<WebhookRecord>> DueWebhooks(int64_t now_ms) override;
  Result<bool> LeaseWebhook(std::string_view id, std::string_view owner, int64_t now_ms,
                            int64_t until_ms) override;
  Result<bool> FinishWebhook(std::string_view id, std::string_view owner,
                             const WebhookProgress& progress) override;
  PoolUsage PoolStats() override { return pool_.Stats(); }

  // A pooled connection, for diagnostics such as EXPLAIN in tests.
  Result<PgPool::Lease> Connection() { return pool_.Acquire(); }

 private:
  enum class Txn {
    kNone,      // one statement, autocommit
    kWrite,     // READ COMMITTED; writers lock the rows they change
    kSnapshot,  // REPEATABLE READ READ ONLY: several reads agree
  };
  using Body = std::function<Status(PgConnection&)>;

  PgStore(PgOptions options);

  // Runs `body` in a transaction of kind `txn`, again on retryable failures
  // (see the file comment). `body` must reset whatever it outputs.
  Status Run(Txn txn, const Body& body);

  int64_t Now() const { return now_ms_(); }

  std::function<int64_t()> now_ms_;
  int max_attempts_;
  std::string schema_;
  PgPool pool_;
};

}  // namespace scimd::storage::postgres

#endif  // SCIMD_STORAGE_POSTGRES_PG_STORE_H_
