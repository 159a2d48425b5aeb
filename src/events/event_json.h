// The JSON form of change-feed events and snapshot items (docs/events.md).
//
// Thread-safety: pure functions.
#ifndef SCIMD_EVENTS_EVENT_JSON_H_
#define SCIMD_EVENTS_EVENT_JSON_H_

#include <boost/json/object.hpp>

#include "storage/resource_store.h"

namespace scimd::events {

// {"seq", "time" (RFC 3339), "type", "directory", "resourceType", "id",
//  "changed": [names], "values"?: {name: scalar}, "members"?: [ids],
//  "requestId"?}. "values" and "members" appear when the event has them,
// "requestId" when the change came from a request.
boost::json::object EventJson(const storage::EventRecord& event);

// {"id", "resourceType", "version", "attributes", "members"?: [ids]}; the
// attributes never include a password.
boost::json::object SnapshotItemJson(const storage::SnapshotItem& item);

}  // namespace scimd::events

#endif  // SCIMD_EVENTS_EVENT_JSON_H_
