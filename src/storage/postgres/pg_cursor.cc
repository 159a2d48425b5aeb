// Keyset (cursor) paging on PostgreSQL: a page is the rows strictly after (or
// before) a position in the query's total order, read through the order's
// index when there is one, so its cost does not grow with its depth.
//
// Positions: the sort key is an integer for the integer columns
// (created_ms, modified_ms, version), text otherwise (as PostgreSQL orders
// it), monostate when the resource has no value.
#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "storage/postgres/pg_connection.h"
#include "storage/postgres/pg_find.h"
#include "storage/postgres/pg_rows.h"

namespace scimd::storage::postgres {
namespace {

// One term of the order and the position's value for it (nullopt: the
// position has no value there, so every row in its NULL group ties on it).
struct Term {
  std::string expr;
  bool descending = false;
  std::optional<sql::Param> value;
};

std::optional<sql::Param> ParamOf(const KeysetPosition::Key& key) {
  struct Visitor {
    std::optional<sql::Param> operator()(std::monostate) const { return std::nullopt; }
    std::optional<sql::Param> operator()(const std::string& s) const { return sql::Param(s); }
    std::optional<sql::Param> operator()(int64_t n) const { return sql::Param(n); }
    std::optional<sql::Param> operator()(double d) const { return sql::Param(d); }
  };
  return std::visit(Visitor{}, key);
}

std::vector<Term> Terms(const FindPlan& plan, const KeysetPosition& position) {
  std::vector<Term> terms;
  const bool has_key = !std::holds_alternative<std::monostate>(position.key);
  if (plan.nullable) {
    // false < true, as the ORDER BY's "IS NULL" term sorts.
    terms.push_back(
        {"((" + plan.sort_key + ") IS NULL)::int", false, sql::Param(int64_t{has_key ? 0 : 1})});
  }
  terms.push_back({"(" + plan.sort_key + ")", plan.descending, ParamOf(position.key)});
  terms.push_back({"r.id", false, sql::Param(position.id)});
  return terms;
}

struct Condition {
  std::string sql;  // "?" placeholders, numbered at the end
  std::vector<sql::Param> params;
};

// "Strictly after (before) the position" as a lexicographic comparison,
// preceded by a bound on the first term so an index on it can seek:
//   t1 >= v1 AND (t1 > v1 OR (t1 = v1 AND (t2 > v2 OR ...)))
Condition Beyond(const std::vector<Term>& terms, bool before) {
  Condition tail{"FALSE", {}};
  for (auto it = terms.rbegin(); it != terms.rend(); ++it) {
    if (!it->value) continue;  // ties within the NULL group
    const bool greater = it->descending == before;
    Condition c;
    c.sql = "(" + it->expr + (greater ? " > ?" : " < ?") + " OR (" + it->expr + " = ? AND " +
            tail.sql + "))";
    c.params = {*it->value, *it->value};
    c.params.insert(c.params.end(), tail.params.begin(), tail.params.end());
    tail = std::move(c);
  }
  for (const Term& term : terms) {
    if (!term.value) continue;
    const bool greater = term.descending == before;
    Condition bounded;
    bounded.sql = term.expr + (greater ? " >= ?" : " <= ?") + " AND " + tail.sql;
    bounded.params = {*term.value};
    bounded.params.insert(bounded.params.end(), tail.params.begin(), tail.params.end());
    return bounded;
  }
  return tail;
}

// Numbers "?" marks from $first; the condition holds no string literals.
std::string Number(const std::string& sql, int first) {
  std::string out;
  for (char c : sql) {
    if (c == '?') {
      out += "$" + std::to_string(first++);
    } else {
      out += c;
    }
  }
  return out;
}

KeysetPosition PositionOf(const FindPlan& plan, const PgResult& rows, int row,
                          const Resource& resource) {
  KeysetPosition position;
  position.id = resource.id;
  constexpr int kKeyColumn = 6;  // after kResourceColumns
  if (rows.IsNull(row, kKeyColumn)) {
    position.key = std::monostate();
  } else if (plan.integer_key) {
    position.key = rows.Int(row, kKeyColumn);
  } else {
    position.key = std::string(rows.Text(row, kKeyColumn));
  }
  return position;
}

}  // namespace

Status PageKeyset(PgConnection& db, std::string_view directory_id, ResourceKind kind,
                  const FindPlan& plan, const Query& query, const Admit& admit,
                  QueryResult& result) {
  const bool before = query.before.has_value();
  const std::optional<KeysetPosition>& position = before ? query.before : query.after;
  PgParams params;
  params.Add(directory_id).Add(KindCode(kind));
  for (const sql::Param& param : plan.params) params.Add(param);
  std::string sql = std::string("SELECT ") + kResourceColumns + ", (" + plan.sort_key +
                    ")::text FROM resources r WHERE r.directory_id = $1 AND r.kind = $2" +
                    plan.where;
  if (position) {
    Condition beyond = Beyond(Terms(plan, *position), before);
    sql += " AND (" + Number(beyond.sql, static_cast<int>(params.size()) + 1) + ")";
    for (const sql::Param& param : beyond.params) params.Add(param);
  }
  sql += OrderBySql(plan, before);
  // One row more than the page tells whether another page follows.
  if (plan.exact) {
    sql += " LIMIT $" + std::to_string(params.size() + 1);
    params.Add(query.count + 1);
  }
  SCIMD_ASSIGN_OR_RETURN(PgResult rows, db.Exec(sql, params));

  std::vector<std::pair<Resource, KeysetPosition>> page;
  for (int row = 0; row < rows.Rows() && static_cast<int64_t>(page.size()) <= query.count; ++row) {
    SCIMD_ASSIGN_OR_RETURN(Resource resource, ReadResource(rows, row));
    if (!plan.exact) {
      SCIMD_ASSIGN_OR_RETURN(bool admitted, admit(resource));
      if (!admitted) continue;
    }
    KeysetPosition at = PositionOf(plan, rows, row, resource);
    page.emplace_back(std::move(resource), std::move(at));
  }
  const bool more = static_cast<int64_t>(page.size()) > query.count;
  if (more) page.pop_back();
  if (before) std::reverse(page.begin(), page.end());
  if (!page.empty()) {
    const bool more_after = before ? true : more;
    const bool more_before = before ? more : position.has_value();
    if (more_after) result.next = page.back().second;
    if (more_before) result.previous = page.front().second;
  }
  for (auto& [resource, at] : page) result.resources.push_back(std::move(resource));
  return Status::Ok();
}

}  // namespace scimd::storage::postgres
