// RFC 7644 §3.5.2 semantics of ApplyPatch on users.
#include "scim/patch/patch.h"

#include <gtest/gtest.h>

#include "scim/patch/patch_test_util.h"

namespace scimd::scim {
namespace {

using patch_testing::Obj;
using patch_testing::Ops;
using patch_testing::PatchRun;
using patch_testing::RunPatch;

constexpr std::string_view kBob = R"({
  "schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
  "userName":"bob","active":true,
  "name":{"givenName":"Bob","familyName":"Jensen"},
  "emails":[{"value":"bob@work.example","type":"work","primary":true},
            {"value":"bob@home.example","type":"home"}]})";

PatchRun User(std::string_view operations, std::string_view before = kBob) {
  return RunPatch(ResourceKind::kUser, before, Ops(operations));
}

TEST(Patch, ReplaceSimpleAttribute) {
  PatchRun run = User(R"([{"op":"replace","path":"userName","value":"robert"}])");
  ASSERT_TRUE(run.status.ok()) << run.status.ToString();
  EXPECT_EQ(run.attributes.at("userName"), "robert");
}

TEST(Patch, OpNameIsCaseInsensitive) {
  PatchRun run = User(R"([{"op":"REPLACE","path":"displayName","value":"B"},
                          {"op":"Add","path":"title","value":"Boss"}])");
  ASSERT_TRUE(run.status.ok()) << run.status.ToString();
  EXPECT_EQ(run.attributes.at("displayName"), "B");
  EXPECT_EQ(run.attributes.at("title"), "Boss");
}

TEST(Patch, SubAttributePathKeepsSiblings) {
  PatchRun run = User(R"([{"op":"replace","path":"name.givenName","value":"Rob"}])");
  ASSERT_TRUE(run.status.ok()) << run.status.ToString();
  EXPECT_EQ(run.attributes.at("name"), Obj(R"({"givenName":"Rob","familyName":"Jensen"})"));
}

TEST(Patch, PathlessReplaceMergesComplexAttribute) {
  PatchRun run = User(R"([{"op":"replace","value":{"name":{"givenName":"x"}}}])");
  ASSERT_TRUE(run.status.ok()) << run.status.ToString();
  EXPECT_EQ(run.attributes.at("name"), Obj(R"({"givenName":"x","familyName":"Jensen"})"));
}

TEST(Patch, ReplaceMissingTargetAdds) {
  PatchRun run = User(R"([{"op":"replace","path":"nickName","value":"Bobby"}])");
  ASSERT_TRUE(run.status.ok()) << run.status.ToString();
  EXPECT_EQ(run.attributes.at("nickName"), "Bobby");
}

TEST(Patch, AddExistingValueIsNoOp) {
  PatchRun run = User(
      R"([{"op":"add","path":"emails","value":[{"value":"bob@home.example","type":"home"}]}])");
  ASSERT_TRUE(run.status.ok()) << run.status.ToString();
  EXPECT_EQ(run.attributes.at("emails").as_array().size(), 2u);
}

TEST(Patch, NewPrimaryClearsTheOthers) {
  PatchRun run = User(R"([{"op":"add","path":"emails",
      "value":[{"value":"b@new.example","type":"other","primary":true}]}])");
  ASSERT_TRUE(run.status.ok()) << run.status.ToString();
  const auto& emails = run.attributes.at("emails").as_array();
  ASSERT_EQ(emails.size(), 3u);
  EXPECT_EQ(emails[0].at("primary"), false);
  EXPECT_EQ(emails[2].at("primary"), true);
}

TEST(Patch, ValueFilterWithSubAttribute) {
  PatchRun run =
      User(R"([{"op":"replace","path":"emails[type eq \"home\"].value","value":"b@h.example"}])");
  ASSERT_TRUE(run.status.ok()) << run.status.ToString();
  EXPECT_EQ(run.attributes.at("emails").as_array()[1].at("value"), "b@h.example");
}

TEST(Patch, RemoveByValueFilter) {
  PatchRun run = User(R"([{"op":"remove","path":"emails[type eq \"work\"]"}])");
  ASSERT_TRUE(run.status.ok()) << run.status.ToString();
  ASSERT_EQ(run.attributes.at("emails").as_array().size(), 1u);
  EXPECT_EQ(run.attributes.at("emails").as_array()[0].at("type"), "home");
}

TEST(Patch, RemoveWithoutPathIsNoTarget) {
  PatchRun run = User(R"([{"op":"remove"}])");
  EXPECT_EQ(run.status.code(), Code::kNoTarget);
}

