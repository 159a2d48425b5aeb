#include "events/feed.h"

#include <algorithm>
#include <string>
#include <thread>

namespace scimd::events {

Result<storage::EventPage> ReadFeed(storage::ResourceStore& store, std::string_view directory_id,
                                    const FeedRequest& request) {
  const auto deadline = std::chrono::steady_clock::now() +
                        std::min<std::chrono::milliseconds>(request.wait, kMaxWait);
  while (true) {
    SCIMD_ASSIGN_OR_RETURN(storage::EventPage page,
                           store.ListEvents(directory_id, request.after, request.limit));
    if (request.after < page.pruned_seq) {
      return Status(Code::kExpiredCursor,
                    "events after " + std::to_string(request.after) +
                        " were removed by retention (kept from " +
                        std::to_string(page.pruned_seq + 1) +
                        "); resynchronise from the snapshot and continue from its seq");
    }
    if (!page.events.empty() || std::chrono::steady_clock::now() >= deadline) return page;
    std::this_thread::sleep_for(request.poll_interval);
  }
}

}  // namespace scimd::events
