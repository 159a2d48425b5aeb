// Versioned schema migrations for the SQLite store.
//
// The schema version lives in PRAGMA user_version. Migrate() applies every
// step newer than the file's version, in order, inside one IMMEDIATE
// transaction, so a crash or a concurrent opener never sees half a schema.
// Steps are append-only: a released step is never edited.
//
// Thread-safety: call with exclusive use of `connection`.
#ifndef SCIMD_STORAGE_SQLITE_SQLITE_MIGRATIONS_H_
#define SCIMD_STORAGE_SQLITE_SQLITE_MIGRATIONS_H_

#include "common/status.h"
#include "storage/sqlite/sqlite_connection.h"

namespace scimd::storage::sqlite {

// The version the newest step brings a database to.
int LatestSchemaVersion();

// Brings the database up to LatestSchemaVersion(). kInternal when the file
// was written by a newer build (its version is higher than ours) or a step
// fails; kUnavailable when the database is locked past the busy timeout.
Status Migrate(Connection& connection);

}  // namespace scimd::storage::sqlite

#endif  // SCIMD_STORAGE_SQLITE_SQLITE_MIGRATIONS_H_
