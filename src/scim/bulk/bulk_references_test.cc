#include "scim/bulk/bulk_references.h"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "scim/bulk/bulk_test_util.h"

namespace scimd::scim {
namespace {

using testing::ParseOperations;

TEST(BulkReferencesTest, RecognisesWholeStringReferences) {
  EXPECT_EQ(BulkIdReference("bulkId:qwerty"), "qwerty");
  EXPECT_EQ(BulkIdReference("BULKID:q"), "q");
  EXPECT_FALSE(BulkIdReference("bulkId:").has_value());
  EXPECT_FALSE(BulkIdReference("x bulkId:q").has_value());
  EXPECT_FALSE(BulkIdReference("qwerty").has_value());
}

TEST(BulkReferencesTest, FindsReferencesInPathAndNestedData) {
  BulkRequest request = ParseOperations(R"([
    {"method": "PUT", "path": "/Groups/bulkId:g", "data": {
      "displayName": "bulkId:dn",
      "members": [{"value": "bulkId:u1"}, {"value": "bulkId:u2"}, {"value": "bulkId:u1"}],
      "nested": {"deep": ["plain", {"x": "bulkId:g"}]}, "n": 3, "b": true, "z": null}}
  ])");
  EXPECT_EQ(FindBulkIdReferences(request.operations[0]),
            (std::vector<std::string>{"g", "dn", "u1", "u2"}));
}

TEST(BulkReferencesTest, NoReferences) {
  BulkRequest request = ParseOperations(
      R"([{"method": "POST", "bulkId": "a", "path": "/Users", "data": {"userName": "bulk"}}])");
  EXPECT_TRUE(FindBulkIdReferences(request.operations[0]).empty());
}

TEST(BulkReferencesTest, ResolvesEveryReference) {
  BulkRequest request = ParseOperations(R"([
    {"method": "PATCH", "path": "/Groups/bulkId:g", "data": {
      "Operations": [{"op": "add", "path": "members",
                      "value": [{"value": "bulkId:u"}, {"value": "kept"}]}]}}
  ])");
  BulkOperation& op = request.operations[0];
  Status status = ResolveBulkIdReferences(op, {{"g", "group-id"}, {"u", "user-id"}});
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(op.id, "group-id");
  EXPECT_EQ(boost::json::serialize(op.data),
            R"({"Operations":[{"op":"add","path":"members","value":[{"value":"user-id"},)"
            R"({"value":"kept"}]}]})");
}

TEST(BulkReferencesTest, UnresolvedReferenceIsAConflict) {
  BulkRequest request = ParseOperations(R"([
    {"method": "POST", "bulkId": "grp", "path": "/Groups",
     "data": {"members": [{"value": "bulkId:missing"}]}},
    {"method": "DELETE", "path": "/Users/bulkId:gone"}
  ])");
  Status in_data = ResolveBulkIdReferences(request.operations[0], {{"other", "x"}});
  EXPECT_EQ(in_data.code(), Code::kConflict);
  EXPECT_NE(in_data.detail().find("'missing'"), std::string::npos) << in_data.detail();
  Status in_path = ResolveBulkIdReferences(request.operations[1], {});
  EXPECT_EQ(in_path.code(), Code::kConflict);
  EXPECT_NE(in_path.detail().find("'gone'"), std::string::npos) << in_path.detail();
}

}  // namespace
}  // namespace scimd::scim
