// Find: filter, sort and page over the resources of one kind.
//
// Filters compile to SQL (src/storage/sql). When the compiled WHERE is exact,
// SQLite counts and pages; when it selects a superset, the candidates are
// re-checked in memory with filter::Matches (the reference semantics) and
// paged here.
#include "storage/sqlite/sqlite_find.h"

#include <boost/json/array.hpp>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "scim/filter/evaluator.h"
#include "storage/sql/filter_sql.h"
#include "storage/sqlite/sqlite_members.h"
#include "storage/sqlite/sqlite_rows.h"
#include "storage/sqlite/sqlite_store.h"

namespace scimd::storage::sqlite {
namespace {

constexpr const char* kScope = " FROM resources r WHERE r.directory_id = ? AND r.kind = ?";

void BindScope(Statement& stmt, std::string_view directory_id, ResourceKind kind,
               const FindPlan& plan) {
  stmt.Bind(directory_id).Bind(KindCode(kind));
  for (const sql::Param& param : plan.params) stmt.BindParam(param);
}

Result<int64_t> CountExact(Connection& db, std::string_view directory_id, ResourceKind kind,
                           const FindPlan& plan) {
  SCIMD_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(CountSql(plan)));
  BindScope(stmt, directory_id, kind, plan);
  SCIMD_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return Internal("count(*) returned no row");
  return stmt.Int(0);
}

Status PageExact(Connection& db, std::string_view directory_id, ResourceKind kind,
                 const FindPlan& plan, const Query& query, QueryResult& result) {
  SCIMD_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(PageSql(plan, true)));
  BindScope(stmt, directory_id, kind, plan);
  stmt.Bind(query.count).Bind(query.start_index - 1);
  while (true) {
    SCIMD_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return Status::Ok();
    SCIMD_ASSIGN_OR_RETURN(Resource resource, ReadResource(stmt));
    result.resources.push_back(std::move(resource));
  }
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
Status AddMembership(Connection& db, std::string_view directory_id, const Resource& resource,
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

// Walks every candidate in order, counting matches and keeping the page.
Status FilterInMemory(Connection& db, std::string_view directory_id, ResourceKind kind,
                      const FindPlan& plan, const Query& query, QueryResult& result) {
  const scim::ResourceType& type = scim::ResourceTypeOf(kind);
  const bool needs_membership =
      Mentions(*query.filter, kind == ResourceKind::kGroup ? "members" : "groups");
  SCIMD_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(PageSql(plan, false)));
  BindScope(stmt, directory_id, kind, plan);
  const int64_t first = query.start_index - 1;
  while (true) {
    SCIMD_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return Status::Ok();
    SCIMD_ASSIGN_OR_RETURN(Resource resource, ReadResource(stmt));
    boost::json::object json = EvaluableJson(resource);
    if (needs_membership) SCIMD_RETURN_IF_ERROR(AddMembership(db, directory_id, resource, json));
    if (!scim::filter::Matches(*query.filter, json, type)) continue;
    int64_t position = result.total_results++;
    if (position >= first && position < first + query.count) {
      result.resources.push_back(std::move(resource));
    }
  }
}

// Columns declared NOT NULL need no "nulls last" term, which lets an index
// on them deliver the order of an unfiltered listing.
bool IsNotNullColumn(const std::string& key) {
  return key == "r.name_lc" || key == "r.id" || key == "r.created_ms" || key == "r.modified_ms";
}

}  // namespace

