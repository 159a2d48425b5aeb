#include "storage/sqlite/sqlite_error.h"

#include <sqlite3.h>

#include <string>

namespace scimd::storage::sqlite {

Code SqliteCode(int rc) {
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return Code::kUniqueness;
  }
  // The primary code is the low byte of an extended code; BUSY_SNAPSHOT,
  // LOCKED_SHAREDCACHE and friends are all transient.
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_CANTOPEN:
      return Code::kUnavailable;
  }
  return Code::kInternal;
}

Status SqliteError(std::string_view context, int rc, sqlite3* db) {
  std::string detail(context);
  detail += ": ";
  // sqlite3_errmsg describes the most recent failure on `db`, which is the
  // one being translated as long as callers translate immediately.
  detail += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  detail += " (";
  detail += sqlite3_errstr(rc);
  detail += ", code ";
  detail += std::to_string(rc);
  detail += ")";
  return Status(SqliteCode(rc), std::move(detail));
}

}  // namespace scimd::storage::sqlite
