#include "scim/path/patch_path.h"

#include "gtest/gtest.h"

namespace scimd::scim {
namespace {

TEST(PatchPathTest, PlainAttribute) {
  auto p = ParsePatchPath("name.familyName");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->attr.attr, "name");
  EXPECT_EQ(p->attr.sub_attr, "familyName");
  EXPECT_EQ(p->value_filter, nullptr);
}

TEST(PatchPathTest, ValuePath) {
  auto p = ParsePatchPath("members[value eq \"2819c223\"]");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->attr.attr, "members");
  ASSERT_NE(p->value_filter, nullptr);
  EXPECT_EQ(filter::ToString(*p->value_filter), "value eq \"2819c223\"");
  EXPECT_EQ(p->sub_attr, "");
}

TEST(PatchPathTest, ValuePathWithSubAttribute) {
  auto p = ParsePatchPath("emails[type eq \"work\" and value co \"]\"].value");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(filter::ToString(*p->value_filter), "(type eq \"work\") and (value co \"]\")");
  EXPECT_EQ(p->sub_attr, "value");
}

TEST(PatchPathTest, ExtensionPaths) {
  auto p =
      ParsePatchPath("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->attr.attr, "manager");
  EXPECT_EQ(p->attr.sub_attr, "value");
}

TEST(PatchPathTest, Errors) {
  for (const char* bad :
       {"", "[value eq 1]", "members[", "members[value eq]", "members[]", "members[value eq 1]x",
        "members[value eq 1].a.b", "a.b[c eq 1]", "members[value eq 1] extra", "emails[a[b eq 1]]",
        "a b", "members[value eq \"x]"}) {
    auto p = ParsePatchPath(bad);
    EXPECT_EQ(p.status().code(), Code::kInvalidPath) << bad;
  }
  auto p = ParsePatchPath("members[value xx 1]");
  EXPECT_NE(p.status().detail().find("at 14"), std::string::npos) << p.status().detail();
}

}  // namespace
}  // namespace scimd::scim
