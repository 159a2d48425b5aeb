#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <thread>

#include "ops/config_file.h"
#include "ops/json_log.h"
#include "ops/metrics.h"
#include "ops/observe.h"
#include "ops/readiness.h"
#include "ops/trusted_proxies.h"

namespace scimd::ops {
namespace {

TEST(MetricsTest, RendersCountersGaugesAndCumulativeHistograms) {
  Registry registry;
  auto& requests = registry.AddCounter("t_requests_total", "Requests.", {"endpoint"});
  auto& gauge = registry.AddGauge("t_in_flight", "In flight.");
  auto& hist = registry.AddHistogram("t_seconds", "Latency.", {"op"}, {0.1, 1});
  requests.With({"Users"}).Add();
  requests.With({"Users"}).Add(2);
  requests.With({"a\"b\\c\nd"}).Add();
  gauge.With({}).Set(3);
  hist.With({"get"}).Observe(0.05);
  hist.With({"get"}).Observe(0.5);
  hist.With({"get"}).Observe(5);
  EXPECT_EQ(registry.Render(),
            "# HELP t_requests_total Requests.\n"
            "# TYPE t_requests_total counter\n"
            "t_requests_total{endpoint=\"Users\"} 3\n"
            "t_requests_total{endpoint=\"a\\\"b\\\\c\\nd\"} 1\n"
            "# HELP t_in_flight In flight.\n"
            "# TYPE t_in_flight gauge\n"
            "t_in_flight 3\n"
            "# HELP t_seconds Latency.\n"
            "# TYPE t_seconds histogram\n"
            "t_seconds_bucket{op=\"get\",le=\"0.10000000000000001\"} 1\n"
            "t_seconds_bucket{op=\"get\",le=\"1\"} 2\n"
            "t_seconds_bucket{op=\"get\",le=\"+Inf\"} 3\n"
            "t_seconds_sum{op=\"get\"} 5.5499999999999998\n"
            "t_seconds_count{op=\"get\"} 3\n");
}

TEST(MetricsTest, CapsSeriesAndCountsConcurrently) {
  Registry registry;
  auto& family = registry.AddCounter("t_total", "T.", {"id"});
  for (size_t i = 0; i < kMaxSeries + 50; ++i) family.With({std::to_string(i)}).Add();
  EXPECT_EQ(family.With({"_other"}).value(), 50u);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) family.With({"0"}).Add();
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(family.With({"0"}).value(), 40001u);
}

TEST(JsonLogTest, FormatsOneObjectPerLine) {
  std::string line = FormatLogLine(1714564800123, LogLevel::kWarn, "hello", {{"status", 401}});
  ASSERT_EQ(line.back(), '\n');
  auto parsed = boost::json::parse(line).as_object();
  EXPECT_EQ(parsed["time"].as_string(), "2024-05-01T12:00:00.123Z");
  EXPECT_EQ(parsed["level"].as_string(), "warn");
  EXPECT_EQ(parsed["msg"].as_string(), "hello");
  EXPECT_EQ(parsed["status"].as_int64(), 401);
  EXPECT_TRUE(ParseLogLevel("debug").ok());
  EXPECT_FALSE(ParseLogLevel("verbose").ok());
}

http::Request FromPeer(std::string peer, std::vector<std::pair<std::string, std::string>> h) {
  http::Request r;
  r.method = "GET";
  r.target = "/";
  r.remote_address = std::move(peer);
  r.headers = std::move(h);
  return r;
}

TEST(TrustedProxiesTest, MatchesIpv4AndIpv6Ranges) {
  auto proxies = TrustedProxies::Parse("10.0.0.0/8, ::1, fd00::/8");
  ASSERT_TRUE(proxies.ok()) << proxies.status().detail();
  EXPECT_TRUE(proxies->Contains("10.1.2.3"));
  EXPECT_TRUE(proxies->Contains("::ffff:10.1.2.3"));
  EXPECT_FALSE(proxies->Contains("11.0.0.1"));
  EXPECT_TRUE(proxies->Contains("::1"));
  EXPECT_TRUE(proxies->Contains("fd12::5"));
  EXPECT_FALSE(proxies->Contains("fe80::1"));
  EXPECT_FALSE(proxies->Contains("not an address"));
  EXPECT_FALSE(TrustedProxies::Parse("10.0.0.0/33").ok());
  EXPECT_FALSE(TrustedProxies::Parse("example.com").ok());
}

TEST(TrustedProxiesTest, BelievesForwardedHeadersOnlyFromTrustedPeers) {
  auto proxies = TrustedProxies::Parse("127.0.0.1");
  ASSERT_TRUE(proxies.ok());
  auto trusted = FromPeer("127.0.0.1", {{"x-forwarded-for", "203.0.113.9, 127.0.0.1"},
                                        {"x-forwarded-proto", "https"},
                                        {"x-forwarded-host", "scim.example.com"}});
  EXPECT_EQ(proxies->ClientAddress(trusted), "203.0.113.9");
  EXPECT_EQ(proxies->ForwardedOrigin(trusted), "https://scim.example.com");
  auto direct = FromPeer("192.0.2.1", trusted.headers);
  EXPECT_EQ(proxies->ClientAddress(direct), "192.0.2.1");
  EXPECT_EQ(proxies->ForwardedOrigin(direct), "");
  auto evil = FromPeer("127.0.0.1", {{"x-forwarded-host", "evil.com/path?x"}});
  EXPECT_EQ(proxies->ForwardedOrigin(evil), "");
}

TEST(ObserveTest, ClassifiesWithoutIds) {
  http::Request r;
  r.method = "PATCH";
  r.target = "/scim/abcdefabcdef/v2/Users/0e9c1f3a-1111?attributes=x";
  RequestLabels labels = ClassifyRequest(ListenerKind::kScim, r);
  EXPECT_EQ(labels.directory, "abcdefabcdef");
  EXPECT_EQ(labels.endpoint, "Users");
  EXPECT_EQ(labels.method, "PATCH");
  r.method = "BREW";
  r.target = "/scim/abcdefabcdef/v2/groups";
  labels = ClassifyRequest(ListenerKind::kScim, r);
  EXPECT_EQ(labels.endpoint, "Groups");
  EXPECT_EQ(labels.method, "other");
  r.target = "/metrics";
  EXPECT_EQ(ClassifyRequest(ListenerKind::kAdmin, r).endpoint, "metrics");
}

TEST(ConfigFileTest, FlattensKeysAndRefusesTables) {
  auto entries = ParseConfig(
      "db = \"sqlite:/x.db\"\nthreads = 8\ntrusted-proxies = [\"10.0.0.0/8\", \"::1\"]\n", "t");
  ASSERT_TRUE(entries.ok()) << entries.status().detail();
  ASSERT_EQ(entries->size(), 3u);
  EXPECT_EQ((*entries)[1].key, "threads");
  EXPECT_EQ((*entries)[1].value, "8");
  EXPECT_EQ((*entries)[2].value, "10.0.0.0/8,::1");
  auto table = ParseConfig("[server]\nlisten = \"x\"\n", "t");
  ASSERT_FALSE(table.ok());
  EXPECT_NE(table.status().detail().find("sections are not supported"), std::string::npos);
  auto broken = ParseConfig("db = \n", "f.toml");
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.status().detail().rfind("f.toml:1:", 0), 0u) << broken.status().detail();
  EXPECT_EQ(LoadConfigFile("/nonexistent/scimd.toml").status().code(), Code::kNotFound);
}

TEST(ConfigFileTest, MasksPasswords) {
  EXPECT_EQ(MaskSecrets("db", "postgresql://scimd:s3cret@db:5432/scimd"),
            "postgresql://scimd:****@db:5432/scimd");
  EXPECT_EQ(MaskSecrets("db", "postgresql://db/scimd?user=u&password=s3cret&sslmode=require"),
            "postgresql://db/scimd?user=u&password=****&sslmode=require");
  EXPECT_EQ(MaskSecrets("db", "sqlite:/var/lib/scimd/scimd.db"), "sqlite:/var/lib/scimd/scimd.db");
}

TEST(ReadinessTest, SqliteFileMustExist) {
  EXPECT_TRUE(CheckDatabaseFile("postgresql://db/x").ok());
  EXPECT_EQ(SqlitePath("sqlite:/tmp/a.db"), "/tmp/a.db");
  EXPECT_EQ(CheckDatabaseFile("sqlite:/nonexistent/dir/a.db").code(), Code::kUnavailable);
}

}  // namespace
}  // namespace scimd::ops
