#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "scim/patch/patch.h"

namespace scimd::scim {
namespace {

Result<std::vector<PatchOperation>> Parse(std::string_view text) {
  return ParsePatchRequest(boost::json::parse(text));
}

TEST(ParsePatchRequest, ParsesOperations) {
  auto ops = Parse(R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      "Operations":[{"op":"Add","path":"title","value":"x"},{"op":"REMOVE","path":"title"},
                    {"op":"replace","value":{"active":false}}]})");
  ASSERT_TRUE(ops.ok()) << ops.status().ToString();
  ASSERT_EQ(ops->size(), 3u);
  EXPECT_EQ((*ops)[0].op, PatchOperation::Op::kAdd);
  EXPECT_EQ((*ops)[0].path, "title");
  EXPECT_EQ((*ops)[0].value, "x");
  EXPECT_EQ((*ops)[1].op, PatchOperation::Op::kRemove);
  EXPECT_TRUE((*ops)[1].value.is_null());
  EXPECT_EQ((*ops)[2].op, PatchOperation::Op::kReplace);
  EXPECT_FALSE((*ops)[2].path.has_value());
}

TEST(ParsePatchRequest, EmptyPathMeansPathless) {
  auto ops = Parse(R"({"Operations":[{"op":"replace","path":"","value":{"a":1}}]})");
  ASSERT_TRUE(ops.ok());
  EXPECT_FALSE((*ops)[0].path.has_value());
}

TEST(ParsePatchRequest, RejectsMalformedBodies) {
  EXPECT_EQ(Parse("[]").status().code(), Code::kInvalidSyntax);
  EXPECT_EQ(Parse("{}").status().code(), Code::kInvalidSyntax);
  EXPECT_EQ(Parse(R"({"Operations":{}})").status().code(), Code::kInvalidSyntax);
  EXPECT_EQ(Parse(R"({"Operations":[]})").status().code(), Code::kInvalidSyntax);
  EXPECT_EQ(Parse(R"({"Operations":["add"]})").status().code(), Code::kInvalidSyntax);
  EXPECT_EQ(Parse(R"({"Operations":[{"op":"move","path":"a"}]})").status().code(),
            Code::kInvalidSyntax);
  EXPECT_EQ(Parse(R"({"Operations":[{"path":"a"}]})").status().code(), Code::kInvalidSyntax);
  EXPECT_EQ(Parse(R"({"Operations":[{"op":"add","path":3}]})").status().code(),
            Code::kInvalidSyntax);
}

TEST(ParsePatchRequest, OneLoginLegacyMembers) {
  auto ops = Parse(R"({"schemas":["urn:scim:schemas:core:1.0"],
      "members":[{"value":"a","operation":"delete"},{"value":"b"}]})");
  ASSERT_TRUE(ops.ok()) << ops.status().ToString();
  ASSERT_EQ(ops->size(), 2u);
  EXPECT_EQ((*ops)[0].op, PatchOperation::Op::kRemove);
  EXPECT_EQ((*ops)[0].path, "members");
  EXPECT_EQ((*ops)[0].value, boost::json::parse(R"([{"value":"a"}])"));
  EXPECT_EQ((*ops)[1].op, PatchOperation::Op::kAdd);
  EXPECT_EQ((*ops)[1].value, boost::json::parse(R"([{"value":"b"}])"));
}

TEST(ParsePatchRequest, Scim11MetaAttributesRemoveFirst) {
  auto ops = Parse(R"({"displayName":"New","meta":{"attributes":["title"]}})");
  ASSERT_TRUE(ops.ok()) << ops.status().ToString();
  ASSERT_EQ(ops->size(), 2u);
  EXPECT_EQ((*ops)[0].op, PatchOperation::Op::kRemove);
  EXPECT_EQ((*ops)[0].path, "title");
  EXPECT_EQ((*ops)[1].op, PatchOperation::Op::kAdd);
  EXPECT_EQ((*ops)[1].value, boost::json::parse(R"({"displayName":"New"})"));
}

}  // namespace
}  // namespace scimd::scim
