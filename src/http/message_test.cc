#include "http/message.h"

#include <gtest/gtest.h>

namespace scimd::http {
namespace {

TEST(RequestTest, HeaderIgnoresCase) {
  Request request;
  request.headers = {{"content-type", "application/scim+json"}, {"x-a", "1"}, {"X-A", "2"}};
  EXPECT_EQ(request.Header("Content-Type"), "application/scim+json");
  EXPECT_EQ(request.Header("X-A"), "1");  // the first of several
  EXPECT_EQ(request.Header("authorization"), "");
}

TEST(ResponseTest, SetHeaderAppendsNewName) {
  Response response;
  response.SetHeader("Location", "/Users/1");
  response.SetHeader("ETag", "W/\"1\"");
  ASSERT_EQ(response.headers.size(), 2u);
  EXPECT_EQ(response.headers[0].first, "Location");
  EXPECT_EQ(response.headers[1].second, "W/\"1\"");
}

TEST(ResponseTest, SetHeaderReplacesSameNameIgnoringCase) {
  Response response;
  response.headers = {{"content-type", "text/plain"}, {"X-Other", "a"}, {"CONTENT-TYPE", "x"}};
  response.SetHeader("Content-Type", "application/scim+json");
  ASSERT_EQ(response.headers.size(), 2u);
  EXPECT_EQ(response.headers[0].first, "Content-Type");
  EXPECT_EQ(response.headers[0].second, "application/scim+json");
  EXPECT_EQ(response.headers[1].first, "X-Other");
}

}  // namespace
}  // namespace scimd::http
