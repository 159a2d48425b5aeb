// Per-directory request rate limiting for the SCIM listener: one token bucket
// per key (a directory id) that holds up to `burst` tokens and refills at
// `rate` tokens per second. Each request takes one token; a request that
// finds less than one token is refused with the seconds until one is back.
//
// Limits are per process: with N nodes behind a load balancer a directory
// may make N times the rate (docs/security.md).
//
// Thread-safety: every method may be called concurrently.
#ifndef SCIMD_API_RATE_LIMITER_H_
#define SCIMD_API_RATE_LIMITER_H_

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/clock.h"

namespace scimd::api {

struct RateLimiterOptions {
  // Tokens added per second, to the thousandth (0.5: one every 2 s); 0 or
  // less disables the limiter (every request passes).
  double rate = 200;
  // Most tokens a bucket holds: the requests a quiet directory may send at
  // once. A new bucket starts full. Kept within [1, 10^9].
  int64_t burst = 400;
  // Source of "now"; tests inject a fake clock. A clock that steps back
  // refills nothing until it passes the last time seen.
  NowMs now_ms = SystemNowMs;
};

// What one request was told.
struct RateDecision {
  bool allowed = true;
  // When refused: whole seconds (at least 1) until the bucket holds a token
  // again, for Retry-After (RFC 9110 §10.2.3). 0 when allowed.
  int64_t retry_after_s = 0;
};

class RateLimiter {
 public:
  explicit RateLimiter(RateLimiterOptions options);

  RateLimiter(const RateLimiter&) = delete;
  RateLimiter& operator=(const RateLimiter&) = delete;

  // Takes one token from `key`'s bucket when it holds one.
  RateDecision Acquire(std::string_view key);

  bool enabled() const { return milli_rate_ > 0; }
  // Buckets held (one per key seen); for tests.
  size_t size() const;

 private:
  // In millionths of a token: a rate of r thousandths of a token per second
  // adds exactly r millionths per millisecond, so no rounding drifts.
  struct Bucket {
    int64_t micro_tokens;
    int64_t updated_ms;
  };

  void Refill(Bucket& bucket, int64_t now_ms) const;
  int64_t capacity() const;  // in millionths of a token

  const RateLimiterOptions options_;
  const int64_t milli_rate_;  // thousandths of a token per second; 0: disabled
  mutable std::mutex mutex_;
  // Keys are directory ids that authenticated: bounded by the directories
  // the operator created, so the table needs no eviction.
  std::unordered_map<std::string, Bucket> buckets_;  // GUARDED_BY(mutex_)
};

}  // namespace scimd::api

#endif  // SCIMD_API_RATE_LIMITER_H_
