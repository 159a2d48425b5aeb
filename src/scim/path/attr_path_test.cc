#include "scim/path/attr_path.h"

#include "gtest/gtest.h"

namespace scimd::scim {
namespace {

constexpr std::string_view kEnt = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

TEST(AttrPathTest, ParsesPlainAndDotted) {
  auto p = ParseAttrPath("name.givenName");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->schema, "");
  EXPECT_EQ(p->attr, "name");
  EXPECT_EQ(p->sub_attr, "givenName");
  EXPECT_EQ(p->ToString(), "name.givenName");
  EXPECT_EQ(ParseAttrPath("members.$ref")->sub_attr, "$ref");
}

TEST(AttrPathTest, SplitsUrnOnLastColon) {
  auto p = ParseAttrPath(std::string(kEnt) + ":manager.value");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->schema, kEnt);
  EXPECT_EQ(p->attr, "manager");
  EXPECT_EQ(p->sub_attr, "value");
  EXPECT_EQ(p->ToString(), std::string(kEnt) + ":manager.value");
}

TEST(AttrPathTest, WholeExtension) {
  auto p = ParseAttrPath(kEnt);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->schema, kEnt);
  EXPECT_EQ(p->attr, "");
  EXPECT_EQ(p->ToString(), kEnt);
}

TEST(AttrPathTest, RejectsMalformed) {
  for (const char* bad : {"", "a.b.c", ".a", "a.", "1abc", "urn:x:", "a b", "na$me", ":a"}) {
    EXPECT_EQ(ParseAttrPath(bad).status().code(), Code::kInvalidPath) << bad;
  }
}

TEST(AttrPathTest, ResolvesCaseInsensitively) {
  auto r = Resolve(UserResourceType(), *ParseAttrPath("NAME.GIVENNAME"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->attr->name, "name");
  EXPECT_EQ(r->leaf()->name, "givenName");
  EXPECT_FALSE(r->in_extension());
}

TEST(AttrPathTest, ResolvesCommonCoreAndExtension) {
  auto id = Resolve(UserResourceType(), *ParseAttrPath("id"));
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(id->schema, &CommonAttributes());
  auto created = Resolve(GroupResourceType(), *ParseAttrPath("meta.created"));
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created->leaf()->type, AttrType::kDateTime);
  auto qualified = Resolve(UserResourceType(), *ParseAttrPath(std::string(kEnt) + ":department"));
  ASSERT_TRUE(qualified.ok());
  EXPECT_TRUE(qualified->in_extension());
  auto lenient = Resolve(UserResourceType(), *ParseAttrPath("employeeNumber"));
  ASSERT_TRUE(lenient.ok());
  EXPECT_TRUE(lenient->in_extension());
  auto root = Resolve(UserResourceType(), *ParseAttrPath(kEnt));
  ASSERT_TRUE(root.ok());
  EXPECT_TRUE(root->is_extension_root());
  auto core_qualified = Resolve(
      UserResourceType(), *ParseAttrPath("urn:ietf:params:scim:schemas:core:2.0:User:userName"));
  ASSERT_TRUE(core_qualified.ok());
  EXPECT_EQ(core_qualified->attr->name, "userName");
}

TEST(AttrPathTest, ResolveFailures) {
  EXPECT_EQ(Resolve(UserResourceType(), *ParseAttrPath("nope")).status().code(),
            Code::kInvalidPath);
  EXPECT_EQ(Resolve(UserResourceType(), *ParseAttrPath("userName.x")).status().code(),
            Code::kInvalidPath);
  EXPECT_EQ(Resolve(UserResourceType(), *ParseAttrPath("name.nope")).status().code(),
            Code::kInvalidPath);
  EXPECT_EQ(Resolve(GroupResourceType(), *ParseAttrPath("userName")).status().code(),
            Code::kInvalidPath);
  EXPECT_EQ(Resolve(GroupResourceType(), *ParseAttrPath(std::string(kEnt) + ":department"))
                .status()
                .code(),
            Code::kInvalidPath);
}

}  // namespace
}  // namespace scimd::scim
