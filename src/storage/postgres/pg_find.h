// The SQL that PgStore::Find runs, exposed so tests can EXPLAIN it.
//
// Thread-safety: pure functions.
#ifndef SCIMD_STORAGE_POSTGRES_PG_FIND_H_
#define SCIMD_STORAGE_POSTGRES_PG_FIND_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "storage/resource_store.h"
#include "storage/sql/filter_sql.h"

namespace scimd::storage::postgres {

// A compiled query over `resources r`. Every statement built from it takes
// the directory id and kind code as $1 and $2, then `params` from $3.
struct FindPlan {
  std::string where;  // "" or " AND (<compiled filter>)"
  std::vector<sql::Param> params;
  bool exact = true;         // false: rows must be re-checked with filter::Matches
  std::string order_by;      // " ORDER BY ..." ending with r.id, so the order is total
  std::string sort_key;      // the order's first expression (r.created_ms by default)
  bool nullable = false;     // sort_key may be NULL (NULLs sort last)
  bool descending = false;   // sort_key descends
  bool integer_key = false;  // sort_key is an integer column, else text
};

// Validates and compiles the filter and sort of `query` (Dialect::kPostgres).
// kInvalidFilter / kInvalidPath as filter::Validate and sql::CompileSortKey
// report them.
Result<FindPlan> PlanFind(ResourceKind kind, const Query& query);

// SELECT of the page: resource columns, `where`, `order_by`, then
// "LIMIT $n OFFSET $n+1" when `paged`.
std::string PageSql(const FindPlan& plan, bool paged);

// SELECT count(*) with `where`.
std::string CountSql(const FindPlan& plan);

// " ORDER BY ..." of the plan, or of its exact reverse.
std::string OrderBySql(const FindPlan& plan, bool reversed);

// Keyset paging (pg_cursor.cc): the resources of the page after (or, when
// `query.before` is set, before) the query's position, and the next /
// previous positions. `admit` re-checks a row when the plan is inexact.
using Admit = std::function<Result<bool>(const Resource&)>;
class PgConnection;
Status PageKeyset(PgConnection& db, std::string_view directory_id, ResourceKind kind,
                  const FindPlan& plan, const Query& query, const Admit& admit,
                  QueryResult& result);

}  // namespace scimd::storage::postgres

#endif  // SCIMD_STORAGE_POSTGRES_PG_FIND_H_
