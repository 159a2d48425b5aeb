// /admin/v1/directories/{id}/webhooks: signed webhook subscriptions of a
// directory and their delivery state (docs/events.md).
#include <string>

#include "admin/admin_handlers.h"
#include "events/webhooks.h"

namespace scimd::admin {
namespace {

// The event types of the body: absent, null or [] means every type.
Result<std::vector<std::string>> EventTypes(const boost::json::object& body) {
  std::vector<std::string> types;
  const boost::json::value* field = body.if_contains("events");
  if (field == nullptr || field->is_null()) return types;
  if (!field->is_array()) return InvalidValue("events must be an array of event types");
  for (const boost::json::value& type : field->get_array()) {
    if (!type.is_string()) {
      return InvalidValue("events must be an array of event types such as \"user.created\"");
    }
    types.emplace_back(type.get_string());
  }
  return types;
}

}  // namespace

http::Response CreateWebhook(AdminCall& call) {
  Result<boost::json::object> body = call.BodyObject();
  if (!body.ok()) return ErrorResponse(body.status());
  const boost::json::value* url = body->if_contains("url");
  if (url == nullptr || !url->is_string()) return ErrorResponse(InvalidValue("url is required"));
  Result<std::vector<std::string>> types = EventTypes(*body);
  if (!types.ok()) return ErrorResponse(types.status());
  const boost::json::value* secret = body->if_contains("secret");
  if (secret != nullptr && !(secret->is_string() && !secret->get_string().empty())) {
    return ErrorResponse(InvalidValue("secret must be a non-empty string"));
  }
  Result<storage::WebhookRecord> added = events::AddWebhook(
      call.store, call.path["id"], std::string(url->get_string()), *types,
      secret != nullptr ? std::string(secret->get_string()) : "", call.options.now_ms());
  if (!added.ok()) return ErrorResponse(added.status());
  // The secret is shown once, like a directory's App secret.
  boost::json::object out = events::WebhookJson(*added, false);
  out["secret"] = added->secret;
  return JsonResponse(201, out);
}

http::Response ListWebhooks(AdminCall& call) {
  Result<std::vector<storage::WebhookRecord>> webhooks = call.store.ListWebhooks(call.path["id"]);
  if (!webhooks.ok()) return ErrorResponse(webhooks.status());
  boost::json::array items;
  for (const storage::WebhookRecord& webhook : *webhooks) {
    items.push_back(events::WebhookJson(webhook, false));
  }
  return JsonResponse(200, boost::json::object{{"webhooks", std::move(items)}});
}

http::Response RemoveWebhook(AdminCall& call) {
  Status status = call.store.DeleteWebhook(call.path["id"], call.path["webhook"]);
  if (!status.ok()) return ErrorResponse(status);
  return NoContent();
}

http::Response ShowWebhookDeliveries(AdminCall& call) {
  Result<storage::WebhookRecord> webhook =
      call.store.GetWebhook(call.path["id"], call.path["webhook"]);
  if (!webhook.ok()) return ErrorResponse(webhook.status());
  return JsonResponse(200, events::WebhookJson(*webhook, true));
}

}  // namespace scimd::admin
