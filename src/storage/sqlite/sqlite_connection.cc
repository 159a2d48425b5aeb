#include "storage/sqlite/sqlite_connection.h"

#include <sqlite3.h>

#include <utility>

#include "storage/sqlite/sqlite_error.h"

namespace scimd::storage::sqlite {
namespace {

constexpr size_t kMaxCached = 128;

}  // namespace

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, Mode mode,
                                                     int busy_timeout_ms) {
  // NOMUTEX: the store never shares a connection between threads at once, so
  // SQLite's per-connection mutex would only cost time.
  int flags = SQLITE_OPEN_NOMUTEX;
  switch (mode) {
    case Mode::kReadWrite:
      flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
      break;
    case Mode::kReadOnly:
      // Opened read-write and then fenced with query_only: a WAL reader may
      // need to write the -shm index even though it never changes data.
      flags |= SQLITE_OPEN_READWRITE;
      break;
  }
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status status = SqliteError("opening " + path, rc, db);
    sqlite3_close(db);
    return Unavailable(status.detail());
  }
  std::unique_ptr<Connection> connection(new Connection(db));
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, busy_timeout_ms);
  SCIMD_RETURN_IF_ERROR(connection->Exec("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;"));
  if (mode == Mode::kReadOnly) SCIMD_RETURN_IF_ERROR(connection->Exec("PRAGMA query_only = ON"));
  return connection;
}

Connection::~Connection() {
  for (auto& [sql, cached] : cache_) sqlite3_finalize(cached->stmt);
  sqlite3_close(db_);
}

Status Connection::Exec(std::string_view sql) {
  std::string text(sql);
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return SqliteError("running \"" + text + "\"", rc, db_);
  return Status::Ok();
}

Result<Statement> Connection::Prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  // Filters compile to many shapes; past the cap, rare shapes are compiled
  // per use so the cache cannot grow without bound.
  if (it == cache_.end() && cache_.size() >= kMaxCached) return Statement::Prepare(db_, sql);
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return SqliteError("preparing \"" + sql + "\"", rc, db_);
    auto cached = std::make_unique<Cached>();
    cached->stmt = stmt;
    it = cache_.emplace(sql, std::move(cached)).first;
  }
  if (it->second->in_use) return Statement::Prepare(db_, sql);
  return Statement(it->second->stmt, &it->second->in_use);
}

int64_t Connection::Changes() const { return sqlite3_changes64(db_); }

Result<Transaction> Transaction::Begin(Connection& connection, Kind kind) {
  switch (kind) {
    case Kind::kDeferred:
      SCIMD_RETURN_IF_ERROR(connection.Exec("BEGIN DEFERRED"));
      break;
    case Kind::kImmediate:
      // IMMEDIATE takes the write lock now, so a read-modify-write never
      // fails half-way with SQLITE_BUSY when upgrading its lock.
      SCIMD_RETURN_IF_ERROR(connection.Exec("BEGIN IMMEDIATE"));
      break;
  }
  return Transaction(&connection);
}

Transaction::Transaction(Transaction&& other) noexcept
    : connection_(std::exchange(other.connection_, nullptr)) {}

Transaction::~Transaction() {
  if (connection_ == nullptr) return;
  // Nothing useful can be done if ROLLBACK itself fails; SQLite rolls back
  // on its own when the connection closes.
  (void)connection_->Exec("ROLLBACK");
}

Status Transaction::Commit() {
  Status status = connection_->Exec("COMMIT");
  if (status.ok()) connection_ = nullptr;
  return status;
}

}  // namespace scimd::storage::sqlite
