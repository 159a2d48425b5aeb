#include "events/event_json.h"

#include <string>

#include "scim/serialize/render.h"

namespace scimd::events {

boost::json::object EventJson(const storage::EventRecord& event) {
  boost::json::object json{{"seq", event.seq},
                           {"time", scim::FormatTime(event.time_ms)},
                           {"type", event.type},
                           {"directory", event.directory_id},
                           {"resourceType", event.resource_type},
                           {"id", event.resource_id}};
  const boost::json::value* changed = event.detail.if_contains("changed");
  json["changed"] = changed != nullptr ? *changed : boost::json::array();
  for (const char* key : {"values", "members"}) {
    if (const boost::json::value* value = event.detail.if_contains(key)) json[key] = *value;
  }
  if (!event.request_id.empty()) json["requestId"] = event.request_id;
  return json;
}

boost::json::object SnapshotItemJson(const storage::SnapshotItem& item) {
  boost::json::object attributes = item.resource.attributes;
  attributes.erase("password");
  boost::json::object json{{"id", item.resource.id},
                           {"resourceType", scim::ResourceTypeOf(item.resource.kind).name},
                           {"version", item.resource.version},
                           {"attributes", std::move(attributes)}};
  if (item.resource.kind == scim::ResourceKind::kGroup) {
    boost::json::array members;
    for (const std::string& id : item.member_ids) members.emplace_back(id);
    json["members"] = std::move(members);
  }
  return json;
}

}  // namespace scimd::events
