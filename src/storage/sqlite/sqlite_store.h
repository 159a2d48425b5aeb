// The embedded SQLite backend of ResourceStore.
//
// One database file holds every directory. Writes go through a single writer
// connection under a mutex (SQLite admits one writer at a time anyway), each
// call one IMMEDIATE transaction; reads borrow a connection from a pool and
// run concurrently with each other and with the writer (WAL mode). With
// synchronous=FULL a call that returns OK has its write on disk.
//
// Table layout: see src/storage/sql/filter_sql.h and docs/design.md.
//
// Thread-safety: as ResourceStore — every method may be called concurrently.
#ifndef SCIMD_STORAGE_SQLITE_SQLITE_STORE_H_
#define SCIMD_STORAGE_SQLITE_SQLITE_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "storage/resource_store.h"
#include "storage/sqlite/sqlite_connection.h"
#include "storage/sqlite/sqlite_reader_pool.h"

namespace scimd::storage::sqlite {

struct SqliteOptions {
  // Source of "now" for created/modified timestamps (Unix epoch ms). Empty:
  // the system clock. Tests inject a fake clock here.
  std::function<int64_t()> now_ms;
  // How long a connection waits for another process's lock before the call
  // fails with kUnavailable.
  int busy_timeout_ms = 5000;
  // Read connections kept open between calls.
  size_t max_idle_readers = 8;
};

class SqliteStore final : public ResourceStore {
 public:
  // Opens or creates the database file at `path` (its folder must exist),
  // switches it to WAL and runs migrations. kUnavailable when the file cannot
  // be opened or is locked; kInternal when migrations fail.
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path,
                                                   SqliteOptions options = {});

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

  // The SCIM request log (sqlite_request_log.cc).
  Status AppendRequestLog(std::string_view directory_id, const RequestLogEntry& entry,
                          int64_t keep) override;
  Result<std::vector<RequestLogEntry>> ListRequestLog(std::string_view directory_id,
                                                      int64_t limit) override;

  // Paged members and admin tokens (sqlite_admin.cc).
  Result<std::vector<Member>> ListMembersPage(std::string_view directory_id,
                                              std::string_view group_id, std::string_view after_id,
                                              int64_t limit) override;
  Result<int64_t> CountMembers(std::string_view directory_id, std::string_view group_id) override;
  Status CreateAdminToken(const AdminTokenRecord& token) override;
  Result<std::vector<AdminTokenRecord>> ListAdminTokens() override;
  Status DeleteAdminToken(std::string_view id) override;
  Status TouchAdminToken(std::string_view id, int64_t used_ms) override;

  // The change feed (sqlite_events.cc).
  Result<EventPage> ListEvents(std::string_view directory_id, int64_t after_seq,
                               int64_t limit) override;
  Result<int64_t> PruneEvents(int64_t older_than_ms, int64_t keep_per_directory) override;
  Result<SnapshotPage> Snapshot(std::string_view directory_id, ResourceKind kind,
                                std::string_view after_id, int64_t limit) override;

  // Webhook subscriptions (sqlite_webhooks.cc).
  Status CreateWebhook(const WebhookRecord& webhook) override;
  Result<std::vector<WebhookRecord>> ListWebhooks(std::string_view directory_id) override;
  Result<WebhookRecord> GetWebhook(std::string_view directory_id, std::string_view id) override;
  Status DeleteWebhook(std::string_view directory_id, std::string_view id) override;
  Result<std::vector<WebhookRecord>> DueWebhooks(int64_t now_ms) override;
  Result<bool> LeaseWebhook(std::string_view id, std::string_view owner, int64_t now_ms,
                            int64_t until_ms) override;
  Result<bool> FinishWebhook(std::string_view id, std::string_view owner,
                             const WebhookProgress& progress) override;
  PoolUsage PoolStats() override { return readers_.Stats(); }  // the reader pool

  // A read connection, for diagnostics such as EXPLAIN QUERY PLAN in tests.
  Result<ReaderPool::Lease> Reader() { return readers_.Acquire(); }

 private:
  SqliteStore(std::unique_ptr<Connection> writer, const std::string& path, SqliteOptions options);

  int64_t Now() const { return now_ms_(); }
  // AppendRequestLog's transaction. REQUIRES: writer_mu_ held.
  Status AppendRequestLogLocked(std::string_view directory_id, const RequestLogEntry& entry,
                                int64_t keep);

  std::function<int64_t()> now_ms_;
  std::mutex writer_mu_;
  std::unique_ptr<Connection> writer_;  // guarded by writer_mu_
  ReaderPool readers_;
};

}  // namespace scimd::storage::sqlite

#endif  // SCIMD_STORAGE_SQLITE_SQLITE_STORE_H_
