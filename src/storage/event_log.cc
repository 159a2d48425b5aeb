#include "storage/event_log.h"

#include <boost/json.hpp>
#include <map>
#include <utility>

#include "storage/resource_store.h"

namespace scimd::storage {
namespace {

thread_local const WriteContext* current_context = nullptr;

const WriteContext& EmptyContext() {
  static const WriteContext empty;
  return empty;
}

std::string Prefix(scim::ResourceKind kind) {
  switch (kind) {
    case scim::ResourceKind::kUser:
      return "user.";
    case scim::ResourceKind::kGroup:
      return "group.";
  }
  return "";
}

std::string TypeName(scim::ResourceKind kind) { return scim::ResourceTypeOf(kind).name; }

// Never copied into an event, whatever changed.
bool Secret(std::string_view name) { return name == "password"; }

bool SmallScalar(const boost::json::value& value) {
  if (value.is_string()) return value.get_string().size() <= 256;
  return value.is_bool() || value.is_number();
}

EventRecord Base(std::string_view directory_id, std::string type, std::string resource_type,
                 std::string_view id) {
  EventRecord event;
  event.directory_id = std::string(directory_id);
  event.type = std::move(type);
  event.resource_type = std::move(resource_type);
  event.resource_id = std::string(id);
  event.request_id = CurrentWriteContext().request_id;
  return event;
}

// The names of the top-level attributes that differ (set, changed or
// removed) and the new values of the small scalars among them.
void Describe(const boost::json::object& before, const boost::json::object& after,
              boost::json::object& detail) {
  boost::json::array changed;
  boost::json::object values;
  for (const auto& [name, value] : after) {
    const boost::json::value* old = before.if_contains(name);
    if (old != nullptr && *old == value) continue;
    changed.emplace_back(name);
    if (!Secret(name) && SmallScalar(value)) values[name] = value;
  }
  for (const auto& [name, value] : before) {
    if (after.contains(name)) continue;
    changed.emplace_back(name);
    values[name] = nullptr;  // removed
  }
  detail["changed"] = std::move(changed);
  if (!values.empty()) detail["values"] = std::move(values);
}

bool Active(const boost::json::object& attributes) {
  const boost::json::value* active = attributes.if_contains("active");
  // SCIM: a user without `active` is active.
  return active == nullptr || !active->is_bool() || active->get_bool();
}

EventRecord MemberEvent(std::string_view directory_id, std::string_view group_id, std::string type,
                        const std::vector<std::string>& ids) {
  EventRecord event = Base(directory_id, std::move(type), "Group", group_id);
  boost::json::array members;
  for (const std::string& id : ids) members.emplace_back(id);
  event.detail["changed"] = boost::json::array{"members"};
  event.detail["members"] = std::move(members);
  return event;
}

}  // namespace

ScopedWriteContext::ScopedWriteContext(WriteContext context)
    : context_(std::move(context)), previous_(current_context) {
  current_context = &context_;
}

ScopedWriteContext::~ScopedWriteContext() { current_context = previous_; }

const WriteContext& CurrentWriteContext() {
  return current_context != nullptr ? *current_context : EmptyContext();
}

std::vector<EventRecord> CreatedEvents(std::string_view directory_id, const scim::Resource& created,
                                       const std::vector<std::string>& member_ids) {
  std::vector<EventRecord> events;
  EventRecord event =
      Base(directory_id, Prefix(created.kind) + "created", TypeName(created.kind), created.id);
  Describe({}, created.attributes, event.detail);
  events.push_back(std::move(event));
  if (!member_ids.empty()) {
    events.push_back(MemberEvent(directory_id, created.id, "group.member_added", member_ids));
  }
  return events;
}

std::vector<EventRecord> UpdatedEvents(std::string_view directory_id, const scim::Resource& before,
                                       const scim::Resource& after,
                                       const std::vector<scim::MemberChange>& member_changes) {
  std::vector<EventRecord> events;
  boost::json::object detail;
  Describe(before.attributes, after.attributes, detail);
  bool attributes_changed = !detail["changed"].get_array().empty();
  if (attributes_changed || member_changes.empty()) {
    std::string verb = "updated";
    const std::string& operation = CurrentWriteContext().operation;
    if (operation == "replace") verb = "replaced";
    if (operation == "patch") verb = "patched";
    if (after.kind == scim::ResourceKind::kUser) {
      bool was = Active(before.attributes);
      bool is = Active(after.attributes);
      if (was && !is) verb = "deactivated";
      if (!was && is) verb = "reactivated";
    }
    EventRecord event =
        Base(directory_id, Prefix(after.kind) + verb, TypeName(after.kind), after.id);
    event.detail = std::move(detail);
    events.push_back(std::move(event));
  }
  for (const scim::MemberChange& change : member_changes) {
    switch (change.kind) {
      case scim::MemberChange::Kind::kAdd:
        if (change.ids.empty()) break;
        events.push_back(MemberEvent(directory_id, after.id, "group.member_added", change.ids));
        break;
      case scim::MemberChange::Kind::kRemove:
        if (change.ids.empty()) break;
        events.push_back(MemberEvent(directory_id, after.id, "group.member_removed", change.ids));
        break;
      case scim::MemberChange::Kind::kRemoveAll:
        events.push_back(MemberEvent(directory_id, after.id, "group.members_cleared", {}));
        break;
    }
  }
  return events;
}

std::vector<EventRecord> ImportedEvents(
    std::string_view directory_id, const std::vector<scim::Resource>& resources,
    const std::vector<std::pair<std::string, std::string>>& memberships) {
  std::vector<EventRecord> events;
  events.reserve(resources.size());
  for (const scim::Resource& resource : resources) {
    std::vector<EventRecord> created = CreatedEvents(directory_id, resource, {});
    events.push_back(std::move(created.front()));
  }
  std::map<std::string, std::vector<std::string>> members_of;
  for (const auto& [group_id, member_id] : memberships) members_of[group_id].push_back(member_id);
  for (const auto& [group_id, member_ids] : members_of) {
    events.push_back(MemberEvent(directory_id, group_id, "group.member_added", member_ids));
  }
  return events;
}

std::vector<EventRecord> DeletedEvents(std::string_view directory_id, scim::ResourceKind kind,
                                       std::string_view id) {
  return {Base(directory_id, Prefix(kind) + "deleted", TypeName(kind), id)};
}

std::vector<EventRecord> DirectoryEvents(const DirectoryRecord& before,
                                         const DirectoryRecord& after) {
  std::vector<EventRecord> events;
  if (before.name != after.name || before.idp != after.idp) {
    EventRecord event = Base(after.id, "directory.updated", "Directory", after.id);
    boost::json::array changed;
    boost::json::object values;
    if (before.name != after.name) {
      changed.emplace_back("name");
      values["name"] = after.name;
    }
    if (before.idp != after.idp) {
      changed.emplace_back("idp");
      values["idp"] = after.idp;
    }
    event.detail["changed"] = std::move(changed);
    event.detail["values"] = std::move(values);
    events.push_back(std::move(event));
  }
  if (before.settings != after.settings) {
    EventRecord event = Base(after.id, "directory.settings_changed", "Directory", after.id);
    Describe(before.settings, after.settings, event.detail);
    events.push_back(std::move(event));
  }
  if (before.secret_hash != after.secret_hash) {
    EventRecord event = Base(after.id, "directory.secret_rotated", "Directory", after.id);
    event.detail["changed"] = boost::json::array{"secret"};
    events.push_back(std::move(event));
  }
  return events;
}

}  // namespace scimd::storage
