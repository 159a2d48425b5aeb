#include "storage/sqlite/sqlite_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <system_error>
#include <utility>

#include "storage/sqlite/sqlite_events.h"
#include "storage/sqlite/sqlite_members.h"
#include "storage/sqlite/sqlite_migrations.h"
#include "storage/sqlite/sqlite_rows.h"

namespace scimd::storage::sqlite {
namespace {

int64_t SystemNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

constexpr const char* kDirectoryColumns =
    "id, name, idp, secret_hash, settings, created_ms, previous_secret_hash, "
    "previous_secret_expires_ms";

Result<DirectoryRecord> ReadDirectory(const Statement& stmt) {
  DirectoryRecord directory;
  directory.id = std::string(stmt.Text(0));
  directory.name = std::string(stmt.Text(1));
  directory.idp = std::string(stmt.Text(2));
  directory.secret_hash = std::string(stmt.Text(3));
  std::error_code ec;
  boost::json::value settings = boost::json::parse(stmt.Text(4), ec);
  if (ec || !settings.is_object()) {
    return Internal("settings of directory " + directory.id + " are not a JSON object");
  }
  directory.settings = std::move(settings.get_object());
  directory.created_ms = stmt.Int(5);
  directory.previous_secret_hash = std::string(stmt.Text(6));
  directory.previous_secret_expires_ms = stmt.Int(7);
  return directory;
}

Status SwitchToWal(Connection& db) {
  SCIMD_ASSIGN_OR_RETURN(Statement stmt, db.Prepare("PRAGMA journal_mode = WAL"));
  SCIMD_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row || stmt.Text(0) != "wal") {
    return Unavailable("the database cannot use write-ahead logging (journal_mode " +
                       std::string(row ? stmt.Text(0) : "unknown") + ")");
  }
  return Status::Ok();
}

// SQLite's own auto-checkpoint threshold (pages in the WAL). Installing a WAL
// hook replaces the default hook that runs auto-checkpoints, so OnWalCommit
// runs them itself.
constexpr int kCheckpointFrames = 1000;

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path,
                                                       SqliteOptions options) {
  SCIMD_ASSIGN_OR_RETURN(
      std::unique_ptr<Connection> writer,
      Connection::Open(path, Connection::Mode::kReadWrite, options.busy_timeout_ms));
  SCIMD_RETURN_IF_ERROR(SwitchToWal(*writer));
  // Migrations commit at synchronous=FULL; from here on the group commit
  // syncs the WAL. Migrate's transactions also opened the WAL, so the -wal
  // file exists and stays while the writer connection is open.
  SCIMD_RETURN_IF_ERROR(Migrate(*writer));
  SCIMD_RETURN_IF_ERROR(writer->Exec("PRAGMA synchronous = NORMAL"));
  SCIMD_ASSIGN_OR_RETURN(std::unique_ptr<WalSync> wal_sync, WalSync::Open(path + "-wal"));
  return std::unique_ptr<SqliteStore>(
      new SqliteStore(std::move(writer), std::move(wal_sync), path, std::move(options)));
}

SqliteStore::SqliteStore(std::unique_ptr<Connection> writer, std::unique_ptr<WalSync> wal_sync,
                         const std::string& path, SqliteOptions options)
    : now_ms_(options.now_ms ? std::move(options.now_ms) : SystemNowMs),
      writer_(std::move(writer)),
      wal_sync_(std::move(wal_sync)),
      readers_(path, options.busy_timeout_ms, options.max_idle_readers),
      log_batch_(std::max<size_t>(options.request_log_batch, 1)),
      log_flush_ms_(std::max(options.request_log_flush_ms, 1)),
      log_idle_ms_(std::max(options.request_log_idle_ms, 1)),
      log_queue_limit_(options.request_log_queue_limit) {
  sqlite3_wal_hook(writer_->db(), &SqliteStore::OnWalCommit, this);
  log_flusher_ = std::thread([this] { RunRequestLogFlusher(); });
}

SqliteStore::~SqliteStore() {
  StopRequestLogFlusher();
  sqlite3_wal_hook(writer_->db(), nullptr, nullptr);
}

// --- Durable commits ---------------------------------------------------------

