// Retention of the change feed: a background thread that prunes, in every
// directory, events older than a maximum age and beyond a maximum count.
//
// Thread-safety: construct and destroy on one thread; the pruning runs on
// its own thread.
#ifndef SCIMD_EVENTS_RETENTION_H_
#define SCIMD_EVENTS_RETENTION_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "common/clock.h"
#include "storage/resource_store.h"

namespace scimd::events {

struct RetentionOptions {
  std::chrono::seconds max_age{7 * 24 * 3600};
  int64_t max_count = 1'000'000;  // per directory
  std::chrono::milliseconds interval{5000};
  NowMs now_ms = SystemNowMs;
};

// Prunes once: events older than now - max_age, and all but the newest
// max_count of each directory. Returns how many were removed.
Result<int64_t> PruneOnce(storage::ResourceStore& store, const RetentionOptions& options);

class EventPruner {
 public:
  // Starts the thread; it prunes at once and then every `interval`. Errors
  // are reported on stderr and retried at the next interval.
  EventPruner(storage::ResourceStore& store, RetentionOptions options);
  // Stops and joins the thread.
  ~EventPruner();
  EventPruner(const EventPruner&) = delete;
  EventPruner& operator=(const EventPruner&) = delete;

 private:
  void Run();

  storage::ResourceStore& store_;
  RetentionOptions options_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace scimd::events

#endif  // SCIMD_EVENTS_RETENTION_H_
