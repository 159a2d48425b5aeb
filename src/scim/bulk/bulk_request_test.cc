#include "scim/bulk/bulk_request.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "scim/bulk/bulk_test_util.h"

namespace scimd::scim {
namespace {

using testing::ParseOperations;

Result<BulkRequest> Parse(std::string_view json) {
  return ParseBulkRequest(boost::json::parse(json));
}

TEST(BulkRequestTest, ParsesOperationsWithLenientCase) {
  Result<BulkRequest> request = Parse(R"({
    "schemas": ["URN:ietf:params:scim:api:messages:2.0:bulkrequest"],
    "failOnErrors": 2,
    "operations": [
      {"Method": "post", "bulkId": "q", "path": "/Users", "data": {"userName": "a"}},
      {"method": "Patch", "path": "/Groups/bulkId:g", "version": "W/\"3\"", "data": {}},
      {"method": "DELETE", "path": "Users/123"}
    ]})");
  ASSERT_TRUE(request.ok()) << request.status().ToString();
  EXPECT_EQ(request->fail_on_errors, 2);
  ASSERT_EQ(request->operations.size(), 3u);
  const BulkOperation& post = request->operations[0];
  EXPECT_TRUE(post.error.ok()) << post.error.ToString();
  EXPECT_EQ(post.method, BulkMethod::kPost);
  EXPECT_EQ(post.bulk_id, "q");
  EXPECT_EQ(post.kind, ResourceKind::kUser);
  EXPECT_EQ(post.id, "");
  EXPECT_EQ(post.data.at("userName").as_string(), "a");
  const BulkOperation& patch = request->operations[1];
  EXPECT_TRUE(patch.error.ok()) << patch.error.ToString();
  EXPECT_EQ(patch.index, 1u);
  EXPECT_EQ(patch.method, BulkMethod::kPatch);
  EXPECT_EQ(patch.kind, ResourceKind::kGroup);
  EXPECT_EQ(patch.id, "bulkId:g");
  EXPECT_EQ(patch.version, "W/\"3\"");
  const BulkOperation& del = request->operations[2];
  EXPECT_TRUE(del.error.ok()) << del.error.ToString();
  EXPECT_EQ(del.method, BulkMethod::kDelete);
  EXPECT_EQ(del.id, "123");
  EXPECT_TRUE(del.data.is_null());
}

TEST(BulkRequestTest, AbsentFailOnErrorsMeansRunEverything) {
  Result<BulkRequest> request =
      Parse(R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[]})");
  ASSERT_TRUE(request.ok());
  EXPECT_FALSE(request->fail_on_errors.has_value());
  EXPECT_TRUE(request->operations.empty());
}

TEST(BulkRequestTest, EnvelopeErrorsFailTheWholeRequest) {
  EXPECT_EQ(Parse("[]").status().code(), Code::kInvalidSyntax);
  EXPECT_EQ(Parse(R"({"Operations":[]})").status().code(), Code::kInvalidSyntax);
  EXPECT_EQ(Parse(R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                      "Operations":[]})")
                .status()
                .code(),
            Code::kInvalidSyntax);
  EXPECT_EQ(
      Parse(R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"]})").status().code(),
      Code::kInvalidSyntax);
  EXPECT_EQ(Parse(R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
                      "Operations":[1]})")
                .status()
                .code(),
            Code::kInvalidSyntax);
  for (const char* bad : {"0", "-1", "\"1\"", "1.5"}) {
    std::string body =
        std::string(R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
                      "failOnErrors":)") +
        bad + R"(,"Operations":[]})";
    EXPECT_EQ(Parse(body).status().code(), Code::kInvalidValue) << bad;
  }
}

TEST(BulkRequestTest, MalformedOperationsKeepTheirOwnError) {
  BulkRequest request = ParseOperations(R"([
    {"method": "GET", "bulkId": "a", "path": "/Users"},
    {"method": "POST", "path": "/Users", "data": {}},
    {"method": "POST", "bulkId": "c", "path": "/Users/123", "data": {}},
    {"method": "PUT", "path": "/Users", "data": {}},
    {"method": "DELETE", "path": "/Widgets/1"},
    {"method": "DELETE", "path": "/Users/1/extra"},
    {"bulkId": "g", "path": "/Users"},
    {"method": "PATCH", "data": {}},
    {"method": "PATCH", "path": "/Users/1", "version": 3},
    {"method": "POST", "bulkId": "", "path": "/Users", "data": {}}
  ])");
  ASSERT_EQ(request.operations.size(), 10u);
  for (const BulkOperation& op : request.operations) {
    EXPECT_EQ(op.error.code(), Code::kInvalidSyntax) << op.index;
    EXPECT_FALSE(op.error.detail().empty());
  }
  // What the response echoes is kept even when the operation is malformed.
  EXPECT_EQ(request.operations[0].method_text, "GET");
  EXPECT_EQ(request.operations[0].bulk_id, "a");
  EXPECT_EQ(request.operations[6].bulk_id, "g");
}

TEST(BulkRequestTest, MethodNames) {
  EXPECT_EQ(BulkMethodName(BulkMethod::kPost), "POST");
  EXPECT_EQ(BulkMethodName(BulkMethod::kPut), "PUT");
  EXPECT_EQ(BulkMethodName(BulkMethod::kPatch), "PATCH");
  EXPECT_EQ(BulkMethodName(BulkMethod::kDelete), "DELETE");
}

}  // namespace
}  // namespace scimd::scim
