// Versioned schema migrations for the PostgreSQL backend.
//
// The schema version lives in the table `scimd_schema_version` (one row).
// Migrate() takes a session advisory lock first, so when several nodes start
// together exactly one applies the missing steps and the others wait, then
// find nothing to do. The steps run in one transaction; steps are
// append-only. A database written by a newer build is refused.
//
// Thread-safety: as the connection.
#ifndef SCIMD_STORAGE_POSTGRES_PG_MIGRATIONS_H_
#define SCIMD_STORAGE_POSTGRES_PG_MIGRATIONS_H_

#include <string>

#include "common/status.h"
#include "storage/postgres/pg_connection.h"

namespace scimd::storage::postgres {

// The version this build writes.
int LatestSchemaVersion();

// Creates `schema` when not empty and missing, then brings it (or the
// connection's default schema) to LatestSchemaVersion(). kInternal when the
// database is newer than this build or a step fails.
Status Migrate(PgConnection& connection, const std::string& schema);

// The version recorded in the database, 0 before the first migration.
Result<int> SchemaVersion(PgConnection& connection);

}  // namespace scimd::storage::postgres

#endif  // SCIMD_STORAGE_POSTGRES_PG_MIGRATIONS_H_
