#include "admin/admin_routes.h"

#include <array>

#include "admin/admin_handlers.h"

namespace scimd::admin {
namespace {

constexpr std::array<Route, 24> kRoutes = {{
    {"GET", "/admin/v1/status", "Server version, uptime and number of directories", ServerStatus},
    {"GET", "/admin/v1/openapi.json", "This API as an OpenAPI 3 document", OpenApi, false},
    {"GET", "/admin/v1/directories",
     "Directories with user and group counts and their last SCIM request", ListDirectories},
    {"POST", "/admin/v1/directories",
     "Add a directory from {name, idp}; answers its Base URL and App secret (shown once)",
     CreateDirectory},
    {"GET", "/admin/v1/directories/{id}", "A directory, its effective settings and counts",
     ShowDirectory},
    {"PATCH", "/admin/v1/directories/{id}",
     "Change name, idp or settings ({\"settings\": {KEY: VALUE}}), validated as `directory set`",
     UpdateDirectory},
    {"POST", "/admin/v1/directories/{id}/rotate-secret",
     "Issue a new App secret (shown once); the old one stops working at once, or after the "
     "grace period of an optional {grace: \"24h\"} (at most 7d)",
     RotateDirectorySecret},
    {"DELETE", "/admin/v1/directories/{id}",
     "Remove a directory with all its users, groups and request log", RemoveDirectory},
    {"GET", "/admin/v1/directories/{id}/users",
     "Users, filtered with a SCIM filter (?filter=), paged with ?startIndex= and ?count=",
     ListUsers},
    {"GET", "/admin/v1/directories/{id}/users/{user}", "A user as full SCIM JSON", ShowUser},
    {"POST", "/admin/v1/directories/{id}/users/{user}/deactivate", "Set active to false",
     DeactivateUser},
    {"POST", "/admin/v1/directories/{id}/users/{user}/reactivate", "Set active to true",
     ReactivateUser},
    {"DELETE", "/admin/v1/directories/{id}/users/{user}", "Delete a user; it leaves every group",
     DeleteUser},
    {"GET", "/admin/v1/directories/{id}/groups",
     "Groups with member counts, filtered with ?filter=, paged with ?startIndex= and ?count=",
     ListGroups},
    {"GET", "/admin/v1/directories/{id}/groups/{group}",
     "A group as SCIM JSON without members, with its member count", ShowGroup},
    {"GET", "/admin/v1/directories/{id}/groups/{group}/members",
     "One page of members ordered by id: ?after=ID&count=N; `next` continues", ListGroupMembers},
    {"DELETE", "/admin/v1/directories/{id}/groups/{group}", "Delete a group", DeleteGroup},
    {"GET", "/admin/v1/directories/{id}/requests",
     "The directory's SCIM request log, newest first (?limit=, bodies redacted)", ListRequests},
    {"GET", "/admin/v1/directories/{id}/events",
     "The change feed after a cursor: ?after=SEQ&limit=N&wait=30s (long-poll); 410 when "
     "retention removed events after the cursor",
     ListEvents},
    {"GET", "/admin/v1/directories/{id}/snapshot",
     "Users or groups (?type=users|groups&after=ID&limit=N) with member ids and the seq they "
     "are consistent with",
     ShowSnapshot},
    {"POST", "/admin/v1/directories/{id}/webhooks",
     "Subscribe a URL to the change feed from {url, events?: [types], secret?}; answers the "
     "signing secret (shown once)",
     CreateWebhook},
    {"GET", "/admin/v1/directories/{id}/webhooks", "The directory's webhook subscriptions",
     ListWebhooks},
    {"DELETE", "/admin/v1/directories/{id}/webhooks/{webhook}", "Remove a webhook subscription",
     RemoveWebhook},
    {"GET", "/admin/v1/directories/{id}/webhooks/{webhook}/deliveries",
     "Delivery state: delivered_seq, failures, state (active|dead), last_status, last_error, "
     "next_attempt_ms",
     ShowWebhookDeliveries},
}};

}  // namespace

std::span<const Route> Routes() { return kRoutes; }

bool MatchRoute(std::string_view pattern, std::string_view path,
                std::map<std::string, std::string>& params) {
  params.clear();
  while (!pattern.empty() && !path.empty()) {
    size_t p_end = pattern.find('/', 1);
    size_t s_end = path.find('/', 1);
    std::string_view p_seg = pattern.substr(0, p_end);
    std::string_view s_seg = path.substr(0, s_end);
    if (p_seg.size() > 3 && p_seg[1] == '{' && p_seg.back() == '}') {
      if (s_seg.size() < 2) return false;  // an empty segment names nothing
      params[std::string(p_seg.substr(2, p_seg.size() - 3))] = std::string(s_seg.substr(1));
    } else if (p_seg != s_seg) {
      return false;
    }
    pattern = p_end == std::string_view::npos ? std::string_view() : pattern.substr(p_end);
    path = s_end == std::string_view::npos ? std::string_view() : path.substr(s_end);
  }
  return pattern.empty() && path.empty();
}

}  // namespace scimd::admin
