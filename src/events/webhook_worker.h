// Webhook delivery (docs/events.md): a background thread that pushes each
// active subscription's events, in order, to its URL, signed with
// X-Scimd-Signature. At-least-once: an event is re-sent until a 2xx answer
// has been recorded. Failures back off exponentially (with ±20 % jitter);
// after max_failures consecutive failures the subscription is dead.
//
// The delivery state lives in the store, so deliveries survive restarts, and
// a subscription is delivered by one node at a time: the one that took its
// lease with a conditional update.
//
// Thread-safety: DeliverDue may be called from any thread; a WebhookWorker is
// constructed and destroyed on one thread and delivers on its own.
#ifndef SCIMD_EVENTS_WEBHOOK_WORKER_H_
#define SCIMD_EVENTS_WEBHOOK_WORKER_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "http/client.h"
#include "storage/resource_store.h"

namespace scimd::events {

using Headers = std::vector<std::pair<std::string, std::string>>;
// Sends one delivery; http::Post in production, a fake in tests.
using Poster = std::function<Result<http::ClientResponse>(
    const std::string& url, const Headers& headers, std::string_view body,
    std::chrono::milliseconds timeout)>;

struct WebhookOptions {
  std::chrono::milliseconds retry_base{1000};    // the delay after the first failure
  std::chrono::milliseconds retry_cap{300'000};  // the longest delay
  int64_t max_failures = 10;                     // consecutive failures before dead
  std::chrono::milliseconds interval{500};       // how often the thread looks for work
  std::chrono::milliseconds timeout{10'000};     // one delivery, connect to response
  std::chrono::milliseconds lease{60'000};       // how long a node owns a subscription
  int64_t batch = 100;                           // events read per page
  std::string owner;                             // this node's lease name; "" = random
  NowMs now_ms = SystemNowMs;
  Poster post = http::Post;
};

// The delay before the next attempt after `failures` (>= 1) consecutive
// failures: min(base * 2^(failures-1), cap), scaled by 1 + 0.2 * `jitter`
// where `jitter` is in [-1, 1].
int64_t RetryDelayMs(const WebhookOptions& options, int64_t failures, double jitter);

// One pass: leases every due subscription in turn and delivers its pending
// events until they are delivered, one fails, the lease nears its end, or
// `stop` returns true. Returns how many events were acknowledged. Store
// errors end the pass.
Result<int64_t> DeliverDue(
    storage::ResourceStore& store, const WebhookOptions& options,
    const std::function<bool()>& stop = [] { return false; });

class WebhookWorker {
 public:
  // Starts the thread; it delivers at once and then every `interval`.
  // Errors are reported on stderr and retried at the next interval.
  WebhookWorker(storage::ResourceStore& store, WebhookOptions options);
  // Stops after the delivery in flight (its progress is recorded) and joins.
  ~WebhookWorker();
  WebhookWorker(const WebhookWorker&) = delete;
  WebhookWorker& operator=(const WebhookWorker&) = delete;

 private:
  void Run();

  storage::ResourceStore& store_;
  WebhookOptions options_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace scimd::events

#endif  // SCIMD_EVENTS_WEBHOOK_WORKER_H_
