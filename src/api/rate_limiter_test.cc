#include "api/rate_limiter.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace scimd::api {
namespace {

struct FakeClock {
  std::atomic<int64_t> now{1'000'000};
  NowMs fn() {
    return [this] { return now.load(); };
  }
};

RateLimiterOptions Options(FakeClock& clock, double rate, int64_t burst) {
  RateLimiterOptions options;
  options.rate = rate;
  options.burst = burst;
  options.now_ms = clock.fn();
  return options;
}

int Drain(RateLimiter& limiter, std::string_view key) {
  int allowed = 0;
  while (limiter.Acquire(key).allowed) ++allowed;
  return allowed;
}

TEST(RateLimiter, ANewBucketAllowsTheBurstThenRefuses) {
  FakeClock clock;
  RateLimiter limiter(Options(clock, 5, 10));
  EXPECT_EQ(Drain(limiter, "dir"), 10);
  RateDecision refused = limiter.Acquire("dir");
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after_s, 1);
}

TEST(RateLimiter, RefillsAtTheRate) {
  FakeClock clock;
  RateLimiter limiter(Options(clock, 5, 10));
  Drain(limiter, "dir");
  clock.now += 199;  // 0.995 of a token
  EXPECT_FALSE(limiter.Acquire("dir").allowed);
  clock.now += 1;
  EXPECT_TRUE(limiter.Acquire("dir").allowed);
  EXPECT_FALSE(limiter.Acquire("dir").allowed);
  clock.now += 1000;  // five tokens
  EXPECT_EQ(Drain(limiter, "dir"), 5);
}

TEST(RateLimiter, NeverHoldsMoreThanTheBurst) {
  FakeClock clock;
  RateLimiter limiter(Options(clock, 100, 3));
  Drain(limiter, "dir");
  clock.now += int64_t{365} * 24 * 3600 * 1000;  // a year idle
  EXPECT_EQ(Drain(limiter, "dir"), 3);
}

TEST(RateLimiter, RetryAfterIsTheWholeSecondsUntilATokenIsBack) {
  FakeClock clock;
  // One token a second: right after draining, the wait is the whole second.
  RateLimiter slow(Options(clock, 1, 1));
  EXPECT_TRUE(slow.Acquire("dir").allowed);
  EXPECT_EQ(slow.Acquire("dir").retry_after_s, 1);
  clock.now += 400;
  EXPECT_EQ(slow.Acquire("dir").retry_after_s, 1);  // 0.6 s left rounds up
  clock.now += 600;
  EXPECT_TRUE(slow.Acquire("dir").allowed);
}

TEST(RateLimiter, FractionalRatesWaitSeveralSeconds) {
  FakeClock clock;
  RateLimiter limiter(Options(clock, 0.25, 1));  // one request every 4 s
  EXPECT_TRUE(limiter.Acquire("dir").allowed);
  EXPECT_EQ(limiter.Acquire("dir").retry_after_s, 4);
  clock.now += 2'500;
  EXPECT_EQ(limiter.Acquire("dir").retry_after_s, 2);  // 1.5 s left rounds up
  clock.now += 1'499;
  EXPECT_EQ(limiter.Acquire("dir").retry_after_s, 1);
  clock.now += 1;
  EXPECT_TRUE(limiter.Acquire("dir").allowed);
}

TEST(RateLimiter, TinyRatesStillLimit) {
  FakeClock clock;
  RateLimiter limiter(Options(clock, 1e-9, 1));
  EXPECT_TRUE(limiter.enabled());
  EXPECT_TRUE(limiter.Acquire("dir").allowed);
  EXPECT_EQ(limiter.Acquire("dir").retry_after_s, 1000);  // the slowest rate kept: 0.001/s
}

TEST(RateLimiter, RetryAfterIsAtLeastOneSecondAtHighRates) {
  FakeClock clock;
  RateLimiter limiter(Options(clock, 10'000, 1));
  EXPECT_TRUE(limiter.Acquire("dir").allowed);
  RateDecision refused = limiter.Acquire("dir");
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after_s, 1);
}

TEST(RateLimiter, WaitingRetryAfterAlwaysFindsAToken) {
  FakeClock clock;
  for (double rate : {0.3, 1.0, 2.0, 3.0, 7.0, 200.0}) {
    RateLimiter limiter(Options(clock, rate, 2));
    Drain(limiter, "dir");
    for (int i = 0; i < 20; ++i) {
      RateDecision refused = limiter.Acquire("dir");
      ASSERT_FALSE(refused.allowed) << rate;
      ASSERT_GE(refused.retry_after_s, 1);
      clock.now += refused.retry_after_s * 1000;
      ASSERT_TRUE(limiter.Acquire("dir").allowed) << "rate " << rate << " round " << i;
      Drain(limiter, "dir");
    }
  }
}

TEST(RateLimiter, DirectoriesHaveTheirOwnBuckets) {
  FakeClock clock;
  RateLimiter limiter(Options(clock, 1, 2));
  EXPECT_EQ(Drain(limiter, "a"), 2);
  EXPECT_TRUE(limiter.Acquire("b").allowed);
  EXPECT_EQ(limiter.size(), 2u);
}

TEST(RateLimiter, ZeroRateDisablesIt) {
  FakeClock clock;
  RateLimiter limiter(Options(clock, 0, 1));
  EXPECT_FALSE(limiter.enabled());
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(limiter.Acquire("dir").allowed);
  EXPECT_EQ(limiter.size(), 0u);
}

TEST(RateLimiter, BurstBelowOneCountsAsOne) {
  FakeClock clock;
  RateLimiter limiter(Options(clock, 1, 0));
  EXPECT_EQ(Drain(limiter, "dir"), 1);
}

TEST(RateLimiter, AClockSteppingBackAddsNothing) {
  FakeClock clock;
  RateLimiter limiter(Options(clock, 1, 1));
  EXPECT_TRUE(limiter.Acquire("dir").allowed);
  clock.now -= 60'000;
  EXPECT_FALSE(limiter.Acquire("dir").allowed);
  clock.now += 60'000;
  EXPECT_FALSE(limiter.Acquire("dir").allowed);  // no time passed since the last refill
  clock.now += 1000;
  EXPECT_TRUE(limiter.Acquire("dir").allowed);
}

TEST(RateLimiter, ConcurrentCallersShareTheBucketExactly) {
  FakeClock clock;  // frozen: no refill, so exactly the burst may pass
  RateLimiter limiter(Options(clock, 1, 1000));
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i) {
        if (limiter.Acquire(i % 2 == 0 ? "a" : "b").allowed) ++allowed;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(allowed.load(), 2000);  // 4000 tries, 1000 tokens in each of two buckets
}

}  // namespace
}  // namespace scimd::api
