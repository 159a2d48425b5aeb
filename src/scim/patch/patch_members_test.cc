// Group membership through PATCH: MemberChange steps, never JSON edits.
#include <gtest/gtest.h>

#include "scim/patch/patch.h"
#include "scim/patch/patch_test_util.h"

namespace scimd::scim {
namespace {

using patch_testing::Describe;
using patch_testing::Ops;
using patch_testing::PatchRun;
using patch_testing::RunPatch;

constexpr std::string_view kGroup = R"({"displayName":"Ops"})";

std::vector<Member> Roster() {
  return {{"u1", ResourceKind::kUser, "Ann"},
          {"u2", ResourceKind::kUser, "Bob"},
          {"g7", ResourceKind::kGroup, "Admins"}};
}

PatchRun Group(std::string_view operations) {
  return RunPatch(ResourceKind::kGroup, kGroup, Ops(operations), Roster(), "g1");
}

TEST(PatchMembers, RemoveWithoutValueRemovesAll) {
  PatchRun run = Group(R"([{"op":"remove","path":"members"}])");
  ASSERT_TRUE(run.status.ok()) << run.status.ToString();
  EXPECT_EQ(Describe(run.changes), "removeAll");
  EXPECT_FALSE(run.attributes.contains("members"));
}

TEST(PatchMembers, OrOfValueEqualitiesNeedsNoLoad) {
  PatchRun run = Group(R"([{"op":"remove","path":"members[value eq \"a\" or value eq \"b\"]"}])");
  ASSERT_TRUE(run.status.ok()) << run.status.ToString();
  EXPECT_EQ(Describe(run.changes), "remove:a,b");
  EXPECT_EQ(run.loads, 0);
}

TEST(PatchMembers, OtherFiltersLoadAndMatchMembers) {
  PatchRun run = Group(R"([{"op":"remove","path":"members[type eq \"Group\"]"}])");
  ASSERT_TRUE(run.status.ok()) << run.status.ToString();
  EXPECT_EQ(Describe(run.changes), "remove:g7");
  EXPECT_EQ(run.loads, 1);
  run = Group(R"([{"op":"remove","path":"members[display sw \"b\"]"}])");
  EXPECT_EQ(Describe(run.changes), "remove:u2");
}

TEST(PatchMembers, ReplaceThroughFilterSwapsMembers) {
  PatchRun run = Group(R"([{"op":"replace","path":"members[value eq \"u1\"]",
                            "value":[{"value":"u9"}]}])");
  ASSERT_TRUE(run.status.ok()) << run.status.ToString();
  EXPECT_EQ(Describe(run.changes), "remove:u1 | add:u9");
}

TEST(PatchMembers, PathlessAddOfMembers) {
  PatchRun run = Group(R"([{"op":"add","value":{"members":[{"value":"u4"}],"displayName":"X"}}])");
  ASSERT_TRUE(run.status.ok()) << run.status.ToString();
  EXPECT_EQ(Describe(run.changes), "add:u4");
  EXPECT_EQ(run.attributes.at("displayName"), "X");
}

TEST(PatchMembers, ValuesMustBeNonEmptyStrings) {
  EXPECT_EQ(Group(R"([{"op":"add","path":"members","value":[{"value":""}]}])").status.code(),
            Code::kInvalidValue);
  EXPECT_EQ(Group(R"([{"op":"add","path":"members","value":[{"value":5}]}])").status.code(),
            Code::kInvalidValue);
  EXPECT_EQ(Group(R"([{"op":"add","path":"members","value":[{"display":"x"}]}])").status.code(),
            Code::kInvalidValue);
  EXPECT_EQ(Group(R"([{"op":"add","path":"members"}])").status.code(), Code::kInvalidValue);
}

TEST(PatchMembers, FailureDropsEarlierSteps) {
  Resource group;
  group.kind = ResourceKind::kGroup;
  group.id = "g1";
  group.attributes = boost::json::parse(kGroup).as_object();
  std::vector<MemberChange> changes{{MemberChange::Kind::kAdd, {"old"}}};
  auto ops = ParsePatchRequest(boost::json::parse(Ops(R"([
      {"op":"add","path":"members","value":[{"value":"u1"}]},
      {"op":"add","path":"members","value":[{"value":""}]}])")));
  ASSERT_TRUE(ops.ok());
  Status s = ApplyPatch(*ops, GroupResourceType(), group, changes, nullptr);
  EXPECT_EQ(s.code(), Code::kInvalidValue);
  EXPECT_EQ(Describe(changes), "add:old");
}

TEST(PatchMembers, StepsAreAppendedAfterExistingOnes) {
  Resource group;
  group.kind = ResourceKind::kGroup;
  group.attributes = boost::json::parse(kGroup).as_object();
  std::vector<MemberChange> changes{{MemberChange::Kind::kAdd, {"old"}}};
  auto ops = ParsePatchRequest(
      boost::json::parse(Ops(R"([{"op":"add","path":"members","value":[{"value":"u1"}]}])")));
  ASSERT_TRUE(ops.ok());
  ASSERT_TRUE(ApplyPatch(*ops, GroupResourceType(), group, changes, nullptr).ok());
  EXPECT_EQ(Describe(changes), "add:old | add:u1");
}

TEST(PatchMembers, SubAttributesOfMembersAreNotPatchable) {
  EXPECT_EQ(Group(R"([{"op":"replace","path":"members.display","value":"x"}])").status.code(),
            Code::kInvalidPath);
  EXPECT_EQ(Group(R"([{"op":"add","path":"members[value eq \"u1\"]","value":[{"value":"x"}]}])")
                .status.code(),
            Code::kInvalidPath);
}

TEST(PatchMembers, LoaderFailurePropagates) {
  Resource group;
  group.kind = ResourceKind::kGroup;
  group.attributes = boost::json::parse(kGroup).as_object();
  std::vector<MemberChange> changes;
  auto ops = ParsePatchRequest(
      boost::json::parse(Ops(R"([{"op":"remove","path":"members[display eq \"x\"]"}])")));
  ASSERT_TRUE(ops.ok());
  MemberLoader failing = []() -> Result<std::vector<Member>> { return Unavailable("db busy"); };
  EXPECT_EQ(ApplyPatch(*ops, GroupResourceType(), group, changes, failing).code(),
            Code::kUnavailable);
}

}  // namespace
}  // namespace scimd::scim
