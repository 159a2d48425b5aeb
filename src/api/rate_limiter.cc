#include "api/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace scimd::api {
namespace {

constexpr int64_t kMicro = 1'000'000;  // one token

// A positive rate below a thousandth still limits, at the slowest rate kept.
int64_t MilliRate(double rate) {
  if (!(rate > 0)) return 0;
  return std::max<int64_t>(std::llround(std::min(rate, 1e9) * 1000), 1);
}

}  // namespace

RateLimiter::RateLimiter(RateLimiterOptions options)
    : options_(std::move(options)), milli_rate_(MilliRate(options_.rate)) {}

int64_t RateLimiter::capacity() const {
  return std::clamp<int64_t>(options_.burst, 1, 1'000'000'000) * kMicro;
}

void RateLimiter::Refill(Bucket& bucket, int64_t now_ms) const {
  // A wall clock may step back (NTP); refilling only from the later time
  // keeps a step back from minting tokens.
  if (now_ms <= bucket.updated_ms) return;
  // Past a full refill more time adds nothing; capping it keeps the product
  // far from overflow.
  const int64_t full_ms = capacity() / milli_rate_ + 1;
  const int64_t elapsed_ms = std::min(now_ms - bucket.updated_ms, full_ms);
  bucket.micro_tokens = std::min(capacity(), bucket.micro_tokens + elapsed_ms * milli_rate_);
  bucket.updated_ms = now_ms;
}

RateDecision RateLimiter::Acquire(std::string_view key) {
  if (!enabled()) return {};
  const int64_t now_ms = options_.now_ms();
  std::lock_guard lock(mutex_);
  auto [it, inserted] = buckets_.try_emplace(std::string(key), Bucket{capacity(), now_ms});
  Bucket& bucket = it->second;
  Refill(bucket, now_ms);
  if (bucket.micro_tokens >= kMicro) {
    bucket.micro_tokens -= kMicro;
    return {};
  }
  // Rounded up (to the millisecond, then to the second) so a client that
  // waits exactly this long finds a token.
  const int64_t missing = kMicro - bucket.micro_tokens;
  const int64_t wait_ms = (missing + milli_rate_ - 1) / milli_rate_;
  return {false, std::max<int64_t>((wait_ms + 999) / 1000, 1)};
}

size_t RateLimiter::size() const {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

}  // namespace scimd::api