Status SqliteStore::CommitForSync(Transaction& txn, uint64_t& ticket) {
  sync_mode_ = SyncMode::kDeferred;
  Status committed = txn.Commit();
  sync_mode_ = SyncMode::kInline;
  SCIMD_RETURN_IF_ERROR(committed);
  // Taken under writer_mu_, so tickets follow commit order.
  ticket = wal_sync_->NoteCommit();
  return Status::Ok();
}

Status SqliteStore::WriteHealth() { return wal_sync_->Failure(); }

int SqliteStore::OnWalCommit(void* arg, sqlite3* db, const char* name, int frames) {
  auto* store = static_cast<SqliteStore*>(arg);
  int rc = SQLITE_OK;
  switch (store->sync_mode_) {
    case SyncMode::kInline: {
      // A commit outside WriteDurably (an autocommit statement, a caller
      // that returns right after Commit): sync now, under writer_mu_, so it
      // is never acknowledged before it is on disk. An error here fails the
      // statement although the data is committed, as a failed fsync would.
      Status synced = store->wal_sync_->WaitDurable(store->wal_sync_->NoteCommit());
      if (!synced.ok()) rc = SQLITE_IOERR_FSYNC;
      break;
    }
    case SyncMode::kDeferred:
    case SyncMode::kNone:
      break;
  }
  if (frames >= kCheckpointFrames) {
    // PASSIVE, as the default hook: copies what no reader still needs. Its
    // failure does not affect the commit that has already happened.
    (void)sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  }
  return rc;
}

// --- Directories -------------------------------------------------------------

