// Delivering webhooks: lease, read after the cursor, post in order, record.
#include "events/webhook_worker.h"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <iostream>
#include <random>

#include "common/random.h"
#include "events/event_json.h"
#include "events/signature.h"

namespace scimd::events {
namespace {

bool Wanted(const storage::WebhookRecord& webhook, const std::string& type) {
  return webhook.event_types.empty() ||
         std::find(webhook.event_types.begin(), webhook.event_types.end(), type) !=
             webhook.event_types.end();
}

double Jitter() {
  thread_local std::mt19937 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(-1.0, 1.0)(rng);
}

// Posts one event; OK on a 2xx answer. Records the outcome in `progress`.
bool PostEvent(const storage::WebhookRecord& webhook, const storage::EventRecord& event,
               const WebhookOptions& options, storage::WebhookProgress& progress) {
  const std::string body = boost::json::serialize(EventJson(event));
  Headers headers = {
      {"Content-Type", "application/json"},
      {"X-Scimd-Signature", SignatureHeader(webhook.secret, options.now_ms() / 1000, body)},
      {"X-Scimd-Event-Id", event.directory_id + ":" + std::to_string(event.seq)},
  };
  Result<http::ClientResponse> response = options.post(webhook.url, headers, body, options.timeout);
  if (!response.ok()) {
    progress.last_status = 0;
    progress.last_error = response.status().detail();
    return false;
  }
  progress.last_status = response->status;
  if (response->status >= 200 && response->status < 300) {
    progress.last_error.clear();
    return true;
  }
  progress.last_error = "HTTP " + std::to_string(response->status);
  return false;
}

void RecordFailure(const WebhookOptions& options, storage::WebhookProgress& progress) {
  progress.failures += 1;
  if (progress.failures >= options.max_failures) progress.state = "dead";
  progress.next_attempt_ms = options.now_ms() + RetryDelayMs(options, progress.failures, Jitter());
}

storage::WebhookProgress Unchanged(const storage::WebhookRecord& webhook) {
  storage::WebhookProgress progress;
  progress.delivered_seq = webhook.delivered_seq;
  progress.failures = webhook.failures;
  progress.state = webhook.state;
  progress.next_attempt_ms = webhook.next_attempt_ms;
  progress.last_status = webhook.last_status;
  progress.last_error = webhook.last_error;
  return progress;
}

// Delivers the leased `webhook` until done, failed, near the lease's end or
// stopped; returns the progress to record and adds to `acknowledged`.
storage::WebhookProgress DeliverOne(storage::ResourceStore& store,
                                    const storage::WebhookRecord& webhook,
                                    const WebhookOptions& options, int64_t lease_until,
                                    const std::function<bool()>& stop, int64_t& acknowledged) {
  storage::WebhookProgress progress = Unchanged(webhook);
  // Leave a margin so progress is recorded before another node may take over.
  const int64_t deadline = lease_until - options.lease.count() / 4;
  while (!stop() && options.now_ms() < deadline) {
    Result<storage::EventPage> page =
        store.ListEvents(webhook.directory_id, progress.delivered_seq, options.batch);
    if (!page.ok()) {
      progress.last_error = page.status().detail();
      RecordFailure(options, progress);
      return progress;
    }
    for (const storage::EventRecord& event : page->events) {
      if (stop() || options.now_ms() >= deadline) return progress;
      if (Wanted(webhook, event.type)) {
        if (!PostEvent(webhook, event, options, progress)) {
          RecordFailure(options, progress);
          return progress;
        }
        ++acknowledged;
      }
      progress.delivered_seq = event.seq;
      progress.failures = 0;
    }
    if (static_cast<int64_t>(page->events.size()) < options.batch) break;
  }
  return progress;
}

}  // namespace

int64_t RetryDelayMs(const WebhookOptions& options, int64_t failures, double jitter) {
  const int64_t cap = options.retry_cap.count();
  int64_t delay = options.retry_base.count();
  for (int64_t i = 1; i < failures && delay < cap; ++i) delay *= 2;
  delay = std::min(delay, cap);
  return static_cast<int64_t>(static_cast<double>(delay) * (1.0 + 0.2 * jitter));
}

Result<int64_t> DeliverDue(storage::ResourceStore& store, const WebhookOptions& options,
                           const std::function<bool()>& stop) {
  const std::string owner = options.owner.empty() ? NewUuid() : options.owner;
  SCIMD_ASSIGN_OR_RETURN(std::vector<storage::WebhookRecord> due,
                         store.DueWebhooks(options.now_ms()));
  int64_t acknowledged = 0;
  for (const storage::WebhookRecord& webhook : due) {
    if (stop()) break;
    const int64_t now = options.now_ms();
    const int64_t lease_until = now + options.lease.count();
    SCIMD_ASSIGN_OR_RETURN(bool taken, store.LeaseWebhook(webhook.id, owner, now, lease_until));
    if (!taken) continue;  // another node has it
    // Re-read under the lease: the listing may predate another node's round,
    // and its cursor would resend what that round delivered.
    Result<storage::WebhookRecord> current = store.GetWebhook(webhook.directory_id, webhook.id);
    if (!current.ok()) {
      if (current.status().code() == Code::kNotFound) continue;  // deleted meanwhile
      return current.status();
    }
    // Another node may have failed an attempt since the listing.
    storage::WebhookProgress progress =
        current->next_attempt_ms > now
            ? Unchanged(*current)
            : DeliverOne(store, *current, options, lease_until, stop, acknowledged);
    SCIMD_ASSIGN_OR_RETURN(bool written, store.FinishWebhook(webhook.id, owner, progress));
    (void)written;  // lease lost or deleted: the events will be sent again
  }
  return acknowledged;
}

WebhookWorker::WebhookWorker(storage::ResourceStore& store, WebhookOptions options)
    : store_(store), options_(std::move(options)) {
  if (options_.owner.empty()) options_.owner = NewUuid();
  thread_ = std::thread([this] { Run(); });
}

WebhookWorker::~WebhookWorker() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void WebhookWorker::Run() {
  auto stop = [this] { return stopping_.load(); };
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    lock.unlock();
    Result<int64_t> delivered = DeliverDue(store_, options_, stop);
    // A store without webhooks has nothing to deliver; say nothing.
    if (!delivered.ok() && delivered.status().code() != Code::kNotImplemented) {
      std::cerr << "scimd: webhooks: " << delivered.status().detail() << "\n";
    }
    lock.lock();
    wake_.wait_for(lock, options_.interval, [this] { return stopping_.load(); });
  }
}

}  // namespace scimd::events