Result<FindPlan> PlanFind(ResourceKind kind, const Query& query) {
  const scim::ResourceType& type = scim::ResourceTypeOf(kind);
  FindPlan plan;
  if (query.filter != nullptr) {
    SCIMD_RETURN_IF_ERROR(scim::filter::Validate(*query.filter, type));
    SCIMD_ASSIGN_OR_RETURN(sql::Compiled compiled,
                           sql::CompileFilter(*query.filter, type, sql::Dialect::kSqlite));
    plan.where = " AND (" + compiled.where + ")";
    plan.params = std::move(compiled.params);
    plan.exact = compiled.exact;
  }
  // With a filter, the filter's index must find the rows (IdP lookups match
  // one row); a unary + keeps SQLite from walking an ordering index over the
  // whole directory instead. The few matches are then sorted.
  plan.hint = query.filter != nullptr ? "+" : "";
  if (query.sort) {
    SCIMD_ASSIGN_OR_RETURN(plan.sort_key,
                           sql::CompileSortKey(query.sort->path, type, sql::Dialect::kSqlite));
    // Resources without a value sort after those with one in both
    // directions; the id makes the order total so pages never overlap.
    plan.nullable = !IsNotNullColumn(plan.sort_key);
    plan.descending = query.sort->descending;
  } else {
    plan.sort_key = "r.created_ms";
  }
  plan.order_by = OrderBySql(plan, false);
  return plan;
}

std::string OrderBySql(const FindPlan& plan, bool reversed) {
  const bool descending = plan.descending != reversed;
  std::string out = " ORDER BY ";
  if (plan.nullable) out += "(" + plan.sort_key + ") IS NULL" + (reversed ? " DESC" : "") + ", ";
  out += plan.hint + "(" + plan.sort_key + ")" + (descending ? " DESC" : " ASC");
  out += reversed ? ", r.id DESC" : ", r.id";
  return out;
}

std::string PageSql(const FindPlan& plan, bool paged) {
  return std::string("SELECT ") + kResourceColumns + kScope + plan.where + plan.order_by +
         (paged ? " LIMIT ? OFFSET ?" : "");
}

std::string CountSql(const FindPlan& plan) {
  return std::string("SELECT count(*)") + kScope + plan.where;
}

Result<QueryResult> SqliteStore::Find(std::string_view directory_id, ResourceKind kind,
                                      const Query& raw_query) {
  Query query = raw_query;
  if (query.start_index < 1) query.start_index = 1;
  if (query.count < 0) query.count = 0;
  SCIMD_ASSIGN_OR_RETURN(FindPlan plan, PlanFind(kind, query));

  SCIMD_ASSIGN_OR_RETURN(ReaderPool::Lease db, readers_.Acquire());
  // One read transaction: the total and the page come from one snapshot.
  SCIMD_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(*db, Transaction::Kind::kDeferred));
  SCIMD_ASSIGN_OR_RETURN(bool exists, DirectoryExists(*db, directory_id));
  if (!exists) return NotFound("directory " + std::string(directory_id) + " not found");

  QueryResult result;
  if (query.keyset) {
    // The total is over the whole result; the page reads only past the
    // position.
    Query total_only = query;
    total_only.count = 0;
    if (plan.exact) {
      SCIMD_ASSIGN_OR_RETURN(result.total_results, CountExact(*db, directory_id, kind, plan));
    } else {
      SCIMD_RETURN_IF_ERROR(FilterInMemory(*db, directory_id, kind, plan, total_only, result));
    }
    if (query.count == 0) return result;
    const scim::ResourceType& type = scim::ResourceTypeOf(kind);
    const bool needs_membership =
        query.filter != nullptr &&
        Mentions(*query.filter, kind == ResourceKind::kGroup ? "members" : "groups");
    Admit admit = [&](const Resource& resource) -> Result<bool> {
      boost::json::object json = EvaluableJson(resource);
      if (needs_membership) SCIMD_RETURN_IF_ERROR(AddMembership(*db, directory_id, resource, json));
      return scim::filter::Matches(*query.filter, json, type);
    };
    SCIMD_RETURN_IF_ERROR(PageKeyset(*db, directory_id, kind, plan, query, admit, result));
    return result;
  }
  if (!plan.exact) {
    SCIMD_RETURN_IF_ERROR(FilterInMemory(*db, directory_id, kind, plan, query, result));
    return result;
  }
  SCIMD_ASSIGN_OR_RETURN(result.total_results, CountExact(*db, directory_id, kind, plan));
  if (query.count > 0 && query.start_index - 1 < result.total_results) {
    SCIMD_RETURN_IF_ERROR(PageExact(*db, directory_id, kind, plan, query, result));
  }
  return result;
}

}  // namespace scimd::storage::sqlite
