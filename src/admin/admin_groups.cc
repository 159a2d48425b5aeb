// /admin/v1/directories/{id}/groups: search with member counts, detail,
// members page by page (never all at once), delete.
#include "admin/admin_handlers.h"
#include "admin/admin_resources.h"

namespace scimd::admin {
namespace {

std::string_view KindName(scim::ResourceKind kind) {
  switch (kind) {
    case scim::ResourceKind::kUser:
      return "User";
    case scim::ResourceKind::kGroup:
      return "Group";
  }
  return "User";
}

}  // namespace

http::Response ListGroups(AdminCall& call) {
  int64_t start_index = 1;
  Result<storage::QueryResult> found = FindPage(call, scim::ResourceKind::kGroup, start_index);
  if (!found.ok()) return ErrorResponse(found.status());
  boost::json::array items;
  for (const scim::Resource& group : found->resources) {
    Result<int64_t> members = call.store.CountMembers(call.path["id"], group.id);
    if (!members.ok()) return ErrorResponse(members.status());
    const boost::json::value* name = group.attributes.if_contains("displayName");
    items.push_back(
        boost::json::object{{"id", group.id},
                            {"displayName", name && name->is_string() ? name->get_string() : ""},
                            {"members", *members},
                            {"last_modified", scim::FormatTime(group.modified_ms)}});
  }
  return JsonResponse(200, PageJson(found->total_results, start_index, std::move(items)));
}

http::Response ShowGroup(AdminCall& call) {
  Result<scim::Resource> group =
      call.store.Get(call.path["id"], scim::ResourceKind::kGroup, call.path["group"]);
  if (!group.ok()) return ErrorResponse(group.status());
  Result<int64_t> members = call.store.CountMembers(call.path["id"], group->id);
  if (!members.ok()) return ErrorResponse(members.status());
  return JsonResponse(
      200, boost::json::object{
               {"resource", scim::RenderResource(*group, ContextOf(call), nullptr, nullptr)},
               {"member_count", *members}});
}

http::Response ListGroupMembers(AdminCall& call) {
  Result<int64_t> count = call.QueryInt("count", 50, 1, 500);
  if (!count.ok()) return ErrorResponse(count.status());
  // One more than asked tells whether another page follows.
  Result<std::vector<scim::Member>> page = call.store.ListMembersPage(
      call.path["id"], call.path["group"], call.Query("after"), *count + 1);
  if (!page.ok()) return ErrorResponse(page.status());
  boost::json::value next = nullptr;
  if (static_cast<int64_t>(page->size()) > *count) {
    page->resize(*count);
    next = boost::json::string(page->back().id);
  }
  boost::json::array items;
  for (const scim::Member& member : *page) {
    items.push_back(boost::json::object{
        {"value", member.id}, {"type", KindName(member.kind)}, {"display", member.display}});
  }
  return JsonResponse(200, boost::json::object{{"items", std::move(items)}, {"next", next}});
}

http::Response DeleteGroup(AdminCall& call) {
  Status status =
      call.store.Delete(call.path["id"], scim::ResourceKind::kGroup, call.path["group"]);
  if (!status.ok()) return ErrorResponse(status);
  return NoContent();
}

}  // namespace scimd::admin
