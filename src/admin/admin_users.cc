// /admin/v1/directories/{id}/users: search, detail, deactivate, reactivate,
// delete.
#include "admin/admin_handlers.h"
#include "admin/admin_resources.h"

namespace scimd::admin {
namespace {

std::string Text(const boost::json::object& object, std::string_view key) {
  const boost::json::value* value = object.if_contains(key);
  return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

std::string DisplayName(const boost::json::object& attributes) {
  const boost::json::value* name = attributes.if_contains("name");
  if (name && name->is_object()) {
    std::string formatted = Text(name->get_object(), "formatted");
    if (!formatted.empty()) return formatted;
    std::string given = Text(name->get_object(), "givenName");
    std::string family = Text(name->get_object(), "familyName");
    if (!given.empty() || !family.empty()) {
      return given + (given.empty() || family.empty() ? "" : " ") + family;
    }
  }
  return Text(attributes, "displayName");
}

// The primary e-mail, else the first.
std::string Email(const boost::json::object& attributes) {
  const boost::json::value* emails = attributes.if_contains("emails");
  if (!emails || !emails->is_array()) return {};
  std::string first;
  for (const boost::json::value& email : emails->get_array()) {
    if (!email.is_object()) continue;
    std::string value = Text(email.get_object(), "value");
    const boost::json::value* primary = email.get_object().if_contains("primary");
    if (primary && primary->is_bool() && primary->get_bool()) return value;
    if (first.empty()) first = value;
  }
  return first;
}

bool Active(const boost::json::object& attributes) {
  const boost::json::value* active = attributes.if_contains("active");
  return !(active && active->is_bool() && !active->get_bool());
}

boost::json::object Row(const scim::Resource& user) {
  return {{"id", user.id},
          {"userName", Text(user.attributes, "userName")},
          {"name", DisplayName(user.attributes)},
          {"email", Email(user.attributes)},
          {"active", Active(user.attributes)},
          {"last_modified", scim::FormatTime(user.modified_ms)}};
}

http::Response RenderUser(AdminCall& call, const scim::Resource& user) {
  Result<std::vector<scim::GroupRef>> groups = call.store.GroupsOf(call.path["id"], user.id);
  if (!groups.ok()) return ErrorResponse(groups.status());
  return JsonResponse(200, scim::RenderResource(user, ContextOf(call), nullptr, &*groups));
}

http::Response SetActive(AdminCall& call, bool active) {
  Result<scim::Resource> updated =
      call.store.Update(call.path["id"], scim::ResourceKind::kUser, call.path["user"],
                        [active](scim::Resource& user, storage::UpdateContext&) {
                          user.attributes["active"] = active;
                          return Status::Ok();
                        });
  if (!updated.ok()) return ErrorResponse(updated.status());
  return RenderUser(call, *updated);
}

}  // namespace

http::Response ListUsers(AdminCall& call) {
  int64_t start_index = 1;
  Result<storage::QueryResult> found = FindPage(call, scim::ResourceKind::kUser, start_index);
  if (!found.ok()) return ErrorResponse(found.status());
  boost::json::array items;
  for (const scim::Resource& user : found->resources) items.push_back(Row(user));
  return JsonResponse(200, PageJson(found->total_results, start_index, std::move(items)));
}

http::Response ShowUser(AdminCall& call) {
  Result<scim::Resource> user =
      call.store.Get(call.path["id"], scim::ResourceKind::kUser, call.path["user"]);
  if (!user.ok()) return ErrorResponse(user.status());
  return RenderUser(call, *user);
}

http::Response DeactivateUser(AdminCall& call) { return SetActive(call, false); }

http::Response ReactivateUser(AdminCall& call) { return SetActive(call, true); }

http::Response DeleteUser(AdminCall& call) {
  Status status = call.store.Delete(call.path["id"], scim::ResourceKind::kUser, call.path["user"]);
  if (!status.ok()) return ErrorResponse(status);
  return NoContent();
}

}  // namespace scimd::admin