TEST(Patch, FilterMatchingNothingIsNoTargetOnReplaceAndRemove) {
  EXPECT_EQ(
      User(R"([{"op":"replace","path":"emails[type eq \"x\"].value","value":"a"}])").status.code(),
      Code::kNoTarget);
  EXPECT_EQ(User(R"([{"op":"remove","path":"emails[type eq \"x\"]"}])").status.code(),
            Code::kNoTarget);
}

TEST(Patch, AddThroughUnmatchedFilterCreatesTheValue) {
  PatchRun run = User(R"([{"op":"add","path":"phoneNumbers[type eq \"mobile\"].value",
                           "value":"+1 555"}])");
  ASSERT_TRUE(run.status.ok()) << run.status.ToString();
  EXPECT_EQ(run.attributes.at("phoneNumbers"),
            boost::json::parse(R"([{"type":"mobile","value":"+1 555"}])"));
}

TEST(Patch, UnknownPathIsInvalidPath) {
  EXPECT_EQ(User(R"([{"op":"replace","path":"shoeSize","value":"9"}])").status.code(),
            Code::kInvalidPath);
  EXPECT_EQ(User(R"([{"op":"replace","path":"name.shoe","value":"9"}])").status.code(),
            Code::kInvalidPath);
  EXPECT_EQ(
      User(R"([{"op":"replace","path":"userName[value eq \"a\"]","value":"9"}])").status.code(),
      Code::kInvalidPath);
  EXPECT_EQ(User(R"([{"op":"remove","path":"emails[shoe eq \"a\"]"}])").status.code(),
            Code::kInvalidPath);
}

TEST(Patch, ReadOnlyAttributesAreMutabilityErrors) {
  EXPECT_EQ(User(R"([{"op":"replace","path":"id","value":"other"}])").status.code(),
            Code::kMutability);
  EXPECT_EQ(User(R"([{"op":"replace","path":"meta.created","value":"x"}])").status.code(),
            Code::kMutability);
  EXPECT_EQ(User(R"([{"op":"add","path":"groups","value":[{"value":"g1"}]}])").status.code(),
            Code::kMutability);
  EXPECT_EQ(User(R"([{"op":"replace","value":{"id":"other"}}])").status.code(), Code::kMutability);
}

TEST(Patch, WrongTypeIsInvalidValue) {
  EXPECT_EQ(User(R"([{"op":"replace","path":"active","value":"maybe"}])").status.code(),
            Code::kInvalidValue);
  EXPECT_EQ(User(R"([{"op":"replace","path":"name","value":42}])").status.code(),
            Code::kInvalidValue);
}

TEST(Patch, RequiredAttributeCannotBeRemoved) {
  EXPECT_EQ(User(R"([{"op":"remove","path":"userName"}])").status.code(), Code::kInvalidValue);
}

TEST(Patch, FailureLeavesResourceUntouched) {
  PatchRun run = User(R"([{"op":"replace","path":"userName","value":"changed"},
                          {"op":"replace","path":"id","value":"x"}])");
  EXPECT_EQ(run.status.code(), Code::kMutability);
  EXPECT_EQ(run.attributes, Obj(kBob));
}

TEST(Patch, OperationsApplyInOrder) {
  PatchRun run = User(R"([{"op":"replace","path":"title","value":"a"},
                          {"op":"remove","path":"title"},
                          {"op":"add","path":"title","value":"b"},
                          {"op":"replace","path":"title","value":"c"}])");
  ASSERT_TRUE(run.status.ok()) << run.status.ToString();
  EXPECT_EQ(run.attributes.at("title"), "c");
}

TEST(Patch, ExtensionAttributeCreatesObjectAndSchema) {
  PatchRun run = User(R"([{"op":"add",
      "path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
      "value":"m1"}])");
  ASSERT_TRUE(run.status.ok()) << run.status.ToString();
  EXPECT_EQ(run.attributes.at(kEnterpriseUserSchema), Obj(R"({"manager":{"value":"m1"}})"));
  EXPECT_EQ(run.attributes.at("schemas").as_array().back().as_string(), kEnterpriseUserSchema);
}

TEST(Patch, EmptiedExtensionLeavesSchemas) {
  PatchRun added = User(R"([{"op":"add",
      "path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
      "value":"7"}])");
  ASSERT_TRUE(added.status.ok());
  std::string before = boost::json::serialize(added.attributes);
  PatchRun run = User(R"([{"op":"remove",
      "path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber"}])",
                      before);
  ASSERT_TRUE(run.status.ok()) << run.status.ToString();
  EXPECT_FALSE(run.attributes.contains(kEnterpriseUserSchema));
  EXPECT_EQ(run.attributes.at("schemas").as_array().size(), 1u);
}

