// RAII wrapper around a prepared SQLite statement.
//
// Parameters are bound in order with Bind(...) (the n-th call binds the n-th
// "?"); a bind failure is remembered and reported by the next Step/Exec, so
// call sites read as a straight sequence. Column accessors are valid only
// after Step() returned true and until the next Step/Reset.
//
// A Statement either owns its sqlite3_stmt (finalised on destruction) or
// borrows one from a Connection's cache (reset and unbound on destruction,
// so the next user starts clean).
//
// Thread-safety: none; a Statement belongs to the thread using its connection.
#ifndef SCIMD_STORAGE_SQLITE_SQLITE_STATEMENT_H_
#define SCIMD_STORAGE_SQLITE_SQLITE_STATEMENT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"
#include "storage/sql/filter_sql.h"

struct sqlite3;
struct sqlite3_stmt;

namespace scimd::storage::sqlite {

class Statement {
 public:
  // Compiles `sql` (one statement). Fails with kInternal naming the SQL.
  static Result<Statement> Prepare(sqlite3* db, std::string_view sql);

  // Wraps a cached statement; `*in_use` is set now and cleared on destruction.
  Statement(sqlite3_stmt* stmt, bool* in_use);

  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  Statement& Bind(std::string_view text);
  Statement& Bind(int64_t number);
  Statement& Bind(double number);
  Statement& BindNull();
  Statement& BindParam(const sql::Param& param);

  // Advances: true when a row is available, false when done.
  Result<bool> Step();
  // Runs to completion, ignoring any rows.
  Status Exec();
  // Rewinds and clears bindings so the statement can run again.
  void Reset();

  bool IsNull(int column) const;
  int64_t Int(int column) const;
  std::string_view Text(int column) const;  // "" for NULL

 private:
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  void Release();
  void Check(int rc);
  Status BindFailure() const;

  sqlite3_stmt* stmt_ = nullptr;
  bool* in_use_ = nullptr;  // non-null when borrowed from a cache
  int next_param_ = 1;
  int bind_rc_ = 0;  // first failing sqlite3_bind_* result, 0 when none
};

}  // namespace scimd::storage::sqlite

#endif  // SCIMD_STORAGE_SQLITE_SQLITE_STATEMENT_H_
