// How Observe counts the SCIM listener's 429s in scimd_rate_limited_total.
#include <gtest/gtest.h>

#include "ops/observe.h"
#include "ops/server_metrics.h"

namespace scimd::ops {
namespace {

http::Response Answer(int status, std::string reason) {
  http::Response response;
  response.status = status;
  response.SetHeader("Retry-After", "3");
  if (!reason.empty()) response.SetHeader("X-Scimd-Rate-Limited", std::move(reason));
  return response;
}

http::Response Send(const std::string& target, http::Response answer) {
  http::Request request;
  request.method = "GET";
  request.target = target;
  request.remote_address = "192.0.2.7";
  http::Handler handler =
      Observe(ListenerKind::kScim, nullptr, [&answer](const http::Request&) { return answer; });
  return handler(request);
}

bool HasHeader(const http::Response& response, std::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return true;
  }
  return false;
}

TEST(ObserveRateLimitTest, CountsARateLimitedDirectory) {
  Counter& counter = Metrics().rate_limited.With({"ratelimited1", "rate"});
  const uint64_t before = counter.value();
  http::Response response = Send("/scim/ratelimited1/v2/Users", Answer(429, "rate"));
  EXPECT_EQ(counter.value(), before + 1);
  EXPECT_EQ(response.status, 429);
  EXPECT_FALSE(HasHeader(response, "X-Scimd-Rate-Limited"));
  EXPECT_TRUE(HasHeader(response, "Retry-After"));
}

TEST(ObserveRateLimitTest, AnAuthBlockNeverLabelsTheDirectory) {
  Counter& counter = Metrics().rate_limited.With({"-", "auth"});
  const uint64_t before = counter.value();
  Send("/scim/guessed000001/v2/Users", Answer(429, "auth"));
  EXPECT_EQ(counter.value(), before + 1);
  EXPECT_EQ(Metrics().registry.Render().find("guessed000001"), std::string::npos);
}

TEST(ObserveRateLimitTest, IgnoresOtherResponsesAndUnknownReasons) {
  Counter& rate = Metrics().rate_limited.With({"ratelimited2", "rate"});
  Send("/scim/ratelimited2/v2/Users", Answer(200, "rate"));
  Send("/scim/ratelimited2/v2/Users", Answer(429, ""));
  http::Response odd = Send("/scim/ratelimited2/v2/Users", Answer(429, "other"));
  EXPECT_EQ(rate.value(), 0u);
  EXPECT_FALSE(HasHeader(odd, "X-Scimd-Rate-Limited"));
  EXPECT_EQ(Metrics().registry.Render().find("reason=\"other\""), std::string::npos);
}

}  // namespace
}  // namespace scimd::ops