Status SqliteStore::CreateDirectory(const DirectoryRecord& directory) {
  std::lock_guard<std::mutex> lock(writer_mu_);
  SCIMD_ASSIGN_OR_RETURN(
      Statement stmt,
      writer_->Prepare("INSERT INTO directories (id, name, idp, secret_hash, settings, "
                       "created_ms, previous_secret_hash, previous_secret_expires_ms) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
  stmt.Bind(directory.id).Bind(directory.name).Bind(directory.idp).Bind(directory.secret_hash);
  stmt.Bind(boost::json::serialize(directory.settings)).Bind(directory.created_ms);
  stmt.Bind(directory.previous_secret_hash).Bind(directory.previous_secret_expires_ms);
  Status status = stmt.Exec();
  if (status.code() == Code::kUniqueness) {
    return Uniqueness("directory " + directory.id + " already exists");
  }
  return status;
}

Result<DirectoryRecord> SqliteStore::GetDirectory(std::string_view id) {
  SCIMD_ASSIGN_OR_RETURN(ReaderPool::Lease db, readers_.Acquire());
  SCIMD_ASSIGN_OR_RETURN(Statement stmt, db->Prepare(std::string("SELECT ") + kDirectoryColumns +
                                                     " FROM directories WHERE id = ?"));
  stmt.Bind(id);
  SCIMD_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return NotFound("directory " + std::string(id) + " not found");
  return ReadDirectory(stmt);
}

Result<std::vector<DirectoryRecord>> SqliteStore::ListDirectories() {
  SCIMD_ASSIGN_OR_RETURN(ReaderPool::Lease db, readers_.Acquire());
  SCIMD_ASSIGN_OR_RETURN(Statement stmt, db->Prepare(std::string("SELECT ") + kDirectoryColumns +
                                                     " FROM directories ORDER BY created_ms, id"));
  std::vector<DirectoryRecord> directories;
  while (true) {
    SCIMD_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    SCIMD_ASSIGN_OR_RETURN(DirectoryRecord directory, ReadDirectory(stmt));
    directories.push_back(std::move(directory));
  }
  return directories;
}

Status SqliteStore::UpdateDirectory(const DirectoryRecord& directory) {
  std::lock_guard<std::mutex> lock(writer_mu_);
  SCIMD_ASSIGN_OR_RETURN(Transaction txn,
                         Transaction::Begin(*writer_, Transaction::Kind::kImmediate));
  // The record before the change, to describe it in the change feed.
  SCIMD_ASSIGN_OR_RETURN(Statement read,
                         writer_->Prepare(std::string("SELECT ") + kDirectoryColumns +
                                          " FROM directories WHERE id = ?"));
  read.Bind(directory.id);
  SCIMD_ASSIGN_OR_RETURN(bool found, read.Step());
  if (!found) return NotFound("directory " + directory.id + " not found");
  SCIMD_ASSIGN_OR_RETURN(DirectoryRecord before, ReadDirectory(read));
  read.Reset();
  SCIMD_ASSIGN_OR_RETURN(
      Statement stmt,
      writer_->Prepare("UPDATE directories SET name = ?, idp = ?, secret_hash = ?, settings = ?, "
                       "previous_secret_hash = ?, previous_secret_expires_ms = ? WHERE id = ?"));
  stmt.Bind(directory.name).Bind(directory.idp).Bind(directory.secret_hash);
  stmt.Bind(boost::json::serialize(directory.settings));
  stmt.Bind(directory.previous_secret_hash).Bind(directory.previous_secret_expires_ms);
  stmt.Bind(directory.id);
  SCIMD_RETURN_IF_ERROR(stmt.Exec());
  SCIMD_RETURN_IF_ERROR(
      AppendEvents(*writer_, directory.id, Now(), DirectoryEvents(before, directory)));
  return txn.Commit();
}

Status SqliteStore::DeleteDirectory(std::string_view id) {
  // Queued log entries of this directory go in first (and are removed with
  // it), so none can land in a directory later created with the same id.
  SCIMD_RETURN_IF_ERROR(FlushRequestLog());
  return WriteDurably([&](uint64_t& ticket) -> Status {
    SCIMD_ASSIGN_OR_RETURN(Transaction txn,
                           Transaction::Begin(*writer_, Transaction::Kind::kImmediate));
    // Children first: resources reference directories, and every child table is
    // keyed by directory_id first, so each DELETE is a range delete.
    SCIMD_RETURN_IF_ERROR(DropEvents(*writer_, id));
    for (const char* sql :
         {"DELETE FROM members WHERE directory_id = ?", "DELETE FROM emails WHERE directory_id = ?",
          "DELETE FROM resources WHERE directory_id = ?", "DELETE FROM directories WHERE id = ?"}) {
      SCIMD_ASSIGN_OR_RETURN(Statement stmt, writer_->Prepare(sql));
      stmt.Bind(id);
      SCIMD_RETURN_IF_ERROR(stmt.Exec());
    }
    if (writer_->Changes() == 0) return NotFound("directory " + std::string(id) + " not found");
    return CommitForSync(txn, ticket);
  });
}

Result<int64_t> SqliteStore::Count(std::string_view directory_id, ResourceKind kind) {
  SCIMD_ASSIGN_OR_RETURN(ReaderPool::Lease db, readers_.Acquire());
  SCIMD_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(*db, Transaction::Kind::kDeferred));
  SCIMD_ASSIGN_OR_RETURN(bool exists, DirectoryExists(*db, directory_id));
  if (!exists) return NotFound("directory " + std::string(directory_id) + " not found");
  SCIMD_ASSIGN_OR_RETURN(
      Statement stmt,
      db->Prepare("SELECT count(*) FROM resources WHERE directory_id = ? AND kind = ?"));
  stmt.Bind(directory_id).Bind(KindCode(kind));
  SCIMD_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return Internal("count(*) returned no row");
  return stmt.Int(0);
}

// --- Membership reads -------------------------------------------------------

Result<std::vector<Member>> SqliteStore::ListMembers(std::string_view directory_id,
                                                     std::string_view group_id) {
  SCIMD_ASSIGN_OR_RETURN(ReaderPool::Lease db, readers_.Acquire());
  // One read transaction: the existence check and the list see one snapshot.
  SCIMD_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(*db, Transaction::Kind::kDeferred));
  SCIMD_ASSIGN_OR_RETURN(bool exists,
                         ResourceExists(*db, directory_id, ResourceKind::kGroup, group_id));
  if (!exists) return NotFound("group " + std::string(group_id) + " not found");
  return ReadMembers(*db, directory_id, group_id);
}

Result<std::vector<GroupRef>> SqliteStore::GroupsOf(std::string_view directory_id,
                                                    std::string_view member_id) {
  SCIMD_ASSIGN_OR_RETURN(ReaderPool::Lease db, readers_.Acquire());
  return ReadGroupsOf(*db, directory_id, member_id);
}

}  // namespace scimd::storage::sqlite
