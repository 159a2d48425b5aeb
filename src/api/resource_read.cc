#include <boost/json.hpp>
#include <charconv>
#include <optional>

#include "api/resource_handlers.h"
#include "api/resource_view.h"
#include "scim/filter/evaluator.h"
#include "scim/filter/parser.h"
#include "scim/path/attr_path.h"

namespace scimd::api {
namespace {

// The parameters of a list or search, from the query string or a
// SearchRequest body.
struct ListRequest {
  std::string filter;
  std::string sort_by;
  std::string sort_order;
  std::optional<std::string> start_index;
  std::optional<std::string> count;
  std::string attributes;
  std::string excluded;
};

Result<int64_t> ParseInteger(std::string_view name, std::string_view text) {
  int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || text.empty()) {
    return InvalidValue(std::string(name) + " must be an integer, got '" + std::string(text) + "'");
  }
  return value;
}

Result<storage::Query> BuildQuery(const Call& call, const scim::ResourceType& type,
                                  const ListRequest& list, scim::filter::NodePtr& filter) {
  storage::Query query;
  if (!list.filter.empty()) {
    SCIMD_ASSIGN_OR_RETURN(filter, scim::filter::Parse(list.filter));
    SCIMD_RETURN_IF_ERROR(scim::filter::Validate(*filter, type));
    query.filter = filter.get();
  }
  if (!list.sort_by.empty()) {
    SCIMD_ASSIGN_OR_RETURN(scim::AttrPath path, scim::ParseAttrPath(list.sort_by));
    SCIMD_RETURN_IF_ERROR(scim::Resolve(type, path).status());
    bool descending = scim::EqualsIgnoreCase(list.sort_order, "descending");
    if (!descending && !list.sort_order.empty() &&
        !scim::EqualsIgnoreCase(list.sort_order, "ascending")) {
      return InvalidValue("sortOrder must be 'ascending' or 'descending'");
    }
    query.sort = storage::SortSpec{std::move(path), descending};
  }
  // RFC 7644 §3.4.2.4: a startIndex below 1 is 1; a negative count is 0; a
  // count above the cap is the cap.
  query.start_index = 1;
  if (list.start_index) {
    SCIMD_ASSIGN_OR_RETURN(int64_t start, ParseInteger("startIndex", *list.start_index));
    query.start_index = std::max<int64_t>(start, 1);
  }
  query.count = call.options.max_results;
  if (list.count) {
    SCIMD_ASSIGN_OR_RETURN(int64_t count, ParseInteger("count", *list.count));
    query.count = std::clamp<int64_t>(count, 0, call.options.max_results);
  }
  return query;
}

http::Response RunList(Call& call, const scim::ResourceType& type, const ListRequest& list) {
  scim::filter::NodePtr filter;
  Result<storage::Query> query = BuildQuery(call, type, list, filter);
  if (!query.ok()) return StatusResponse(query.status());
  Result<scim::Projection> projection = scim::ParseProjection(list.attributes, list.excluded, type);
  if (!projection.ok()) return StatusResponse(projection.status());
  Result<storage::QueryResult> found = call.store.Find(call.directory.id, type.kind, *query);
  if (!found.ok()) return StatusResponse(found.status());
  boost::json::array resources;
  resources.reserve(found->resources.size());
  for (const scim::Resource& resource : found->resources) {
    Result<boost::json::object> view = RenderView(call, resource, *projection);
    if (!view.ok()) return StatusResponse(view.status());
    resources.emplace_back(std::move(view).value());
  }
  return JsonResponse(
      200, scim::RenderList(found->total_results, query->start_index, std::move(resources)));
}

const std::string& ParamOr(const Call& call, std::string_view name, const std::string& fallback) {
  const std::string* value = call.params.Find(name);
  return value ? *value : fallback;
}

// SearchRequest values are JSON; attribute lists may be arrays of strings.
Result<std::string> SearchString(const boost::json::object& body, std::string_view key) {
  for (const auto& field : body) {
    if (!scim::EqualsIgnoreCase(field.key(), key)) continue;
    const boost::json::value& value = field.value();
    if (value.is_string()) return std::string(value.get_string());
    if (value.is_int64() || value.is_uint64()) return boost::json::serialize(value);
    if (value.is_null()) return std::string();
    if (value.is_array()) {
      std::string joined;
      for (const auto& item : value.get_array()) {
        if (!item.is_string()) return InvalidValue(std::string(key) + " must list strings");
        if (!joined.empty()) joined += ',';
        joined += item.get_string();
      }
      return joined;
    }
    return InvalidValue(std::string(key) + " has the wrong type");
  }
  return std::string();
}

bool HasKey(const boost::json::object& body, std::string_view key) {
  for (const auto& field : body) {
    if (scim::EqualsIgnoreCase(field.key(), key)) return true;
  }
  return false;
}

Result<ListRequest> ParseSearchRequest(const boost::json::value& body) {
  if (!body.is_object()) return InvalidSyntax("a SearchRequest must be a JSON object");
  const boost::json::object& object = body.get_object();
  ListRequest list;
  SCIMD_ASSIGN_OR_RETURN(list.filter, SearchString(object, "filter"));
  SCIMD_ASSIGN_OR_RETURN(list.sort_by, SearchString(object, "sortBy"));
  SCIMD_ASSIGN_OR_RETURN(list.sort_order, SearchString(object, "sortOrder"));
  SCIMD_ASSIGN_OR_RETURN(list.attributes, SearchString(object, "attributes"));
  SCIMD_ASSIGN_OR_RETURN(list.excluded, SearchString(object, "excludedAttributes"));
  if (HasKey(object, "startIndex")) {
    SCIMD_ASSIGN_OR_RETURN(list.start_index, SearchString(object, "startIndex"));
  }
  if (HasKey(object, "count")) {
    SCIMD_ASSIGN_OR_RETURN(list.count, SearchString(object, "count"));
  }
  return list;
}

}  // namespace

