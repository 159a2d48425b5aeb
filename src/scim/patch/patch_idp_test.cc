// The PATCH dialects of the identity providers (docs/idp, idp-behaviour).
#include <gtest/gtest.h>

#include "scim/patch/patch.h"
#include "scim/patch/patch_test_util.h"

namespace scimd::scim {
namespace {

using patch_testing::Describe;
using patch_testing::Obj;
using patch_testing::Ops;
using patch_testing::PatchRun;
using patch_testing::RunPatch;

constexpr std::string_view kUser = R"({
  "schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
  "userName":"ann","active":true,"name":{"givenName":"Ann","familyName":"Lee"}})";
constexpr std::string_view kGroup = R"({
  "schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Sales"})";

PatchRun User(std::string_view operations) {
  return RunPatch(ResourceKind::kUser, kUser, Ops(operations), {}, "u1");
}
PatchRun Group(std::string_view body, std::vector<Member> members = {}) {
  return RunPatch(ResourceKind::kGroup, kGroup, body, std::move(members), "g1");
}

TEST(PatchEntra, DisableWithCapitalisedOpAndStringBoolean) {
  PatchRun run = User(R"([{"op":"Replace","path":"active","value":"False"}])");
  ASSERT_TRUE(run.status.ok()) << run.status.ToString();
  EXPECT_EQ(run.attributes.at("active"), false);
}

TEST(PatchEntra, RemoveMemberWithValueArrayRemovesOnlyThose) {
  PatchRun run = Group(Ops(R"([{"op":"Remove","path":"members","value":[{"value":"u1"},
                                                                        {"value":"u2"}]}])"));
  ASSERT_TRUE(run.status.ok()) << run.status.ToString();
  EXPECT_EQ(Describe(run.changes), "remove:u1,u2");
  EXPECT_EQ(run.loads, 0);
}

TEST(PatchEntra, AddMembersWithNullRef) {
  PatchRun run =
      Group(Ops(R"([{"op":"Add","path":"members","value":[{"$ref":null,"value":"u1"}]}])"));
  ASSERT_TRUE(run.status.ok()) << run.status.ToString();
  EXPECT_EQ(Describe(run.changes), "add:u1");
}

TEST(PatchEntra, ManagerWithoutSchemaMeansEnterpriseManager) {
  PatchRun run = User(R"([{"op":"Add","path":"manager",
                           "value":[{"$ref":"../Users/m1","value":"m1"}]}])");
  ASSERT_TRUE(run.status.ok()) << run.status.ToString();
  EXPECT_EQ(run.attributes.at(kEnterpriseUserSchema).at("manager").at("value"), "m1");
  EXPECT_EQ(run.attributes.at("schemas").as_array().size(), 2u);
}

TEST(PatchEntra, PathlessReplaceWithDottedAndQualifiedKeys) {
  PatchRun run = User(R"([{"op":"replace","value":{
      "name.givenName":"Anna",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber":"42",
      "active":false}}])");
  ASSERT_TRUE(run.status.ok()) << run.status.ToString();
  EXPECT_EQ(run.attributes.at("name"), Obj(R"({"givenName":"Anna","familyName":"Lee"})"));
  EXPECT_EQ(run.attributes.at(kEnterpriseUserSchema), Obj(R"({"employeeNumber":"42"})"));
  EXPECT_EQ(run.attributes.at("active"), false);
}

TEST(PatchEntra, RemoveMemberByValueFilter) {
  PatchRun run = Group(Ops(R"([{"op":"remove","path":"members[value eq \"u9\"]"}])"));
  ASSERT_TRUE(run.status.ok()) << run.status.ToString();
  EXPECT_EQ(Describe(run.changes), "remove:u9");
  EXPECT_EQ(run.loads, 0);
}

TEST(PatchEntra, AddWorkEmailThroughFilter) {
  PatchRun run = User(R"([{"op":"Add","path":"emails[type eq \"work\"].value",
                           "value":"ann@work.example"}])");
  ASSERT_TRUE(run.status.ok()) << run.status.ToString();
  EXPECT_EQ(run.attributes.at("emails"),
            boost::json::parse(R"([{"type":"work","value":"ann@work.example"}])"));
}

TEST(PatchEntra, MultipleOpsOnSameAttributeApplyInOrder) {
  PatchRun run = User(R"([{"op":"Add","path":"title","value":"a"},
                          {"op":"Replace","path":"title","value":"b"}])");
  ASSERT_TRUE(run.status.ok()) << run.status.ToString();
  EXPECT_EQ(run.attributes.at("title"), "b");
}

TEST(PatchOkta, PathlessDeactivate) {
  PatchRun run = User(R"([{"op":"replace","value":{"active":false}}])");
  ASSERT_TRUE(run.status.ok()) << run.status.ToString();
  EXPECT_EQ(run.attributes.at("active"), false);
}

TEST(PatchOkta, RenameGroupWithReadOnlyIdInValue) {
  PatchRun run = Group(Ops(R"([{"op":"replace","value":{"id":"g1","displayName":"Sales EMEA"}}])"));
  ASSERT_TRUE(run.status.ok()) << run.status.ToString();
  EXPECT_EQ(run.attributes.at("displayName"), "Sales EMEA");
  EXPECT_TRUE(run.changes.empty());
}

