// The SQL that SqliteStore::Find runs, exposed so tests can EXPLAIN it.
//
// Thread-safety: pure functions.
#ifndef SCIMD_STORAGE_SQLITE_SQLITE_FIND_H_
#define SCIMD_STORAGE_SQLITE_SQLITE_FIND_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "storage/resource_store.h"
#include "storage/sql/filter_sql.h"
#include "storage/sqlite/sqlite_connection.h"

namespace scimd::storage::sqlite {

// A compiled query over `resources r`. Every statement built from it takes
// the directory id and kind code as its first two parameters, then `params`.
struct FindPlan {
  std::string where;  // "" or " AND (<compiled filter>)"
  std::vector<sql::Param> params;
  bool exact = true;     // false: rows must be re-checked with filter::Matches
  std::string order_by;  // " ORDER BY ..." ending with r.id, so the order is total

  // The parts of the order, for keyset paging: the order is
  // [(sort_key) IS NULL,] sort_key ASC|DESC, r.id ASC.
  std::string sort_key;     // SQL expression, e.g. "r.created_ms"
  bool nullable = false;    // sort_key may be NULL (those rows come last)
  bool descending = false;  // direction of sort_key
  std::string hint;         // "+" when an ordering index must not drive the query
};

// Decides whether a candidate row belongs to the result (filter::Matches,
// for plans that are not exact).
using Admit = std::function<Result<bool>(const Resource& resource)>;

// Validates and compiles the filter and sort of `query`. kInvalidFilter /
// kInvalidPath as filter::Validate and sql::CompileSortKey report them.
Result<FindPlan> PlanFind(ResourceKind kind, const Query& query);

// SELECT of the page: resource columns, `where`, `order_by`, then
// "LIMIT ? OFFSET ?" when `paged`.
std::string PageSql(const FindPlan& plan, bool paged);

// SELECT count(*) with `where`.
std::string CountSql(const FindPlan& plan);

// " ORDER BY ..." of `plan`, or its exact reverse.
std::string OrderBySql(const FindPlan& plan, bool reversed);

// The keyset page statement: resource columns, typeof(sort key), sort key;
// `where` plus "rows strictly after/before `position`" in the plan's order;
// then ORDER BY (reversed for `before`) and, when `limited`, "LIMIT ?".
// Parameters: scope, plan.params, then those KeysetParams() returns.
std::string KeysetSql(const FindPlan& plan, const std::optional<KeysetPosition>& position,
                      bool before, bool limited);
std::vector<sql::Param> KeysetParams(const FindPlan& plan,
                                     const std::optional<KeysetPosition>& position);

// Fills result.resources, result.next and result.previous for a keyset
// query (query.keyset); leaves total_results alone. Reads count + 1 rows
// (after `admit` when the plan is not exact), never the rows before the
// position.
Status PageKeyset(Connection& db, std::string_view directory_id, ResourceKind kind,
                  const FindPlan& plan, const Query& query, const Admit& admit,
                  QueryResult& result);

}  // namespace scimd::storage::sqlite

#endif  // SCIMD_STORAGE_SQLITE_SQLITE_FIND_H_
