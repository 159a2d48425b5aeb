// Compiles a filter AST into a parameterised SQL WHERE clause over the table
// layout of docs/design.md (shared by every SQL backend through a dialect).
//
// Values are always bound parameters, never spliced into SQL; `%`, `_` and
// the escape character in co/sw/ew values are escaped so they match
// literally.
//
// Table layout the SQL refers to (alias `r` for the resource row):
//   resources r(directory_id, kind, id, name_lc, external_id, created_ms,
//               modified_ms, version, data)   -- data: JSON text of attributes
//     name_lc = ASCII-lower userName (users) / displayName (groups)
//   emails(directory_id, resource_id, value_lc)
//   members(directory_id, group_id, member_id)
//
// Thread-safety: pure functions.
#ifndef SCIMD_STORAGE_SQL_FILTER_SQL_H_
#define SCIMD_STORAGE_SQL_FILTER_SQL_H_

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "common/status.h"
#include "scim/filter/ast.h"
#include "scim/path/attr_path.h"
#include "scim/schema/schema.h"

namespace scimd::storage::sql {

enum class Dialect { kSqlite, kPostgres };

using Param = std::variant<std::string, int64_t, double>;

struct Compiled {
  std::string where;          // a boolean SQL expression; placeholders are "?" (SQLite)
                              // or "$N" numbered from `first_param` (PostgreSQL)
  std::vector<Param> params;  // in placeholder order
  // False when `where` selects a superset and rows must be re-checked with
  // filter::Matches (only for what SQL cannot express).
  bool exact = true;
};

// REQUIRES: filter::Validate(node, type).ok(). Fails only on internal limits.
Result<Compiled> CompileFilter(const scim::filter::Node& node, const scim::ResourceType& type,
                               Dialect dialect, int first_param = 1);

// An ORDER BY expression for sortBy (RFC 7644 §3.4.2.3): indexed columns for
// userName/displayName/externalId/id/meta.*, JSON extraction otherwise; a
// multi-valued attribute sorts by its primary (else first) value.
// kInvalidPath when the path does not resolve.
Result<std::string> CompileSortKey(const scim::AttrPath& path, const scim::ResourceType& type,
                                   Dialect dialect);

}  // namespace scimd::storage::sql

#endif  // SCIMD_STORAGE_SQL_FILTER_SQL_H_
