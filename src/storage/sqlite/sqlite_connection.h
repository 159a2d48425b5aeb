// One SQLite connection with the store's settings applied, a cache of
// prepared statements, and a scoped transaction guard.
//
// Every connection opens with foreign_keys=ON, synchronous=FULL (a committed
// transaction is on disk before COMMIT returns) and a busy timeout; the
// database file itself is in WAL mode (set once by the writer at open), so
// readers never block the writer and see only committed data. The store
// switches its writer to synchronous=NORMAL once migrations are done and
// makes commits durable itself with a group commit (wal_sync.h).
//
// Thread-safety: none; the store hands a connection to one thread at a time
// (the writer under a mutex, readers through the pool).
#ifndef SCIMD_STORAGE_SQLITE_SQLITE_CONNECTION_H_
#define SCIMD_STORAGE_SQLITE_SQLITE_CONNECTION_H_

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/status.h"
#include "storage/sqlite/sqlite_statement.h"

struct sqlite3;
struct sqlite3_stmt;

namespace scimd::storage::sqlite {

class Connection {
 public:
  enum class Mode { kReadWrite, kReadOnly };

  // Opens (creating when kReadWrite) the database at `path`. kUnavailable when
  // the file cannot be opened.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path, Mode mode,
                                                  int busy_timeout_ms);

  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Runs one or more statements without parameters (DDL, pragmas).
  Status Exec(std::string_view sql);

  // A statement from this connection's cache (up to 128 distinct SQL texts),
  // compiled on first use. When the cached one is busy (the same SQL used twice at once) a private
  // copy is returned instead.
  Result<Statement> Prepare(const std::string& sql);

  // Rows changed by the last INSERT/UPDATE/DELETE.
  int64_t Changes() const;

  sqlite3* db() const { return db_; }

 private:
  struct Cached {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;
  };

  explicit Connection(sqlite3* db) : db_(db) {}

  sqlite3* db_;
  std::unordered_map<std::string, std::unique_ptr<Cached>> cache_;
};

// BEGIN on construction (Begin), ROLLBACK on destruction unless Commit()
// succeeded. A failed COMMIT also rolls back.
class Transaction {
 public:
  enum class Kind { kDeferred, kImmediate };

  static Result<Transaction> Begin(Connection& connection, Kind kind);

  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  Status Commit();

 private:
  explicit Transaction(Connection* connection) : connection_(connection) {}

  Connection* connection_;  // nullptr once finished
};

}  // namespace scimd::storage::sqlite

#endif  // SCIMD_STORAGE_SQLITE_SQLITE_CONNECTION_H_
