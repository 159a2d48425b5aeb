// The one table of admin REST API routes (Envoy's habit): method, path
// pattern with {name} segments, a help string, the handler, and whether the
// route needs an admin token. The router, the OpenAPI description and the
// console all follow from it.
#ifndef SCIMD_ADMIN_ADMIN_ROUTES_H_
#define SCIMD_ADMIN_ADMIN_ROUTES_H_

#include <map>
#include <span>
#include <string>
#include <string_view>

#include "admin/admin_call.h"

namespace scimd::admin {

using RouteHandler = http::Response (*)(AdminCall&);

struct Route {
  std::string_view method;   // "GET", "POST", "PATCH", "DELETE"
  std::string_view pattern;  // "/admin/v1/directories/{id}"
  std::string_view help;     // one sentence: the OpenAPI summary
  RouteHandler handler;
  bool authenticated = true;
};

std::span<const Route> Routes();

// Fills `params` with the {name} segments when `path` matches `pattern`.
bool MatchRoute(std::string_view pattern, std::string_view path,
                std::map<std::string, std::string>& params);

}  // namespace scimd::admin

#endif  // SCIMD_ADMIN_ADMIN_ROUTES_H_
