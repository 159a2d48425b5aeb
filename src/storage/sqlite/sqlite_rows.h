// Mapping between scim::Resource and rows of the `resources` and `emails`
// tables (layout in src/storage/sql/filter_sql.h and docs/design.md).
//
// Thread-safety: pure functions.
#ifndef SCIMD_STORAGE_SQLITE_SQLITE_ROWS_H_
#define SCIMD_STORAGE_SQLITE_SQLITE_ROWS_H_

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "scim/resource/resource.h"
#include "storage/sqlite/sqlite_connection.h"
#include "storage/sqlite/sqlite_statement.h"

namespace scimd::storage::sqlite {

// The `kind` column: 0 user, 1 group.
int64_t KindCode(scim::ResourceKind kind);
scim::ResourceKind KindFromCode(int64_t code);

// The columns derived from attributes so lookups IdPs make are index-backed.
struct IndexedValues {
  std::string name_lc;                     // lower-cased userName / displayName
  std::optional<std::string> external_id;  // as sent (externalId is caseExact)
  std::vector<std::string> emails_lc;      // lower-cased emails[].value, no duplicates
};

// Fails with kInvalidValue when the naming attribute (userName for users,
// displayName for groups) is missing, empty or not a string.
Result<IndexedValues> IndexedValuesOf(scim::ResourceKind kind,
                                      const boost::json::object& attributes);

// Select list that ReadResource() decodes, for a `resources` row aliased `r`.
inline constexpr const char* kResourceColumns =
    "r.id, r.kind, r.created_ms, r.modified_ms, r.version, r.data";

// Decodes the current row (selected with kResourceColumns first). kInternal
// when the stored JSON is not an object.
Result<scim::Resource> ReadResource(const Statement& stmt);

// Lookups inside the caller's transaction on `db`.
Result<bool> DirectoryExists(Connection& db, std::string_view directory_id);
Result<bool> ResourceExists(Connection& db, std::string_view directory_id, scim::ResourceKind kind,
                            std::string_view id);
// True when `id` names a user or a group of the directory.
Result<bool> AnyResourceExists(Connection& db, std::string_view directory_id, std::string_view id);
// kNotFound naming the resource when absent.
Result<scim::Resource> LoadResource(Connection& db, std::string_view directory_id,
                                    scim::ResourceKind kind, std::string_view id);

// Replaces the `emails` lookup rows of a resource.
Status WriteEmails(Connection& db, std::string_view directory_id, std::string_view resource_id,
                   const std::vector<std::string>& emails_lc);

// The JSON that filter::Matches evaluates: attributes plus id and
// meta{resourceType, created, lastModified, version}.
boost::json::object EvaluableJson(const scim::Resource& resource);

}  // namespace scimd::storage::sqlite

#endif  // SCIMD_STORAGE_SQLITE_SQLITE_ROWS_H_
