#include "events/retention.h"

#include <iostream>

namespace scimd::events {

Result<int64_t> PruneOnce(storage::ResourceStore& store, const RetentionOptions& options) {
  const int64_t max_age_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(options.max_age).count();
  return store.PruneEvents(options.now_ms() - max_age_ms, options.max_count);
}

EventPruner::EventPruner(storage::ResourceStore& store, RetentionOptions options)
    : store_(store), options_(std::move(options)), thread_([this] { Run(); }) {}

EventPruner::~EventPruner() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void EventPruner::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    lock.unlock();
    Result<int64_t> removed = PruneOnce(store_, options_);
    // A store without a change feed has nothing to prune; say nothing.
    if (!removed.ok() && removed.status().code() != Code::kNotImplemented) {
      std::cerr << "scimd: event retention: " << removed.status().detail() << "\n";
    }
    lock.lock();
    wake_.wait_for(lock, options_.interval, [this] { return stopping_; });
  }
}

}  // namespace scimd::events
