#include "admin/admin_api.h"

#include <boost/json.hpp>

#include "admin/admin_routes.h"
#include "admin/admin_tokens.h"
#include "admin/web_assets.h"

namespace scimd::admin {
namespace {

constexpr char kContentSecurityPolicy[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

void AddSecurityHeaders(http::Response& response) {
  response.SetHeader("Content-Security-Policy", kContentSecurityPolicy);
  response.SetHeader("X-Frame-Options", "DENY");
  response.SetHeader("X-Content-Type-Options", "nosniff");
  response.SetHeader("Referrer-Policy", "no-referrer");
}

http::Response Health(const http::Request& request, std::string_view path,
                      storage::ResourceStore& store) {
  if (request.method != "GET") {
    return ErrorResponse(Status(Code::kMethodNotAllowed, "use GET"));
  }
  if (path == "/healthz") return JsonResponse(200, boost::json::object{{"status", "ok"}});
  Result<std::vector<storage::DirectoryRecord>> probe = store.ListDirectories();
  if (!probe.ok()) {
    return JsonResponse(
        503, boost::json::object{{"status", "unavailable"}, {"detail", probe.status().detail()}});
  }
  // Reads may still work on a node whose disk refused a sync; writes cannot.
  if (Status writes = store.WriteHealth(); !writes.ok()) {
    return JsonResponse(
        503, boost::json::object{{"status", "unavailable"}, {"detail", writes.detail()}});
  }
  return JsonResponse(200, boost::json::object{{"status", "ready"}});
}

http::Response StaticFile(const http::Request& request, std::string_view path) {
  if (path == "/") path = "/index.html";
  const WebAsset* asset = FindWebAsset(path.substr(1));
  if (asset == nullptr) return ErrorResponse(NotFound("no such page"));
  if (request.method != "GET" && request.method != "HEAD") {
    return ErrorResponse(Status(Code::kMethodNotAllowed, "use GET"));
  }
  http::Response response;
  response.SetHeader("Content-Type", std::string(asset->content_type));
  // The console is part of the binary: revalidate so an upgrade shows at once.
  response.SetHeader("Cache-Control", "no-cache");
  response.body = std::string(asset->body);
  return response;
}

}  // namespace

http::Response AdminApi::Handle(const http::Request& request) const {
  std::string_view path = request.target;
  path = path.substr(0, path.find('?'));
  http::Response response;
  if (path == "/healthz" || path == "/readyz") {
    response = Health(request, path, store_);
    response.SetHeader("Cache-Control", "no-store");
  } else if (path.starts_with("/admin/")) {
    response = Route(request, path);
    response.SetHeader("Cache-Control", "no-store");
  } else {
    response = StaticFile(request, path);
  }
  AddSecurityHeaders(response);
  return response;
}

http::Response AdminApi::Route(const http::Request& request, std::string_view path) const {
  std::map<std::string, std::string> params;
  bool path_known = false;
  for (const admin::Route& route : Routes()) {
    if (!MatchRoute(route.pattern, path, params)) continue;
    path_known = true;
    if (route.method != request.method) continue;
    if (route.authenticated) {
      Result<storage::AdminTokenRecord> who =
          AuthenticateAdmin(store_, request.Header("authorization"), options_.now_ms);
      if (!who.ok()) {
        http::Response denied = ErrorResponse(who.status());
        if (who.status().code() == Code::kUnauthorized) {
          denied.SetHeader("WWW-Authenticate", "Bearer realm=\"scimd-admin\"");
        }
        return denied;
      }
    }
    std::string_view target = request.target;
    size_t q = target.find('?');
    AdminCall call{
        request,           store_,
        options_,          started_ms_,
        std::move(params), ParseQuery(q == std::string_view::npos ? "" : target.substr(q + 1))};
    return route.handler(call);
  }
  if (path_known) {
    return ErrorResponse(
        Status(Code::kMethodNotAllowed, "method not allowed on " + std::string(path)));
  }
  return ErrorResponse(NotFound("no admin endpoint " + std::string(path)));
}

}  // namespace scimd::admin
