// Mapping between scim::Resource and rows of the `resources` and `emails`
// tables in PostgreSQL. The derived lookup columns (name_lc, external_id,
// emails) are computed by the same functions as the SQLite backend
// (sqlite::IndexedValuesOf), so both backends index identically.
//
// Every function works inside the caller's transaction on `db`.
//
// Thread-safety: as the connection.
#ifndef SCIMD_STORAGE_POSTGRES_PG_ROWS_H_
#define SCIMD_STORAGE_POSTGRES_PG_ROWS_H_

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "scim/resource/resource.h"
#include "storage/postgres/pg_connection.h"
#include "storage/sqlite/sqlite_rows.h"

namespace scimd::storage::postgres {

// Select list that ReadResource() decodes, for a `resources` row aliased `r`.
inline constexpr const char* kResourceColumns =
    "r.id, r.kind, r.created_ms, r.modified_ms, r.version, r.data::text";

// The `kind` column as a bound parameter: "0" user, "1" group.
int64_t KindCode(scim::ResourceKind kind);

// Decodes row `row` of a result selected with kResourceColumns first.
// kInternal when the stored JSON is not an object.
Result<scim::Resource> ReadResource(const PgResult& result, int row);

Result<bool> DirectoryExists(PgConnection& db, std::string_view directory_id);
Result<bool> ResourceExists(PgConnection& db, std::string_view directory_id,
                            scim::ResourceKind kind, std::string_view id);
// True when `id` names a user or a group of the directory.
Result<bool> AnyResourceExists(PgConnection& db, std::string_view directory_id,
                               std::string_view id);

// kNotFound naming the resource when absent. With `for_update` the row stays
// locked until the transaction ends, so concurrent writers of the resource
// (on any node) run one after the other.
Result<scim::Resource> LoadResource(PgConnection& db, std::string_view directory_id,
                                    scim::ResourceKind kind, std::string_view id, bool for_update);

// Rewrites a unique violation (kUniqueness from `db`'s last command) into
// what the client knows: the naming attribute when resources_name refused
// the row, else the id. Other statuses pass through.
Status Taken(Status status, const PgConnection& db, const scim::Resource& resource);

// Inserts `stored` (version, timestamps already set) with its lookup columns
// and e-mail rows. kUniqueness when the id is taken by a user or group of the
// directory, or the name is (Taken()).
Status InsertResource(PgConnection& db, std::string_view directory_id, const scim::Resource& stored,
                      const sqlite::IndexedValues& indexed);

// Replaces the `emails` lookup rows of a resource.
Status WriteEmails(PgConnection& db, std::string_view directory_id, std::string_view resource_id,
                   const std::vector<std::string>& emails_lc);

}  // namespace scimd::storage::postgres

#endif  // SCIMD_STORAGE_POSTGRES_PG_ROWS_H_
