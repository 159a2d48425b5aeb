// /admin/v1/directories/{id}/events and /snapshot: the change feed, read
// with a cursor and an optional long-poll, and the snapshot a consumer
// resynchronises from (docs/events.md).
#include <chrono>
#include <string>

#include "admin/admin_handlers.h"
#include "events/event_json.h"
#include "events/feed.h"

namespace scimd::admin {
namespace {

// "30", "30s" or "500ms"; kInvalidValue otherwise or beyond the maximum.
Result<std::chrono::milliseconds> ParseWait(std::string text) {
  int64_t scale = 1000;
  if (text.ends_with("ms")) {
    scale = 1;
    text.resize(text.size() - 2);
  } else if (text.ends_with("s")) {
    text.resize(text.size() - 1);
  }
  size_t used = 0;
  int64_t value = -1;
  try {
    value = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (text.empty() || used != text.size() || value < 0 ||
      value * scale > std::chrono::milliseconds(events::kMaxWait).count()) {
    return InvalidValue("wait must be a duration up to 60s, such as 30s");
  }
  return std::chrono::milliseconds(value * scale);
}

}  // namespace

http::Response ListEvents(AdminCall& call) {
  Result<int64_t> after = call.QueryInt("after", 0, 0, INT64_MAX);
  if (!after.ok()) return ErrorResponse(after.status());
  Result<int64_t> limit = call.QueryInt("limit", 100, 1, 1000);
  if (!limit.ok()) return ErrorResponse(limit.status());
  Result<std::chrono::milliseconds> wait = ParseWait(call.Query("wait", "0"));
  if (!wait.ok()) return ErrorResponse(wait.status());
  events::FeedRequest request;
  request.after = *after;
  request.limit = *limit;
  request.wait = *wait;
  const std::string& directory = call.path["id"];
  Result<storage::EventPage> page = events::ReadFeed(call.store, directory, request);
  if (!page.ok()) {
    if (page.status().code() != Code::kExpiredCursor) return ErrorResponse(page.status());
    // 410 Gone: the consumer must start again from a snapshot.
    boost::json::object error{{"code", "Gone"},
                              {"message", page.status().detail()},
                              {"snapshot", "/admin/v1/directories/" + directory + "/snapshot"}};
    return JsonResponse(410, boost::json::object{{"error", std::move(error)}});
  }
  boost::json::array items;
  int64_t next = *after;
  for (const storage::EventRecord& event : page->events) {
    items.push_back(events::EventJson(event));
    next = event.seq;
  }
  return JsonResponse(
      200, boost::json::object{
               {"events", std::move(items)}, {"next", next}, {"lastSeq", page->last_seq}});
}

http::Response ShowSnapshot(AdminCall& call) {
  std::string type = call.Query("type", "users");
  if (type != "users" && type != "groups") {
    return ErrorResponse(InvalidValue("type must be users or groups"));
  }
  Result<int64_t> limit = call.QueryInt("limit", 500, 1, 5000);
  if (!limit.ok()) return ErrorResponse(limit.status());
  scim::ResourceKind kind =
      type == "users" ? scim::ResourceKind::kUser : scim::ResourceKind::kGroup;
  Result<storage::SnapshotPage> page =
      call.store.Snapshot(call.path["id"], kind, call.Query("after"), *limit);
  if (!page.ok()) return ErrorResponse(page.status());
  boost::json::array items;
  for (const storage::SnapshotItem& item : page->items)
    items.push_back(events::SnapshotItemJson(item));
  boost::json::value next = nullptr;
  if (static_cast<int64_t>(page->items.size()) == *limit) next = page->items.back().resource.id;
  return JsonResponse(200, boost::json::object{{"type", type},
                                               {"seq", page->seq},
                                               {"items", std::move(items)},
                                               {"next", std::move(next)}});
}

}  // namespace scimd::admin
