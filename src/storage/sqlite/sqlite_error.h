// The one place where SQLite result codes become a Status.
//
//   SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY  -> kUniqueness
//   SQLITE_BUSY / SQLITE_LOCKED (any)       -> kUnavailable (transient; retry)
//   SQLITE_CANTOPEN                         -> kUnavailable
//   everything else                         -> kInternal
//
// The detail reads "<context>: <sqlite message> (<code name>)" so a log line
// says what the store was doing when SQLite failed.
//
// Thread-safety: pure; `db` must not be used concurrently by another thread
// while its message is read.
#ifndef SCIMD_STORAGE_SQLITE_SQLITE_ERROR_H_
#define SCIMD_STORAGE_SQLITE_SQLITE_ERROR_H_

#include <string_view>

#include "common/status.h"

struct sqlite3;

namespace scimd::storage::sqlite {

// REQUIRES: rc is an error code (not SQLITE_OK, SQLITE_ROW or SQLITE_DONE).
// `db` may be nullptr; when given, its last error message enriches the detail.
Status SqliteError(std::string_view context, int rc, sqlite3* db);

// The Code for `rc` alone (extended or primary), without building a detail.
Code SqliteCode(int rc);

}  // namespace scimd::storage::sqlite

#endif  // SCIMD_STORAGE_SQLITE_SQLITE_ERROR_H_
