// /admin/v1/status and /admin/v1/openapi.json (generated from the route
// table, so the description cannot drift from what is served).
#include <cctype>

#include "admin/admin_handlers.h"
#include "admin/admin_routes.h"

namespace scimd::admin {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

boost::json::array PathParameters(std::string_view pattern) {
  boost::json::array params;
  size_t open = pattern.find('{');
  while (open != std::string_view::npos) {
    size_t close = pattern.find('}', open);
    params.push_back(boost::json::object{{"name", pattern.substr(open + 1, close - open - 1)},
                                         {"in", "path"},
                                         {"required", true},
                                         {"schema", {{"type", "string"}}}});
    open = pattern.find('{', close);
  }
  return params;
}

boost::json::object Operation(const Route& route) {
  boost::json::object error_ref{{"$ref", "#/components/schemas/Error"}};
  boost::json::object error_response{{"description", "{\"error\": {\"code\", \"message\"}}"},
                                     {"content", {{"application/json", {{"schema", error_ref}}}}}};
  boost::json::object op{
      {"summary", route.help},
      {"parameters", PathParameters(route.pattern)},
      {"responses",
       {{"2XX",
         {{"description", "Success"}, {"content", {{"application/json", {{"schema", {}}}}}}}},
        {"default", error_response}}}};
  if (!route.authenticated) op["security"] = boost::json::array();
  return op;
}

}  // namespace

http::Response ServerStatus(AdminCall& call) {
  Result<std::vector<storage::DirectoryRecord>> all = call.store.ListDirectories();
  if (!all.ok()) return ErrorResponse(all.status());
  const int64_t uptime_ms = call.options.now_ms() - call.started_ms;
  return JsonResponse(200, boost::json::object{{"version", call.options.version},
                                               {"uptime_seconds", uptime_ms / 1000},
                                               {"directories", all->size()},
                                               {"public_url", call.options.public_url}});
}

http::Response OpenApi(AdminCall& call) {
  boost::json::object paths;
  for (const Route& route : Routes()) {
    boost::json::value& item = paths[route.pattern];
    if (!item.is_object()) item = boost::json::object();
    item.as_object()[Lower(route.method)] = Operation(route);
  }
  boost::json::object error_schema{
      {"type", "object"},
      {"required", {"error"}},
      {"properties",
       {{"error",
         {{"type", "object"},
          {"required", {"code", "message"}},
          {"properties", {{"code", {{"type", "string"}}}, {"message", {{"type", "string"}}}}}}}}}};
  boost::json::object doc{
      {"openapi", "3.0.3"},
      {"info",
       {{"title", "scimd admin API"},
        {"version", call.options.version},
        {"description",
         "Directories, users, groups and the SCIM request log. Every call but this one needs "
         "`Authorization: Bearer <admin token>` (scimd admin token create)."}}},
      {"paths", std::move(paths)},
      {"components",
       {{"securitySchemes", {{"adminToken", {{"type", "http"}, {"scheme", "bearer"}}}}},
        {"schemas", {{"Error", std::move(error_schema)}}}}},
      {"security", {{{"adminToken", boost::json::array()}}}}};
  return JsonResponse(200, doc);
}

}  // namespace scimd::admin
