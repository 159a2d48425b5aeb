#include "admin/admin_routes.h"

#include <gtest/gtest.h>

#include <set>

#include "admin/admin_call.h"

namespace scimd::admin {
namespace {

TEST(MatchRouteTest, BindsNamedSegments) {
  std::map<std::string, std::string> params;
  ASSERT_TRUE(MatchRoute("/admin/v1/directories/{id}/users/{user}",
                         "/admin/v1/directories/abc/users/u-1", params));
  EXPECT_EQ(params["id"], "abc");
  EXPECT_EQ(params["user"], "u-1");
}

TEST(MatchRouteTest, RefusesOtherShapes) {
  std::map<std::string, std::string> params;
  EXPECT_FALSE(MatchRoute("/admin/v1/directories/{id}", "/admin/v1/directories", params));
  EXPECT_FALSE(MatchRoute("/admin/v1/directories/{id}", "/admin/v1/directories/", params));
  EXPECT_FALSE(MatchRoute("/admin/v1/directories/{id}", "/admin/v1/directories/a/b", params));
  EXPECT_FALSE(MatchRoute("/admin/v1/status", "/admin/v1/statusx", params));
  EXPECT_TRUE(MatchRoute("/admin/v1/status", "/admin/v1/status", params));
}

TEST(RoutesTest, EveryRouteHasHelpAndIsUnique) {
  std::set<std::string> seen;
  for (const Route& route : Routes()) {
    EXPECT_FALSE(route.help.empty()) << route.pattern;
    EXPECT_NE(route.handler, nullptr);
    EXPECT_TRUE(seen.insert(std::string(route.method) + " " + std::string(route.pattern)).second)
        << route.pattern;
  }
}

TEST(ParseQueryTest, DecodesPercentAndPlus) {
  auto query = ParseQuery("filter=userName+sw+%22a%22&count=5&count=9&flag");
  EXPECT_EQ(query["filter"], "userName sw \"a\"");
  EXPECT_EQ(query["count"], "5");
  EXPECT_EQ(query["flag"], "");
}

TEST(ErrorResponseTest, HasTheOneErrorShape) {
  http::Response response = ErrorResponse(NotFound("no such directory"));
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.body, R"({"error":{"code":"not_found","message":"no such directory"}})");
}

}  // namespace
}  // namespace scimd::admin
