// Failed-authentication limiting per client address for the SCIM listener.
//
// Every 401 is recorded against the client's address. An address that
// reaches `limit` failures within `window_ms` is blocked for one window from
// that last failure: its requests are refused (429) before any directory
// lookup or token check, so guessing tokens costs the guesser time and the
// server nothing. Failures older than a window are forgotten; one address's
// success or failures never touch another's count.
//
// The table of addresses is bounded by `max_addresses`: past it the address
// whose entry changed least recently is dropped, so a botnet cycling through
// addresses costs bounded memory (and at worst frees some of its own
// addresses early).
//
// Limits are per process (docs/security.md).
//
// Thread-safety: every method may be called concurrently.
#ifndef SCIMD_API_AUTH_FAILURE_LIMITER_H_
#define SCIMD_API_AUTH_FAILURE_LIMITER_H_

#include <cstdint>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/clock.h"

namespace scimd::api {

struct AuthFailureLimiterOptions {
  // Failures one address may cause per window before it is blocked; 0
  // disables the limiter.
  int64_t limit = 20;
  // Length of the counting window and of a block, in milliseconds.
  int64_t window_ms = 60'000;
  // Addresses remembered at most; the least recently changed goes first.
  size_t max_addresses = 100'000;
  // Source of "now"; tests inject a fake clock.
  NowMs now_ms = SystemNowMs;
};

class AuthFailureLimiter {
 public:
  explicit AuthFailureLimiter(AuthFailureLimiterOptions options);

  AuthFailureLimiter(const AuthFailureLimiter&) = delete;
  AuthFailureLimiter& operator=(const AuthFailureLimiter&) = delete;

  // 0 when `address` may try to authenticate; otherwise the whole seconds
  // (at least 1) until its block ends, for Retry-After.
  int64_t BlockedFor(std::string_view address);

  // Counts one failed authentication from `address`; the failure that
  // reaches the limit starts the block.
  void RecordFailure(std::string_view address);

  bool enabled() const { return options_.limit > 0; }
  // Addresses remembered; for tests.
  size_t size() const;

 private:
  struct Entry {
    std::string address;
    int64_t window_start_ms = 0;
    int64_t failures = 0;
    int64_t blocked_until_ms = 0;
  };
  using Entries = std::list<Entry>;  // most recently changed first

  void Touch(Entries::iterator it);
  // Drops expired entries from the old end, then any beyond max_addresses.
  void EvictBeyondCapacity(int64_t now_ms);

  const AuthFailureLimiterOptions options_;
  mutable std::mutex mutex_;
  Entries entries_;                                                // GUARDED_BY(mutex_)
  std::unordered_map<std::string_view, Entries::iterator> index_;  // GUARDED_BY(mutex_)
};

}  // namespace scimd::api

#endif  // SCIMD_API_AUTH_FAILURE_LIMITER_H_
