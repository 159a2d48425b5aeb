#include "scim/filter/evaluator.h"

#include <boost/json/parse.hpp>

#include "gtest/gtest.h"
#include "scim/filter/parser.h"

namespace scimd::scim::filter {
namespace {

namespace json = boost::json;

// A complex attribute with one sub-attribute of each type, for element tests.
AttributeDef Sample() {
  AttributeDef a;
  a.name = "sample";
  a.type = AttrType::kComplex;
  a.multi_valued = true;
  auto sub = [](std::string name, AttrType t, bool exact = false) {
    AttributeDef s;
    s.name = std::move(name);
    s.type = t;
    s.case_exact = exact;
    return s;
  };
  a.sub_attributes = {sub("s", AttrType::kString),    sub("x", AttrType::kString, true),
                      sub("b", AttrType::kBoolean),   sub("i", AttrType::kInteger),
                      sub("d", AttrType::kDecimal),   sub("t", AttrType::kDateTime),
                      sub("value", AttrType::kString)};
  return a;
}

const json::value kElement = json::parse(R"({"s": "Hello World", "x": "CaseExact", "b": true,
  "i": 10, "d": 2.5, "t": "2024-01-01T12:00:00+01:00", "value": ""})");

bool El(std::string_view filter) {
  auto node = Parse(filter);
  EXPECT_TRUE(node.ok()) << node.status().ToString();
  return node.ok() && MatchesElement(**node, kElement, Sample());
}

TEST(EvaluatorTest, StringOperatorsIgnoreCaseUnlessCaseExact) {
  EXPECT_TRUE(El("s eq \"hello world\""));
  EXPECT_FALSE(El("s ne \"HELLO WORLD\""));
  EXPECT_TRUE(El("s co \"O W\""));
  EXPECT_TRUE(El("s sw \"HELLO\""));
  EXPECT_TRUE(El("s ew \"WORLD\""));
  EXPECT_TRUE(El("s gt \"hello\""));
  EXPECT_TRUE(El("s lt \"I\""));
  EXPECT_TRUE(El("s ge \"HELLO WORLD\""));
  EXPECT_TRUE(El("s le \"hello world\""));
  EXPECT_FALSE(El("s gt \"zzz\""));
  EXPECT_TRUE(El("x eq \"CaseExact\""));
  EXPECT_FALSE(El("x eq \"caseexact\""));
  EXPECT_FALSE(El("x co \"exact\""));
  EXPECT_TRUE(El("x co \"Exact\""));
  EXPECT_TRUE(El("x gt \"Case\""));
  EXPECT_FALSE(El("x lt \"A\""));
}

TEST(EvaluatorTest, Booleans) {
  EXPECT_TRUE(El("b eq true"));
  EXPECT_FALSE(El("b eq false"));
  EXPECT_TRUE(El("b ne false"));
  EXPECT_TRUE(El("b eq \"TRUE\""));
}

TEST(EvaluatorTest, NumbersCompareByValue) {
  EXPECT_TRUE(El("i eq 10"));
  EXPECT_TRUE(El("i eq 10.0"));
  EXPECT_TRUE(El("i gt 9.5"));
  EXPECT_TRUE(El("i lt 11"));
  EXPECT_TRUE(El("i ge 10"));
  EXPECT_TRUE(El("i le 1e1"));
  EXPECT_TRUE(El("i ne -10"));
  EXPECT_TRUE(El("d eq 2.5"));
  EXPECT_TRUE(El("d gt 2"));
  EXPECT_FALSE(El("d lt 2.5"));
  EXPECT_TRUE(El("d le 25e-1"));
}

TEST(EvaluatorTest, DateTimesCompareAsInstants) {
  EXPECT_TRUE(El("t eq \"2024-01-01T11:00:00Z\""));
  EXPECT_TRUE(El("t eq \"2024-01-01T11:00:00.000Z\""));
  EXPECT_TRUE(El("t gt \"2024-01-01T10:59:59.999Z\""));
  EXPECT_TRUE(El("t lt \"2024-01-01T12:00:00Z\""));
  EXPECT_TRUE(El("t ge \"2024-01-01T11:00:00Z\""));
  EXPECT_FALSE(El("t le \"2024-01-01T10:00:00Z\""));
  EXPECT_FALSE(El("t ne \"2024-01-01T06:00:00-05:00\""));
}

TEST(EvaluatorTest, PresenceAndNull) {
  EXPECT_TRUE(El("s pr"));
  EXPECT_FALSE(El("value pr"));  // "" is absent
  EXPECT_FALSE(El("missing pr"));
  EXPECT_TRUE(El("value eq null"));
  EXPECT_TRUE(El("s ne null"));
  EXPECT_FALSE(El("s eq null"));
  EXPECT_TRUE(El("not (b eq false) and (i gt 5 or s eq \"x\")"));
}

TEST(EvaluatorTest, ValidateRejectsUnsuitableOperators) {
  const ResourceType& user = UserResourceType();
  for (const char* bad :
       {"active gt true", "active co \"t\"", "active eq 5", "meta.created co \"2\"",
        "meta.created gt \"soon\"", "meta.created gt null", "name eq \"x\"", "nope eq 1",
        "userName.x eq 1", "emails[nope eq 1]", "emails[type eq \"w\"].nope pr",
        "userName[value eq 1]", "emails[urn:x:type eq 1]",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User eq 1"}) {
    auto node = Parse(bad);
    ASSERT_TRUE(node.ok()) << bad;
    Status s = Validate(**node, user);
    EXPECT_EQ(s.code(), Code::kInvalidFilter) << bad;
  }
  for (const char* good :
       {"active eq true", "meta.created gt \"2024-01-01T00:00:00Z\"", "title eq null",
        "emails eq \"x\"", "name pr", "emails[type eq \"work\"].value co \"x\"", "userName eq 5"}) {
    auto node = Parse(good);
    ASSERT_TRUE(node.ok()) << good;
    EXPECT_TRUE(Validate(**node, user).ok()) << good;
  }
}

TEST(EvaluatorTest, ResourceLevelMultiValuedAndExtensions) {
  json::object user = json::parse(R"({
    "id": "1", "userName": "bjensen",
    "emails": [{"value": "a@x.org", "type": "work"}, {"value": "b@y.org", "type": "home"}],
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": {"value": "m1"}},
    "meta": {"resourceType": "User", "created": "2024-01-01T00:00:00Z"}})")
                          .as_object();
  auto matches = [&](std::string_view text) {
    auto node = Parse(text);
    EXPECT_TRUE(node.ok() && Validate(**node, UserResourceType()).ok()) << text;
    return node.ok() && Matches(**node, user, UserResourceType());
  };
  EXPECT_TRUE(matches("emails.value eq \"B@Y.ORG\""));
  EXPECT_TRUE(matches("emails eq \"a@x.org\""));
  EXPECT_TRUE(matches("emails[type eq \"home\" and value ew \"y.org\"]"));
  EXPECT_FALSE(matches("emails[type eq \"home\" and value ew \"x.org\"]"));
  EXPECT_TRUE(matches("emails[type eq \"work\"].value sw \"a@\""));
  EXPECT_FALSE(matches("emails.type ne \"work\""));
  EXPECT_TRUE(
      matches("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager eq \"m1\""));
  EXPECT_TRUE(matches("manager.value eq \"m1\""));
  EXPECT_FALSE(matches("manager.value eq \"M1\""));
  EXPECT_TRUE(matches("meta.created eq \"2024-01-01T01:00:00+01:00\""));
  EXPECT_TRUE(matches("not (title pr) and title ne \"x\""));
  EXPECT_FALSE(matches("title eq \"x\" or title co \"\""));
}

TEST(EvaluatorTest, MatchesElementOfMembers) {
  const AttributeDef* members = GroupSchema().Find("members");
  ASSERT_NE(members, nullptr);
  auto node = Parse("value eq \"abc\"");
  ASSERT_TRUE(node.ok());
  EXPECT_TRUE(MatchesElement(**node, json::parse(R"({"value": "abc"})"), *members));
  EXPECT_FALSE(MatchesElement(**node, json::parse(R"({"value": "ABC"})"), *members));
  EXPECT_FALSE(MatchesElement(**node, json::parse(R"({"display": "abc"})"), *members));
}

}  // namespace
}  // namespace scimd::scim::filter