http::Response GetResource(Call& call, const scim::ResourceType& type, std::string_view id) {
  Result<scim::Projection> projection = ProjectionOf(call, type);
  if (!projection.ok()) return StatusResponse(projection.status());
  Result<scim::Resource> resource = call.store.Get(call.directory.id, type.kind, id);
  if (!resource.ok()) return StatusResponse(resource.status());
  std::string_view if_none_match = call.http.Header("if-none-match");
  if (!if_none_match.empty() && EtagMatches(if_none_match, resource->version)) {
    http::Response not_modified;
    not_modified.status = 304;
    not_modified.SetHeader("ETag", scim::VersionTag(resource->version));
    return not_modified;
  }
  return ResourceResponse(call, 200, *resource, *projection);
}

http::Response ListResources(Call& call, const scim::ResourceType& type) {
  static const std::string kEmpty;
  ListRequest list;
  list.filter = ParamOr(call, "filter", kEmpty);
  list.sort_by = ParamOr(call, "sortBy", kEmpty);
  list.sort_order = ParamOr(call, "sortOrder", kEmpty);
  list.attributes = ParamOr(call, "attributes", kEmpty);
  list.excluded = ParamOr(call, "excludedAttributes", kEmpty);
  if (const std::string* start = call.params.Find("startIndex")) list.start_index = *start;
  if (const std::string* count = call.params.Find("count")) list.count = *count;
  return RunList(call, type, list);
}

http::Response SearchResources(Call& call, const scim::ResourceType& type) {
  Result<boost::json::value> body = ParseBody(call);
  if (!body.ok()) return StatusResponse(body.status());
  Result<ListRequest> list = ParseSearchRequest(*body);
  if (!list.ok()) return StatusResponse(list.status());
  return RunList(call, type, *list);
}

}  // namespace scimd::api
