#include "admin/admin_api.h"

#include <boost/json.hpp>

namespace scimd::admin {
namespace {

http::Response Json(int status, const boost::json::object& body) {
  http::Response response;
  response.status = status;
  response.SetHeader("Content-Type", "application/json");
  response.SetHeader("Cache-Control", "no-store");
  response.body = boost::json::serialize(body);
  return response;
}

}  // namespace

http::Response AdminApi::Handle(const http::Request& request) const {
  std::string_view path = request.target;
  path = path.substr(0, path.find('?'));
  if (request.method != "GET") return Json(405, {{"error", "method not allowed"}});
  if (path == "/healthz") return Json(200, {{"status", "ok"}});
  if (path == "/readyz") {
    Result<std::vector<storage::DirectoryRecord>> probe = store_.ListDirectories();
    if (!probe.ok())
      return Json(503, {{"status", "unavailable"}, {"detail", probe.status().detail()}});
    return Json(200, {{"status", "ready"}});
  }
  return Json(404, {{"error", "not found"}});
}

}  // namespace scimd::admin