TEST(PatchOkta, RenameWithForeignIdIsMutability) {
  PatchRun run = Group(Ops(R"([{"op":"replace","value":{"id":"g2","displayName":"X"}}])"));
  EXPECT_EQ(run.status.code(), Code::kMutability);
  EXPECT_EQ(run.attributes.at("displayName"), "Sales");
}

TEST(PatchOkta, RemoveThenAddMembers) {
  PatchRun run = Group(Ops(R"([{"op":"remove","path":"members[value eq \"u1\"]"},
                               {"op":"add","path":"members","value":[{"value":"u2"}]}])"));
  ASSERT_TRUE(run.status.ok()) << run.status.ToString();
  EXPECT_EQ(Describe(run.changes), "remove:u1 | add:u2");
}

TEST(PatchOkta, ReplaceMembersWithEmptyListRemovesAll) {
  PatchRun run = Group(Ops(R"([{"op":"replace","path":"members","value":[]}])"));
  ASSERT_TRUE(run.status.ok()) << run.status.ToString();
  EXPECT_EQ(Describe(run.changes), "removeAll");
}

TEST(PatchOkta, ReplaceMembersRemovesAllThenAdds) {
  PatchRun run = Group(Ops(R"([{"op":"replace","path":"members",
                                "value":[{"value":"u1"},{"value":"u2"}]}])"));
  ASSERT_TRUE(run.status.ok()) << run.status.ToString();
  EXPECT_EQ(Describe(run.changes), "removeAll | add:u1,u2");
}

TEST(PatchOneLogin, LegacyMembersBodyBecomesRemoveAndAdd) {
  PatchRun run =
      Group(R"({"members":[{"value":"u1","operation":"delete"},{"value":"u2"},{"value":"u3"}]})");
  ASSERT_TRUE(run.status.ok()) << run.status.ToString();
  EXPECT_EQ(Describe(run.changes), "remove:u1 | add:u2,u3");
}

TEST(PatchOneLogin, PathlessReplaceOfMembers) {
  PatchRun run = Group(Ops(R"([{"op":"replace","value":{"members":[{"value":"u5"}]}}])"));
  ASSERT_TRUE(run.status.ok()) << run.status.ToString();
  EXPECT_EQ(Describe(run.changes), "removeAll | add:u5");
}

TEST(PatchOneLogin, Scim11UrnsInPathAndValue) {
  PatchRun run = User(R"([{"op":"replace","path":"urn:scim:schemas:core:1.0:title","value":"x"},
      {"op":"add","value":{"urn:scim:schemas:extension:enterprise:1.0":{"department":"R&D"}}},
      {"op":"add","path":"urn:scim:schemas:extension:enterprise:1.0:costCenter","value":"7"}])");
  ASSERT_TRUE(run.status.ok()) << run.status.ToString();
  EXPECT_EQ(run.attributes.at("title"), "x");
  EXPECT_EQ(run.attributes.at(kEnterpriseUserSchema),
            Obj(R"({"department":"R&D","costCenter":"7"})"));
}

TEST(PatchOneLogin, EmailsAsObjectAndStringBooleans) {
  PatchRun run = User(R"([{"op":"replace","value":{
      "emails":{"value":"ann@x.example","type":"work","primary":"true"},
      "active":"FALSE","meta":{"resourceType":"User"},"schemas":["x"],"id":null}}])");
  ASSERT_TRUE(run.status.ok()) << run.status.ToString();
  EXPECT_EQ(run.attributes.at("emails"),
            boost::json::parse(R"([{"value":"ann@x.example","type":"work","primary":true}])"));
  EXPECT_EQ(run.attributes.at("active"), false);
  EXPECT_EQ(run.attributes.at("schemas").as_array().size(), 1u);
}

TEST(PatchOneLogin, ManagerIdMeansManagerValue) {
  PatchRun run = User(R"([{"op":"replace","value":{"manager":{"managerId":"m7"}}}])");
  ASSERT_TRUE(run.status.ok()) << run.status.ToString();
  EXPECT_EQ(run.attributes.at(kEnterpriseUserSchema), Obj(R"({"manager":{"value":"m7"}})"));
}

TEST(PatchJumpCloud, MemberRemovalUsesEntraValueArray) {
  PatchRun run = Group(Ops(R"([{"op":"remove","path":"members","value":[{"value":"u3"}]}])"));
  ASSERT_TRUE(run.status.ok()) << run.status.ToString();
  EXPECT_EQ(Describe(run.changes), "remove:u3");
}

}  // namespace
}  // namespace scimd::scim

namespace scimd::scim {
namespace {

TEST(PatchOneLogin, Scim11CoreUrnOnGroupPathMeansGroupCore) {
  PatchRun run = RunPatch(ResourceKind::kGroup, R"({"displayName":"A"})",
                          Ops(R"([{"op":"add","path":"urn:scim:schemas:core:1.0:members",
                                   "value":[{"value":"u1"}]},
                                  {"op":"replace","path":"urn:scim:schemas:core:1.0:displayName",
                                   "value":"B"}])"),
                          {}, "g1");
  ASSERT_TRUE(run.status.ok()) << run.status.ToString();
  EXPECT_EQ(Describe(run.changes), "add:u1");
  EXPECT_EQ(run.attributes.at("displayName"), "B");
}

}  // namespace
}  // namespace scimd::scim
