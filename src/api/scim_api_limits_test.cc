// The request limits as ScimApi applies them: order relative to directory
// lookup and authentication, the 429 it answers, and which address counts.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <boost/json/parse.hpp>
#include <filesystem>

#include "api/scim_api.h"
#include "directory/directory.h"
#include "storage/sqlite/sqlite_store.h"

namespace scimd::api {
namespace {

class ScimApiLimitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> next{0};
    folder_ = std::filesystem::temp_directory_path() /
              ("scimd-limits-" + std::to_string(getpid()) + "-" + std::to_string(next++));
    std::filesystem::create_directories(folder_);
    auto store = storage::sqlite::SqliteStore::Open((folder_ / "store.db").string());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    for (auto* out : {&first_, &second_}) {
      auto added = directory::AddDirectory(*store_, "Okta", "okta");
      ASSERT_TRUE(added.ok()) << added.status().ToString();
      *out = std::move(added).value();
    }
    options_.now_ms = [this] { return now_.load(); };
    options_.rate_limit = 0;
    options_.auth_failure_limit = 0;
  }

  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(folder_);
  }

  http::Request Get(const directory::NewDirectory& dir, std::string token,
                    std::string address = "192.0.2.1") const {
    http::Request request;
    request.method = "GET";
    request.target = "/scim/" + dir.record.id + "/v2/Users?count=1";
    request.headers.emplace_back("authorization", "Bearer " + token);
    request.remote_address = std::move(address);
    return request;
  }

  static std::string HeaderOf(const http::Response& response, std::string_view name) {
    for (const auto& [key, value] : response.headers) {
      if (key == name) return value;
    }
    return "";
  }

  static void ExpectTooMany(const http::Response& response, std::string_view retry_after,
                            std::string_view limit) {
    EXPECT_EQ(response.status, 429) << response.body;
    EXPECT_EQ(HeaderOf(response, "Retry-After"), retry_after);
    EXPECT_EQ(HeaderOf(response, kRateLimitedHeader), limit);
    boost::json::object body = boost::json::parse(response.body).as_object();
    EXPECT_EQ(body.at("status"), "429");
    EXPECT_EQ(body.at("schemas").as_array().at(0), "urn:ietf:params:scim:api:messages:2.0:Error");
    EXPECT_FALSE(body.at("detail").as_string().empty());
  }

  std::filesystem::path folder_;
  std::unique_ptr<storage::ResourceStore> store_;
  directory::NewDirectory first_;
  directory::NewDirectory second_;
  std::atomic<int64_t> now_{1'700'000'000'000};
  ApiOptions options_;
};

TEST_F(ScimApiLimitsTest, ADirectoryOverItsRateGets429UntilRetryAfter) {
  options_.rate_limit = 0.5;  // one request every 2 s
  options_.rate_burst = 2;
  ScimApi api(*store_, options_);
  EXPECT_EQ(api.Handle(Get(first_, first_.secret)).status, 200);
  EXPECT_EQ(api.Handle(Get(first_, first_.secret)).status, 200);
  http::Response refused = api.Handle(Get(first_, first_.secret));
  ExpectTooMany(refused, "2", "rate");
  EXPECT_NE(refused.body.find("0.5 requests per second"), std::string::npos) << refused.body;
  EXPECT_FALSE(HeaderOf(refused, "X-Request-Id").empty());
  EXPECT_EQ(api.Handle(Get(second_, second_.secret)).status, 200);
  now_ += 2'000;
  EXPECT_EQ(api.Handle(Get(first_, first_.secret)).status, 200);
  ExpectTooMany(api.Handle(Get(first_, first_.secret)), "2", "rate");
}

TEST_F(ScimApiLimitsTest, WrongTokensDoNotSpendTheDirectoryBudget) {
  options_.rate_limit = 1;
  options_.rate_burst = 1;
  ScimApi api(*store_, options_);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(api.Handle(Get(first_, "guess")).status, 401);
  EXPECT_EQ(api.Handle(Get(first_, first_.secret)).status, 200);
}

TEST_F(ScimApiLimitsTest, AnAddressPastTheFailureLimitIsRefusedBeforeTheTokenCheck) {
  options_.auth_failure_limit = 2;
  options_.auth_failure_window_ms = 10'000;
  ScimApi api(*store_, options_);
  EXPECT_EQ(api.Handle(Get(first_, "guess", "198.51.100.1")).status, 401);
  EXPECT_EQ(api.Handle(Get(second_, "guess", "198.51.100.1")).status, 401);
  ExpectTooMany(api.Handle(Get(first_, first_.secret, "198.51.100.1")), "10", "auth");
  // Others are not affected, and a success clears nothing.
  EXPECT_EQ(api.Handle(Get(first_, first_.secret, "198.51.100.2")).status, 200);
  now_ += 9'500;
  ExpectTooMany(api.Handle(Get(first_, first_.secret, "198.51.100.1")), "1", "auth");
  now_ += 500;
  EXPECT_EQ(api.Handle(Get(first_, first_.secret, "198.51.100.1")).status, 200);
}

TEST_F(ScimApiLimitsTest, UnknownDirectoriesCountAsFailures) {
  options_.auth_failure_limit = 1;
  ScimApi api(*store_, options_);
  http::Request unknown = Get(first_, "guess");
  unknown.target = "/scim/zzzzzzzzzzzz/v2/Users";
  EXPECT_EQ(api.Handle(unknown).status, 401);
  EXPECT_EQ(api.Handle(Get(first_, first_.secret)).status, 429);
}

TEST_F(ScimApiLimitsTest, TheClientAddressComesFromTheInjectedResolver) {
  options_.auth_failure_limit = 1;
  options_.client_address_for = [](const http::Request& request) {
    return std::string(request.Header("x-forwarded-for"));
  };
  ScimApi api(*store_, options_);
  http::Request guess = Get(first_, "guess", "10.0.0.1");
  guess.headers.emplace_back("x-forwarded-for", "203.0.113.5");
  EXPECT_EQ(api.Handle(guess).status, 401);
  // Same proxy, another client: allowed.
  http::Request other = Get(first_, first_.secret, "10.0.0.1");
  other.headers.emplace_back("x-forwarded-for", "203.0.113.6");
  EXPECT_EQ(api.Handle(other).status, 200);
  http::Request again = Get(first_, first_.secret, "10.0.0.1");
  again.headers.emplace_back("x-forwarded-for", "203.0.113.5");
  EXPECT_EQ(api.Handle(again).status, 429);
}

TEST_F(ScimApiLimitsTest, ZeroDisablesBoth) {
  ScimApi api(*store_, options_);
  for (int i = 0; i < 50; ++i) ASSERT_EQ(api.Handle(Get(first_, "guess")).status, 401);
  for (int i = 0; i < 50; ++i) ASSERT_EQ(api.Handle(Get(first_, first_.secret)).status, 200);
}

}  // namespace
}  // namespace scimd::api
