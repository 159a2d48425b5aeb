// Find: filter, sort and page over the resources of one kind.
//
// Filters compile to SQL (src/storage/sql, Dialect::kPostgres). When the
// compiled WHERE is exact, PostgreSQL counts and pages; when it selects a
// superset, the candidates are re-checked in memory with filter::Matches
// (the reference semantics) and paged here. Total and page come from one
// REPEATABLE READ snapshot.
#include "storage/postgres/pg_find.h"

#include <boost/json/array.hpp>
#include <string>
#include <utility>
#include <variant>

#include "scim/filter/evaluator.h"
#include "storage/postgres/pg_members.h"
#include "storage/postgres/pg_rows.h"
#include "storage/postgres/pg_store.h"
#include "storage/sqlite/sqlite_rows.h"

namespace scimd::storage::postgres {
namespace {

constexpr const char* kScope = " FROM resources r WHERE r.directory_id = $1 AND r.kind = $2";
constexpr int kFirstFilterParam = 3;

PgParams ScopeParams(std::string_view directory_id, ResourceKind kind, const FindPlan& plan) {
  PgParams params;
  params.Add(directory_id).Add(KindCode(kind));
  for (const sql::Param& param : plan.params) params.Add(param);
  return params;
}

// Whether the filter refers to the top-level attribute `name` anywhere.
bool Mentions(const scim::filter::Node& node, std::string_view name) {
  struct Visitor {
    std::string_view name;
    bool operator()(const scim::filter::Comparison& c) const {
      return scim::EqualsIgnoreCase(c.path.attr, name);
    }
    bool operator()(const scim::filter::Present& p) const {
      return scim::EqualsIgnoreCase(p.path.attr, name);
    }
    bool operator()(const scim::filter::Logical& l) const {
      return Mentions(*l.lhs, name) || Mentions(*l.rhs, name);
    }
    bool operator()(const scim::filter::Not& n) const { return Mentions(*n.operand, name); }
    bool operator()(const scim::filter::ValuePath& v) const {
      return scim::EqualsIgnoreCase(v.path.attr, name);
    }
  };
  return std::visit(Visitor{name}, node.v);
}

// Membership lives in its own table, so `members` (groups) and `groups`
// (users) are added to the evaluated JSON only when the filter needs them.
Status AddMembership(PgConnection& db, std::string_view directory_id, const Resource& resource,
                     boost::json::object& json) {
  boost::json::array list;
  switch (resource.kind) {
    case ResourceKind::kGroup: {
      SCIMD_ASSIGN_OR_RETURN(std::vector<Member> members,
                             ReadMembers(db, directory_id, resource.id));
      for (const Member& m : members) {
        list.push_back({{"value", m.id},
                        {"display", m.display},
                        {"type", m.kind == ResourceKind::kUser ? "User" : "Group"}});
      }
      json["members"] = std::move(list);
      break;
    }
    case ResourceKind::kUser: {
      SCIMD_ASSIGN_OR_RETURN(std::vector<GroupRef> groups,
                             ReadGroupsOf(db, directory_id, resource.id));
      for (const GroupRef& g : groups) {
        list.push_back({{"value", g.id}, {"display", g.display}, {"type", "direct"}});
      }
      json["groups"] = std::move(list);
      break;
    }
  }
  return Status::Ok();
}

Status FilterInMemory(PgConnection& db, std::string_view directory_id, ResourceKind kind,
                      const FindPlan& plan, const Query& query, QueryResult& result) {
  const scim::ResourceType& type = scim::ResourceTypeOf(kind);
  const bool needs_membership =
      Mentions(*query.filter, kind == ResourceKind::kGroup ? "members" : "groups");
  SCIMD_ASSIGN_OR_RETURN(PgResult rows,
                         db.Exec(PageSql(plan, false), ScopeParams(directory_id, kind, plan)));
  const int64_t first = query.start_index - 1;
  for (int row = 0; row < rows.Rows(); ++row) {
    SCIMD_ASSIGN_OR_RETURN(Resource resource, ReadResource(rows, row));
    boost::json::object json = sqlite::EvaluableJson(resource);
    if (needs_membership) SCIMD_RETURN_IF_ERROR(AddMembership(db, directory_id, resource, json));
    if (!scim::filter::Matches(*query.filter, json, type)) continue;
    int64_t position = result.total_results++;
    if (position >= first && position < first + query.count) {
      result.resources.push_back(std::move(resource));
    }
  }
  return Status::Ok();
}

// PageSql(plan, true) with the number of matching rows (before LIMIT and
// OFFSET) as one more column after kResourceColumns.
constexpr int kCountedTotalColumn = 6;
std::string CountedPageSql(const FindPlan& plan) {
  int limit = kFirstFilterParam + static_cast<int>(plan.params.size());
  return std::string("SELECT ") + kResourceColumns + ", count(*) OVER ()" + kScope + plan.where +
         plan.order_by + " LIMIT $" + std::to_string(limit) + " OFFSET $" +
         std::to_string(limit + 1);
}

// The page carries the total in a window column, so the common lookup (an
// `eq` an IdP sends before every create) is one statement, not a count and
// then a page. Only a page past the end (no rows, start beyond 1) or a
// count=0 request asks for the count alone.
Status FindExact(PgConnection& db, std::string_view directory_id, ResourceKind kind,
                 const FindPlan& plan, const Query& query, QueryResult& result) {
  PgParams params = ScopeParams(directory_id, kind, plan);
  if (query.count > 0) {
    PgParams paged = params;
    paged.Add(query.count).Add(query.start_index - 1);
    SCIMD_ASSIGN_OR_RETURN(PgResult rows, db.Exec(CountedPageSql(plan), paged));
    for (int row = 0; row < rows.Rows(); ++row) {
      SCIMD_ASSIGN_OR_RETURN(Resource resource, ReadResource(rows, row));
      result.resources.push_back(std::move(resource));
    }
    if (rows.Rows() > 0) {
      result.total_results = rows.Int(0, kCountedTotalColumn);
      return Status::Ok();
    }
    if (query.start_index == 1) return Status::Ok();  // nothing matches
  }
  SCIMD_ASSIGN_OR_RETURN(PgResult counted, db.Exec(CountSql(plan), params));
  result.total_results = counted.Int(0, 0);
  return Status::Ok();
}

// The total over the whole result, then the page past the position.
Status FindKeyset(PgConnection& db, std::string_view directory_id, ResourceKind kind,
                  const FindPlan& plan, const Query& query, QueryResult& result) {
  if (plan.exact) {
    SCIMD_ASSIGN_OR_RETURN(PgResult counted,
                           db.Exec(CountSql(plan), ScopeParams(directory_id, kind, plan)));
    result.total_results = counted.Int(0, 0);
  } else {
    Query total_only = query;
    total_only.count = 0;
    SCIMD_RETURN_IF_ERROR(FilterInMemory(db, directory_id, kind, plan, total_only, result));
  }
  if (query.count == 0) return Status::Ok();
  const scim::ResourceType& type = scim::ResourceTypeOf(kind);
  const bool needs_membership =
      query.filter != nullptr &&
      Mentions(*query.filter, kind == ResourceKind::kGroup ? "members" : "groups");
  Admit admit = [&](const Resource& resource) -> Result<bool> {
    boost::json::object json = sqlite::EvaluableJson(resource);
    if (needs_membership) SCIMD_RETURN_IF_ERROR(AddMembership(db, directory_id, resource, json));
    return scim::filter::Matches(*query.filter, json, type);
  };
  return PageKeyset(db, directory_id, kind, plan, query, admit, result);
}

// Columns declared NOT NULL need no "nulls last" term.
bool IsNotNullColumn(const std::string& key) {
  return key == "r.name_lc" || key == "r.id" || key == "r.created_ms" || key == "r.modified_ms" ||
         key == "r.version" || key == "r.kind";
}

}  // namespace

Result<FindPlan> PlanFind(ResourceKind kind, const Query& query) {
  const scim::ResourceType& type = scim::ResourceTypeOf(kind);
  FindPlan plan;
  if (query.filter != nullptr) {
    SCIMD_RETURN_IF_ERROR(scim::filter::Validate(*query.filter, type));
    SCIMD_ASSIGN_OR_RETURN(
        sql::Compiled compiled,
        sql::CompileFilter(*query.filter, type, sql::Dialect::kPostgres, kFirstFilterParam));
    plan.where = " AND (" + compiled.where + ")";
    plan.params = std::move(compiled.params);
    plan.exact = compiled.exact;
  }
  if (query.sort) {
    SCIMD_ASSIGN_OR_RETURN(plan.sort_key,
                           sql::CompileSortKey(query.sort->path, type, sql::Dialect::kPostgres));
    // Resources without a value sort after those with one in both
    // directions; the id makes the order total so pages never overlap.
    plan.nullable = !IsNotNullColumn(plan.sort_key);
    plan.descending = query.sort->descending;
  } else {
    plan.sort_key = "r.created_ms";
  }
  plan.integer_key = plan.sort_key == "r.created_ms" || plan.sort_key == "r.modified_ms" ||
                     plan.sort_key == "r.version" || plan.sort_key == "r.kind";
  plan.order_by = OrderBySql(plan, false);
  return plan;
}

std::string OrderBySql(const FindPlan& plan, bool reversed) {
  const bool descending = plan.descending != reversed;
  std::string out = " ORDER BY ";
  if (plan.nullable) out += "(" + plan.sort_key + ") IS NULL" + (reversed ? " DESC" : "") + ", ";
  out += "(" + plan.sort_key + ")" + (descending ? " DESC" : " ASC");
  out += reversed ? ", r.id DESC" : ", r.id";
  return out;
}

std::string PageSql(const FindPlan& plan, bool paged) {
  std::string sql = std::string("SELECT ") + kResourceColumns + kScope + plan.where + plan.order_by;
  if (paged) {
    int limit = kFirstFilterParam + static_cast<int>(plan.params.size());
    sql += " LIMIT $" + std::to_string(limit) + " OFFSET $" + std::to_string(limit + 1);
  }
  return sql;
}

std::string CountSql(const FindPlan& plan) {
  return std::string("SELECT count(*)") + kScope + plan.where;
}

Result<QueryResult> PgStore::Find(std::string_view directory_id, ResourceKind kind,
                                  const Query& raw_query) {
  Query query = raw_query;
  if (query.start_index < 1) query.start_index = 1;
  if (query.count < 0) query.count = 0;
  SCIMD_ASSIGN_OR_RETURN(FindPlan plan, PlanFind(kind, query));
  QueryResult result;
  SCIMD_RETURN_IF_ERROR(Run(Txn::kSnapshot, [&](PgConnection& db) -> Status {
    result = QueryResult();
    SCIMD_ASSIGN_OR_RETURN(bool exists, DirectoryExists(db, directory_id));
    if (!exists) return NotFound("directory " + std::string(directory_id) + " not found");
    if (query.keyset) return FindKeyset(db, directory_id, kind, plan, query, result);
    if (!plan.exact) return FilterInMemory(db, directory_id, kind, plan, query, result);
    return FindExact(db, directory_id, kind, plan, query, result);
  }));
  return result;
}

}  // namespace scimd::storage::postgres
