#include "api/auth_failure_limiter.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace scimd::api {
namespace {

struct FakeClock {
  std::atomic<int64_t> now{5'000'000};
  NowMs fn() {
    return [this] { return now.load(); };
  }
};

AuthFailureLimiterOptions Options(FakeClock& clock, int64_t limit, int64_t window_ms,
                                  size_t max_addresses = 100) {
  AuthFailureLimiterOptions options;
  options.limit = limit;
  options.window_ms = window_ms;
  options.max_addresses = max_addresses;
  options.now_ms = clock.fn();
  return options;
}

TEST(AuthFailureLimiter, BlocksAtTheLimitForOneWindow) {
  FakeClock clock;
  AuthFailureLimiter limiter(Options(clock, 3, 60'000));
  for (int i = 0; i < 2; ++i) {
    limiter.RecordFailure("10.0.0.1");
    EXPECT_EQ(limiter.BlockedFor("10.0.0.1"), 0);
  }
  limiter.RecordFailure("10.0.0.1");
  EXPECT_EQ(limiter.BlockedFor("10.0.0.1"), 60);
  clock.now += 59'001;
  EXPECT_EQ(limiter.BlockedFor("10.0.0.1"), 1);  // 999 ms round up
  clock.now += 999;
  EXPECT_EQ(limiter.BlockedFor("10.0.0.1"), 0);
}

TEST(AuthFailureLimiter, RetryAfterRoundsUp) {
  FakeClock clock;
  AuthFailureLimiter limiter(Options(clock, 1, 2'500));
  limiter.RecordFailure("a");
  EXPECT_EQ(limiter.BlockedFor("a"), 3);
  clock.now += 1'500;
  EXPECT_EQ(limiter.BlockedFor("a"), 1);
}

TEST(AuthFailureLimiter, FailuresOlderThanTheWindowAreForgotten) {
  FakeClock clock;
  AuthFailureLimiter limiter(Options(clock, 3, 1'000));
  limiter.RecordFailure("a");
  limiter.RecordFailure("a");
  clock.now += 1'000;
  limiter.RecordFailure("a");
  limiter.RecordFailure("a");
  EXPECT_EQ(limiter.BlockedFor("a"), 0);
  limiter.RecordFailure("a");
  EXPECT_EQ(limiter.BlockedFor("a"), 1);
}

TEST(AuthFailureLimiter, AfterABlockTheCountStartsOver) {
  FakeClock clock;
  AuthFailureLimiter limiter(Options(clock, 2, 1'000));
  limiter.RecordFailure("a");
  limiter.RecordFailure("a");
  EXPECT_GT(limiter.BlockedFor("a"), 0);
  clock.now += 1'000;
  EXPECT_EQ(limiter.BlockedFor("a"), 0);
  limiter.RecordFailure("a");
  EXPECT_EQ(limiter.BlockedFor("a"), 0);
  limiter.RecordFailure("a");
  EXPECT_GT(limiter.BlockedFor("a"), 0);
}

TEST(AuthFailureLimiter, AddressesAreCountedApart) {
  FakeClock clock;
  AuthFailureLimiter limiter(Options(clock, 2, 60'000));
  limiter.RecordFailure("10.0.0.1");
  limiter.RecordFailure("10.0.0.1");
  limiter.RecordFailure("10.0.0.2");
  EXPECT_GT(limiter.BlockedFor("10.0.0.1"), 0);
  EXPECT_EQ(limiter.BlockedFor("10.0.0.2"), 0);
  EXPECT_EQ(limiter.BlockedFor("10.0.0.3"), 0);
}

TEST(AuthFailureLimiter, TheTableIsCappedEvictingTheLeastRecentlyChanged) {
  FakeClock clock;
  AuthFailureLimiter limiter(Options(clock, 2, 60'000, /*max_addresses=*/3));
  limiter.RecordFailure("old");
  limiter.RecordFailure("old");  // blocked
  clock.now += 1;
  limiter.RecordFailure("b");
  limiter.RecordFailure("c");
  EXPECT_EQ(limiter.size(), 3u);
  EXPECT_GT(limiter.BlockedFor("old"), 0);
  limiter.RecordFailure("d");  // evicts "old"
  EXPECT_EQ(limiter.size(), 3u);
  EXPECT_EQ(limiter.BlockedFor("old"), 0);
  // A failure moves an address to the fresh end: "b" survives "e".
  limiter.RecordFailure("b");
  limiter.RecordFailure("e");  // evicts "c"
  EXPECT_GT(limiter.BlockedFor("b"), 0);
  limiter.RecordFailure("c");
  EXPECT_EQ(limiter.BlockedFor("c"), 0);  // its first failure was forgotten
  for (int i = 0; i < 10'000; ++i) limiter.RecordFailure("bot" + std::to_string(i));
  EXPECT_EQ(limiter.size(), 3u);
}

TEST(AuthFailureLimiter, ExpiredEntriesAreDropped) {
  FakeClock clock;
  AuthFailureLimiter limiter(Options(clock, 5, 1'000));
  limiter.RecordFailure("a");
  limiter.RecordFailure("b");
  clock.now += 1'000;
  limiter.RecordFailure("c");
  EXPECT_EQ(limiter.size(), 1u);
}

TEST(AuthFailureLimiter, ZeroLimitDisablesIt) {
  FakeClock clock;
  AuthFailureLimiter limiter(Options(clock, 0, 60'000));
  EXPECT_FALSE(limiter.enabled());
  for (int i = 0; i < 100; ++i) limiter.RecordFailure("a");
  EXPECT_EQ(limiter.BlockedFor("a"), 0);
  EXPECT_EQ(limiter.size(), 0u);
}

TEST(AuthFailureLimiter, ConcurrentFailuresAreAllCounted) {
  FakeClock clock;  // frozen inside one window
  AuthFailureLimiter limiter(Options(clock, 4000, 60'000, 1000));
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 499; ++i) {
        limiter.RecordFailure("shared");
        limiter.RecordFailure("own" + std::to_string(t));
        (void)limiter.BlockedFor("shared");
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(limiter.BlockedFor("shared"), 0);  // 3992 of 4000
  EXPECT_EQ(limiter.size(), 9u);
  for (int i = 0; i < 8; ++i) limiter.RecordFailure("shared");
  EXPECT_EQ(limiter.BlockedFor("shared"), 60);
}

}  // namespace
}  // namespace scimd::api
