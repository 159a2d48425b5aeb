// Keyset (cursor) paging: a page is the rows strictly after (or before) a
// position in the query's total order, read through the order's index when
// there is one, so its cost does not grow with its depth.
#include <algorithm>
#include <cstdlib>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "storage/sqlite/sqlite_find.h"
#include "storage/sqlite/sqlite_rows.h"

namespace scimd::storage::sqlite {
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
    terms.push_back(
        {"((" + plan.sort_key + ") IS NULL)", false, sql::Param(int64_t{has_key ? 0 : 1})});
  }
  terms.push_back({"(" + plan.sort_key + ")", plan.descending, ParamOf(position.key)});
  terms.push_back({"r.id", false, sql::Param(position.id)});
  return terms;
}

// "Strictly after (before) the position" as a lexicographic comparison,
// preceded by a bound on the first term so an index on it can seek:
//   t1 >= v1 AND (t1 > v1 OR (t1 = v1 AND (t2 > v2 OR ...)))
struct Condition {
  std::string sql;
  std::vector<sql::Param> params;
};

Condition Beyond(const std::vector<Term>& terms, bool before) {
  Condition tail{"0", {}};
  for (auto it = terms.rbegin(); it != terms.rend(); ++it) {
    if (!it->value) continue;  // ties within the NULL group
    const bool greater = it->descending == before;
    const char* op = greater ? " > ?" : " < ?";
    Condition c;
    c.sql = "(" + it->expr + op + " OR (" + it->expr + " = ? AND " + tail.sql + "))";
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

Result<KeysetPosition> PositionOf(const Statement& stmt, const Resource& resource) {
  KeysetPosition position;
  position.id = resource.id;
  std::string_view type = stmt.Text(6);
  if (type == "null") {
    position.key = std::monostate();
  } else if (type == "integer") {
    position.key = stmt.Int(7);
  } else if (type == "real") {
    position.key = std::strtod(std::string(stmt.Text(7)).c_str(), nullptr);
  } else {
    position.key = std::string(stmt.Text(7));
  }
  return position;
}

}  // namespace

std::string KeysetSql(const FindPlan& plan, const std::optional<KeysetPosition>& position,
                      bool before, bool limited) {
  std::string sql = std::string("SELECT ") + kResourceColumns + ", typeof(" + plan.sort_key +
                    "), " + plan.sort_key +
                    " FROM resources r WHERE r.directory_id = ? AND r.kind = ?" + plan.where;
  if (position) sql += " AND (" + Beyond(Terms(plan, *position), before).sql + ")";
  sql += OrderBySql(plan, before);
  if (limited) sql += " LIMIT ?";
  return sql;
}

std::vector<sql::Param> KeysetParams(const FindPlan& plan,
                                     const std::optional<KeysetPosition>& position) {
  if (!position) return {};
  // The direction changes only the operators, not the parameters.
  return Beyond(Terms(plan, *position), false).params;
}

Status PageKeyset(Connection& db, std::string_view directory_id, ResourceKind kind,
                  const FindPlan& plan, const Query& query, const Admit& admit,
                  QueryResult& result) {
  const bool before = query.before.has_value();
  const std::optional<KeysetPosition>& position = before ? query.before : query.after;
  SCIMD_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(KeysetSql(plan, position, before, plan.exact)));
  stmt.Bind(directory_id).Bind(KindCode(kind));
  for (const sql::Param& param : plan.params) stmt.BindParam(param);
  for (const sql::Param& param : KeysetParams(plan, position)) stmt.BindParam(param);
  // One row more than the page tells whether another page follows.
  if (plan.exact) stmt.Bind(query.count + 1);

  std::vector<std::pair<Resource, KeysetPosition>> rows;
  while (static_cast<int64_t>(rows.size()) <= query.count) {
    SCIMD_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    SCIMD_ASSIGN_OR_RETURN(Resource resource, ReadResource(stmt));
    if (!plan.exact) {
      SCIMD_ASSIGN_OR_RETURN(bool admitted, admit(resource));
      if (!admitted) continue;
    }
    SCIMD_ASSIGN_OR_RETURN(KeysetPosition at, PositionOf(stmt, resource));
    rows.emplace_back(std::move(resource), std::move(at));
  }
  const bool more = static_cast<int64_t>(rows.size()) > query.count;
  if (more) rows.pop_back();
  if (before) std::reverse(rows.begin(), rows.end());
  if (!rows.empty()) {
    const bool more_after = before ? true : more;
    const bool more_before = before ? more : position.has_value();
    if (more_after) result.next = rows.back().second;
    if (more_before) result.previous = rows.front().second;
  }
  for (auto& [resource, at] : rows) result.resources.push_back(std::move(resource));
  return Status::Ok();
}

}  // namespace scimd::storage::sqlite
