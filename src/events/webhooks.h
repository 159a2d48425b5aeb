// Webhook subscriptions as the admin API and the CLI manage them
// (docs/events.md): creation with validation, and their JSON form.
//
// Thread-safety: every function may be called concurrently.
#ifndef SCIMD_EVENTS_WEBHOOKS_H_
#define SCIMD_EVENTS_WEBHOOKS_H_

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "storage/resource_store.h"

namespace scimd::events {

// Subscribes `url` (http://) to the directory's events of `event_types`
// (empty: every type), signed with `secret` (empty: 32 random hex digits).
// Returns the stored record, secret included. kInvalidValue for a bad URL or
// an empty event type; kNotFound when the directory does not exist.
Result<storage::WebhookRecord> AddWebhook(storage::ResourceStore& store,
                                          const std::string& directory_id, const std::string& url,
                                          const std::vector<std::string>& event_types,
                                          const std::string& secret, int64_t now_ms);

// {"id", "directory", "url", "events": [types], "created_ms", "state"}; with
// `delivery` also "delivered_seq", "failures", "last_status", "last_error",
// "next_attempt_ms". Never the secret.
boost::json::object WebhookJson(const storage::WebhookRecord& webhook, bool delivery);

}  // namespace scimd::events

#endif  // SCIMD_EVENTS_WEBHOOKS_H_
