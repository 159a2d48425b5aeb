// The SQL that PgStore::Find runs, exposed so tests can EXPLAIN it.
//
// Thread-safety: pure functions.
#ifndef SCIMD_STORAGE_POSTGRES_PG_FIND_H_
#define SCIMD_STORAGE_POSTGRES_PG_FIND_H_

#include <string>
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
  bool exact = true;     // false: rows must be re-checked with filter::Matches
  std::string order_by;  // " ORDER BY ..." ending with r.id, so the order is total
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

}  // namespace scimd::storage::postgres

#endif  // SCIMD_STORAGE_POSTGRES_PG_FIND_H_
