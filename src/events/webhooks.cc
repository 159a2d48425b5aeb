#include "events/webhooks.h"

#include "common/random.h"
#include "http/client.h"

namespace scimd::events {

Result<storage::WebhookRecord> AddWebhook(storage::ResourceStore& store,
                                          const std::string& directory_id, const std::string& url,
                                          const std::vector<std::string>& event_types,
                                          const std::string& secret, int64_t now_ms) {
  SCIMD_RETURN_IF_ERROR(http::ParseHttpUrl(url).status());
  for (const std::string& type : event_types) {
    if (type.empty()) return InvalidValue("event types must not be empty");
  }
  storage::WebhookRecord webhook;
  webhook.id = RandomString(12, "abcdefghijklmnopqrstuvwxyz0123456789");
  webhook.directory_id = directory_id;
  webhook.url = url;
  webhook.event_types = event_types;
  webhook.secret = secret.empty() ? RandomString(32, "0123456789abcdef") : secret;
  webhook.created_ms = now_ms;
  SCIMD_RETURN_IF_ERROR(store.CreateWebhook(webhook));
  return webhook;
}

boost::json::object WebhookJson(const storage::WebhookRecord& webhook, bool delivery) {
  boost::json::array types;
  for (const std::string& type : webhook.event_types) types.emplace_back(type);
  boost::json::object out{
      {"id", webhook.id},           {"directory", webhook.directory_id}, {"url", webhook.url},
      {"events", std::move(types)}, {"created_ms", webhook.created_ms},  {"state", webhook.state}};
  if (delivery) {
    out["delivered_seq"] = webhook.delivered_seq;
    out["failures"] = webhook.failures;
    out["last_status"] = webhook.last_status;
    out["last_error"] = webhook.last_error;
    out["next_attempt_ms"] = webhook.next_attempt_ms;
  }
  return out;
}

}  // namespace scimd::events
