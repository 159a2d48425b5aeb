#include "api/auth_failure_limiter.h"

#include <algorithm>

namespace scimd::api {

AuthFailureLimiter::AuthFailureLimiter(AuthFailureLimiterOptions options)
    : options_(std::move(options)) {}

int64_t AuthFailureLimiter::BlockedFor(std::string_view address) {
  if (!enabled()) return 0;
  const int64_t now_ms = options_.now_ms();
  std::lock_guard lock(mutex_);
  auto it = index_.find(address);
  if (it == index_.end()) return 0;
  const int64_t remaining_ms = it->second->blocked_until_ms - now_ms;
  if (remaining_ms <= 0) return 0;
  return std::max<int64_t>((remaining_ms + 999) / 1000, 1);
}

void AuthFailureLimiter::RecordFailure(std::string_view address) {
  if (!enabled()) return;
  const int64_t now_ms = options_.now_ms();
  std::lock_guard lock(mutex_);
  auto found = index_.find(address);
  Entries::iterator it;
  if (found == index_.end()) {
    entries_.push_front(Entry{std::string(address), now_ms, 0, 0});
    it = entries_.begin();
    // The key views the entry's own string, which a list node never moves.
    index_.emplace(it->address, it);
  } else {
    it = found->second;
    Touch(it);
  }
  Entry& entry = *it;
  // A clock stepping back counts as "still inside the window".
  if (now_ms - entry.window_start_ms >= options_.window_ms) {
    entry.window_start_ms = now_ms;
    entry.failures = 0;
  }
  if (++entry.failures >= options_.limit) {
    // The block runs a full window from the failure that earned it; the
    // count starts over once it ends.
    entry.blocked_until_ms = now_ms + options_.window_ms;
    entry.window_start_ms = entry.blocked_until_ms;
    entry.failures = 0;
  }
  EvictBeyondCapacity(now_ms);
}

void AuthFailureLimiter::Touch(Entries::iterator it) {
  entries_.splice(entries_.begin(), entries_, it);
}

void AuthFailureLimiter::EvictBeyondCapacity(int64_t now_ms) {
  const size_t capacity = std::max<size_t>(options_.max_addresses, 1);
  // Entries whose window and block have both passed mean nothing any more;
  // the least recently changed are the likeliest such, so they go first.
  auto expired = [&](const Entry& entry) {
    return std::max(entry.window_start_ms + options_.window_ms, entry.blocked_until_ms) <= now_ms;
  };
  while (!entries_.empty() && (entries_.size() > capacity || expired(entries_.back()))) {
    index_.erase(entries_.back().address);
    entries_.pop_back();
  }
}

size_t AuthFailureLimiter::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace scimd::api
