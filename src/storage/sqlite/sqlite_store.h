// The embedded SQLite backend of ResourceStore.
//
// One database file holds every directory. Writes go through a single writer
// connection under a mutex (SQLite admits one writer at a time anyway), each
// call one IMMEDIATE transaction; reads borrow a connection from a pool and
// run concurrently with each other and with the writer (WAL mode).
//
// Durability: a call that returns OK has its write on disk. The writer runs
// with synchronous=NORMAL, so COMMIT only appends to the WAL; the caller then
// releases the writer mutex and waits for a group commit (wal_sync.h): one
// fdatasync of the WAL covers every commit made before it started, so many
// concurrent writers share one fsync. A commit made without that wait (any
// write not going through WriteDurably) is synced by the WAL hook before its
// statement returns, as synchronous=FULL would. The request log is the
// exception: entries are queued in memory and written in batches by a
// background thread, never synced on their own (a crash may lose the newest
// entries, never a resource).
//
// Table layout: see src/storage/sql/filter_sql.h and docs/design.md.
//
// Thread-safety: as ResourceStore — every method may be called concurrently.
#ifndef SCIMD_STORAGE_SQLITE_SQLITE_STORE_H_
#define SCIMD_STORAGE_SQLITE_SQLITE_STORE_H_

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "common/status.h"
#include "storage/resource_store.h"
#include "storage/sqlite/sqlite_connection.h"
#include "storage/sqlite/sqlite_reader_pool.h"
#include "storage/sqlite/wal_sync.h"

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
  // Request-log entries are written in one transaction when this many are
  // queued, when the queue gained no entry for request_log_idle_ms, or at the
  // latest request_log_flush_ms after the first of them was queued.
  size_t request_log_batch = 256;
  int request_log_flush_ms = 50;
  int request_log_idle_ms = 2;
  // Entries queued beyond this are dropped (and counted), never waited for.
  size_t request_log_queue_limit = 16384;
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

  // Writes what is still queued for the request log, then closes the database.
  ~SqliteStore() override;

  // The SCIM request log (sqlite_request_log.cc). AppendRequestLog checks the
  // directory and queues the entry, returning before it is written; a
  // background thread writes queued entries in batches and prunes each ring.
  // kUnavailable when the queue is full (the entry is dropped and counted).
  // ListRequestLog first writes everything queued, so it sees every entry
  // appended before it was called (in this process).
  Status AppendRequestLog(std::string_view directory_id, const RequestLogEntry& entry,
                          int64_t keep) override;
  Result<std::vector<RequestLogEntry>> ListRequestLog(std::string_view directory_id,
                                                      int64_t limit) override;
  // Writes every queued request-log entry now. Entries whose directory was
  // removed meanwhile are skipped.
  Status FlushRequestLog();
  // Entries dropped because the queue was full, since Open.
  uint64_t RequestLogDropped();

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
  Status WriteHealth() override;                               // the group fsync's sticky failure

  // A read connection, for diagnostics such as EXPLAIN QUERY PLAN in tests.
  Result<ReaderPool::Lease> Reader() { return readers_.Acquire(); }

 private:
  // How the WAL hook treats the commit it is called for.
  enum class SyncMode {
    kInline,    // fsync the WAL before the committing statement returns
    kDeferred,  // the caller waits for a group commit (WriteDurably)
    kNone,      // not an acknowledged write (request log)
  };

  struct QueuedLogEntry {
    std::string directory_id;
    RequestLogEntry entry;
    int64_t keep = 0;
  };

  SqliteStore(std::unique_ptr<Connection> writer, std::unique_ptr<WalSync> wal_sync,
              const std::string& path, SqliteOptions options);

  int64_t Now() const { return now_ms_(); }

  // Commits `txn` without an fsync, releases `lock` (on writer_mu_) and waits
  // until a sync of the WAL covers the commit. OK only once the write is on
  // disk; the commit's error, or kUnavailable when the sync failed (the data
  // is then committed but not acknowledged).
  //
  // `write` runs with writer_mu_ held and commits its transaction with
  // CommitForSync; the wait happens after `write` has returned, so every
  // statement and transaction it made on the writer connection is destroyed
  // before the mutex is released (the connection is opened NOMUTEX: touching
  // it unlocked, even to reset a statement, corrupts it).
  template <class Write>
  auto WriteDurably(Write&& write) -> decltype(write(std::declval<uint64_t&>()));
  // Commits `txn` without a sync of its own and sets `ticket` for
  // WriteDurably's wait. REQUIRES: writer_mu_ held, inside WriteDurably.
  Status CommitForSync(Transaction& txn, uint64_t& ticket);
  // sqlite3_wal_hook callback: called after every commit of the writer.
  static int OnWalCommit(void* store, sqlite3* db, const char* name, int frames);

  // Writes `batch` in one transaction. REQUIRES: log_flush_mu_ held.
  Status WriteRequestLog(const std::vector<QueuedLogEntry>& batch);
  void RunRequestLogFlusher();
  void StopRequestLogFlusher();

  std::function<int64_t()> now_ms_;
  std::mutex writer_mu_;
  std::unique_ptr<Connection> writer_;      // guarded by writer_mu_
  SyncMode sync_mode_ = SyncMode::kInline;  // guarded by writer_mu_
  std::unique_ptr<WalSync> wal_sync_;
  ReaderPool readers_;

  // The request-log queue and its flusher thread.
  const size_t log_batch_;
  const int log_flush_ms_;
  const int log_idle_ms_;
  const size_t log_queue_limit_;
  std::mutex log_flush_mu_;  // held while a batch is taken and written
  std::mutex log_mu_;
  std::condition_variable log_cv_;
  std::vector<QueuedLogEntry> log_queue_;  // guarded by log_mu_
  uint64_t log_dropped_ = 0;               // guarded by log_mu_
  bool log_stop_ = false;                  // guarded by log_mu_
  std::thread log_flusher_;
};

template <class Write>
auto SqliteStore::WriteDurably(Write&& write) -> decltype(write(std::declval<uint64_t&>())) {
  uint64_t ticket = 0;
  auto result = [&] {
    std::lock_guard<std::mutex> lock(writer_mu_);
    return write(ticket);
  }();
  if (!result.ok() || ticket == 0) return result;
  if (Status synced = wal_sync_->WaitDurable(ticket); !synced.ok()) return synced;
  return result;
}

}  // namespace scimd::storage::sqlite

#endif  // SCIMD_STORAGE_SQLITE_SQLITE_STORE_H_
