// /admin/v1/directories/{id}/requests: the SCIM request log, newest first.
// Bodies are stored already redacted (src/api/request_log.h).
#include "admin/admin_handlers.h"
#include "scim/serialize/render.h"

namespace scimd::admin {

http::Response ListRequests(AdminCall& call) {
  Result<int64_t> limit = call.QueryInt("limit", 100, 1, 1000);
  if (!limit.ok()) return ErrorResponse(limit.status());
  Result<std::vector<storage::RequestLogEntry>> entries =
      call.store.ListRequestLog(call.path["id"], *limit);
  if (!entries.ok()) return ErrorResponse(entries.status());
  boost::json::array items;
  for (const storage::RequestLogEntry& entry : *entries) {
    items.push_back(boost::json::object{{"id", entry.id},
                                        {"time", scim::FormatTime(entry.time_ms)},
                                        {"method", entry.method},
                                        {"path", entry.target},
                                        {"status", entry.status},
                                        {"latency_ms", entry.latency_ms},
                                        {"request_id", entry.request_id},
                                        {"request_body", entry.request_body},
                                        {"response_body", entry.response_body}});
  }
  return JsonResponse(200, boost::json::object{{"items", std::move(items)}});
}

}  // namespace scimd::admin
