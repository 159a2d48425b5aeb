// Reading the change feed: pages after a cursor, with an optional bounded
// long-poll, and the retention check that tells a lagging consumer to
// resynchronise (docs/events.md).
//
// Thread-safety: every function may be called concurrently.
#ifndef SCIMD_EVENTS_FEED_H_
#define SCIMD_EVENTS_FEED_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <string_view>

#include "common/status.h"
#include "storage/resource_store.h"

namespace scimd::events {

// The longest a long-poll may wait.
inline constexpr std::chrono::seconds kMaxWait{60};

struct FeedRequest {
  int64_t after = 0;  // the cursor: the last sequence number the consumer has
  int64_t limit = 100;
  // 0: answer at once. Otherwise, when no event follows `after`, re-check the
  // store every `poll_interval` until one does or `wait` (at most kMaxWait)
  // has passed. Checking the store (not a local signal) also sees writes
  // made on other nodes.
  std::chrono::milliseconds wait{0};
  std::chrono::milliseconds poll_interval{200};
};

// The page after `request.after`. kNotFound when the directory does not
// exist; kExpiredCursor when retention has removed events after the cursor
// (the consumer must resynchronise from a snapshot). A long-poll that times
// out answers an empty page.
Result<storage::EventPage> ReadFeed(storage::ResourceStore& store, std::string_view directory_id,
                                    const FeedRequest& request);

}  // namespace scimd::events

#endif  // SCIMD_EVENTS_FEED_H_
