#include "admin/admin_resources.h"

#include "directory/directory.h"
#include "scim/filter/evaluator.h"
#include "scim/filter/parser.h"

namespace scimd::admin {

Result<storage::QueryResult> FindPage(AdminCall& call, scim::ResourceKind kind,
                                      int64_t& start_index) {
  const std::string& directory_id = call.path["id"];
  SCIMD_ASSIGN_OR_RETURN(storage::DirectoryRecord record, call.store.GetDirectory(directory_id));
  SCIMD_ASSIGN_OR_RETURN(start_index, call.QueryInt("startIndex", 1, 1, INT64_MAX / 2));
  SCIMD_ASSIGN_OR_RETURN(int64_t count, call.QueryInt("count", 50, 1, 200));
  storage::Query query;
  query.start_index = start_index;
  query.count = count;
  scim::filter::NodePtr filter;
  const std::string text = call.Query("filter");
  if (!text.empty()) {
    SCIMD_ASSIGN_OR_RETURN(filter, scim::filter::Parse(text));
    SCIMD_RETURN_IF_ERROR(scim::filter::Validate(*filter, scim::ResourceTypeOf(kind)));
    query.filter = filter.get();
  }
  return call.store.Find(record.id, kind, query);
}

boost::json::object PageJson(int64_t total, int64_t start_index, boost::json::array items) {
  const int64_t count = static_cast<int64_t>(items.size());
  return {{"total", total},
          {"start_index", start_index},
          {"count", count},
          {"items", std::move(items)}};
}

scim::RenderContext ContextOf(const AdminCall& call) {
  auto it = call.path.find("id");
  return {directory::BaseUrl(call.options.public_url, it == call.path.end() ? "" : it->second)};
}

}  // namespace scimd::admin