TEST(Patch, UsersHaveNoMembers) {
  EXPECT_EQ(User(R"([{"op":"add","path":"members","value":[{"value":"u"}]}])").status.code(),
            Code::kInvalidPath);
}

TEST(Patch, NullReplaceClearsAttribute) {
  PatchRun run = User(R"([{"op":"replace","path":"name.givenName","value":null}])");
  ASSERT_TRUE(run.status.ok()) << run.status.ToString();
  EXPECT_EQ(run.attributes.at("name"), Obj(R"({"familyName":"Jensen"})"));
}

TEST(Patch, AddWithoutValueIsInvalidValue) {
  EXPECT_EQ(User(R"([{"op":"add","path":"title"}])").status.code(), Code::kInvalidValue);
}

}  // namespace
}  // namespace scimd::scim

namespace scimd::scim {
namespace {

// A type with an immutable attribute: none of the built-in User attributes is.
const ResourceType& BadgeType() {
  static const Schema* const kSchema = [] {
    auto* s = new Schema{"urn:example:Badge", "Badge", "", {}};
    AttributeDef name;
    name.name = "userName";
    name.required = true;
    AttributeDef badge;
    badge.name = "badge";
    badge.mutability = Mutability::kImmutable;
    s->attributes = {name, badge};
    return s;
  }();
  static const ResourceType kType{
      ResourceKind::kUser, "Badge", "Badge", "/Badges", "", kSchema, {}};
  return kType;
}

Status ApplyToBadge(std::string_view before, std::string_view operations,
                    boost::json::object* after = nullptr) {
  Resource r;
  r.id = "b1";
  r.attributes = boost::json::parse(before).as_object();
  auto ops = ParsePatchRequest(boost::json::parse(patch_testing::Ops(operations)));
  if (!ops.ok()) return ops.status();
  std::vector<MemberChange> changes;
  Status s = ApplyPatch(*ops, BadgeType(), r, changes, nullptr);
  if (after != nullptr) *after = r.attributes;
  return s;
}

TEST(PatchImmutable, SettableOnlyWhileAbsent) {
  boost::json::object after;
  ASSERT_TRUE(
      ApplyToBadge(R"({"userName":"a"})", R"([{"op":"add","path":"badge","value":"B-1"}])", &after)
          .ok());
  EXPECT_EQ(after.at("badge"), "B-1");
  EXPECT_EQ(ApplyToBadge(R"({"userName":"a","badge":"B-1"})",
                         R"([{"op":"replace","path":"badge","value":"B-2"}])")
                .code(),
            Code::kMutability);
  EXPECT_EQ(ApplyToBadge(R"({"userName":"a","badge":"B-1"})", R"([{"op":"remove","path":"badge"}])")
                .code(),
            Code::kMutability);
  // Re-sending the same value (a resync) is not a change.
  EXPECT_TRUE(ApplyToBadge(R"({"userName":"a","badge":"B-1"})",
                           R"([{"op":"replace","value":{"badge":"B-1"}}])")
                  .ok());
}

TEST(Patch, PathlessUnknownKeysAreDropped) {
  PatchRun run = User(R"([{"op":"replace","value":{"shoeSize":9,"title":"t",
      "urn:example:custom:2.0:User:thing":"x"}}])");
  ASSERT_TRUE(run.status.ok()) << run.status.ToString();
  EXPECT_EQ(run.attributes.at("title"), "t");
  EXPECT_FALSE(run.attributes.contains("shoeSize"));
}

TEST(Patch, PathlessValueMustBeAnObject) {
  EXPECT_EQ(User(R"([{"op":"replace","value":"x"}])").status.code(), Code::kInvalidValue);
}

TEST(Patch, ReplaceThroughFilterNeedsOneValue) {
  EXPECT_EQ(User(R"([{"op":"replace","path":"emails[type eq \"work\"]",
                     "value":[{"value":"a@b.c"},{"value":"d@e.f"}]}])")
                .status.code(),
            Code::kInvalidValue);
}

TEST(Patch, AddThroughNonEqualityFilterMatchingNothingIsNoTarget) {
  EXPECT_EQ(
      User(R"([{"op":"add","path":"emails[value co \"zzz\"].type","value":"x"}])").status.code(),
      Code::kNoTarget);
}

}  // namespace
}  // namespace scimd::scim
