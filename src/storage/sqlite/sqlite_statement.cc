#include "storage/sqlite/sqlite_statement.h"

#include <sqlite3.h>

#include <utility>
#include <variant>

#include "storage/sqlite/sqlite_error.h"

namespace scimd::storage::sqlite {

Result<Statement> Statement::Prepare(sqlite3* db, std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) {
    return SqliteError("preparing \"" + std::string(sql) + "\"", rc, db);
  }
  return Statement(stmt);
}

Statement::Statement(sqlite3_stmt* stmt, bool* in_use) : stmt_(stmt), in_use_(in_use) {
  *in_use_ = true;
}

Statement::Statement(Statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)),
      in_use_(std::exchange(other.in_use_, nullptr)),
      next_param_(other.next_param_),
      bind_rc_(other.bind_rc_) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    Release();
    stmt_ = std::exchange(other.stmt_, nullptr);
    in_use_ = std::exchange(other.in_use_, nullptr);
    next_param_ = other.next_param_;
    bind_rc_ = other.bind_rc_;
  }
  return *this;
}

Statement::~Statement() { Release(); }

void Statement::Release() {
  if (stmt_ == nullptr) return;
  if (in_use_ != nullptr) {
    Reset();
    *in_use_ = false;
  } else {
    sqlite3_finalize(stmt_);
  }
  stmt_ = nullptr;
  in_use_ = nullptr;
}

void Statement::Check(int rc) {
  ++next_param_;
  if (rc != SQLITE_OK && bind_rc_ == 0) bind_rc_ = rc;
}

Statement& Statement::Bind(std::string_view text) {
  Check(sqlite3_bind_text64(stmt_, next_param_, text.data(), text.size(), SQLITE_TRANSIENT,
                            SQLITE_UTF8));
  return *this;
}

Statement& Statement::Bind(int64_t number) {
  Check(sqlite3_bind_int64(stmt_, next_param_, number));
  return *this;
}

Statement& Statement::Bind(double number) {
  Check(sqlite3_bind_double(stmt_, next_param_, number));
  return *this;
}

Statement& Statement::BindNull() {
  Check(sqlite3_bind_null(stmt_, next_param_));
  return *this;
}

Statement& Statement::BindParam(const sql::Param& param) {
  std::visit([this](const auto& value) { Bind(value); }, param);
  return *this;
}

Status Statement::BindFailure() const {
  return SqliteError("binding parameter of \"" + std::string(sqlite3_sql(stmt_)) + "\"", bind_rc_,
                     sqlite3_db_handle(stmt_));
}

Result<bool> Statement::Step() {
  if (bind_rc_ != 0) return BindFailure();
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteError("running \"" + std::string(sqlite3_sql(stmt_)) + "\"", rc,
                     sqlite3_db_handle(stmt_));
}

Status Statement::Exec() {
  while (true) {
    Result<bool> row = Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Ok();
  }
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  next_param_ = 1;
  bind_rc_ = 0;
}

bool Statement::IsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string_view Statement::Text(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return {};
  return {reinterpret_cast<const char*>(text),
          static_cast<size_t>(sqlite3_column_bytes(stmt_, column))};
}

}  // namespace scimd::storage::sqlite
