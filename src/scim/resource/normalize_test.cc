#include "scim/resource/normalize.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

namespace scimd::scim {
namespace {
namespace json = boost::json;

Result<NormalizedResource> NormalizeUser(std::string_view body) {
  return NormalizeResource(json::parse(body), UserResourceType());
}

Result<NormalizedResource> NormalizeGroup(std::string_view body) {
  return NormalizeResource(json::parse(body), GroupResourceType());
}

json::object Attrs(std::string_view text) { return json::parse(text).as_object(); }

TEST(NormalizeTest, OneLoginDefaultTemplate) {
  auto r = NormalizeUser(R"({
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
    "userName": "jdoe@example.com",
    "name": {"givenName": "Jane", "familyName": "Doe", "formatted": "Jane Doe"},
    "emails": [{"value": "jdoe@example.com", "type": "work", "primary": true}]})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->attributes, Attrs(R"({
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
    "userName": "jdoe@example.com",
    "name": {"givenName": "Jane", "familyName": "Doe", "formatted": "Jane Doe"},
    "emails": [{"value": "jdoe@example.com", "type": "work", "primary": true}],
    "active": true})"));
  EXPECT_FALSE(r->member_ids.has_value());
}

TEST(NormalizeTest, OneLoginVariants) {
  auto r = NormalizeUser(R"({
    "schemas": ["urn:scim:schemas:core:1.0", "urn:scim:schemas:extension:enterprise:1.0"],
    "id": null,
    "meta": {"created": "2020-01-01T00:00:00Z"},
    "USERNAME": "jdoe",
    "displayName": "",
    "title": null,
    "active": "TRUE",
    "emails": {"value": "jdoe@example.com", "primary": "true", "type": ""},
    "urn:scim:schemas:extension:enterprise:1.0": {
      "department": "R&D", "costCenter": "", "manager": {"managerId": "m1"}},
    "name": {"givenName": "", "familyName": ""}})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->attributes, Attrs(R"({
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
    "userName": "jdoe",
    "active": true,
    "emails": [{"value": "jdoe@example.com", "primary": true}],
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
      "department": "R&D", "manager": {"value": "m1"}}})"));
}

TEST(NormalizeTest, ActiveFalseStringIsKept) {
  auto r = NormalizeUser(R"({"userName": "a", "active": "False"})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->attributes.at("active"), json::value(false));
}

TEST(NormalizeTest, EntraCreateUser) {
  auto r = NormalizeUser(R"({
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
    "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
    "userName": "Test_User_ab6490ee@testuser.com",
    "active": true,
    "emails": [{"primary": true, "type": "work", "value": "Test_User_fd0ea19b@testuser.com"}],
    "meta": {"resourceType": "User"},
    "name": {"formatted": "givenName familyName", "familyName": "familyName", "givenName": "givenName"},
    "roles": [],
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
      "employeeNumber": "42", "manager": {"value": "m2", "displayName": "Boss"}}})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const json::object& a = r->attributes;
  EXPECT_EQ(a.at("externalId"), json::value("0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"));
  EXPECT_FALSE(a.contains("meta"));
  EXPECT_FALSE(a.contains("roles"));
  EXPECT_EQ(a.at("schemas").as_array().size(), 2u);
  EXPECT_EQ(a.at("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"),
            json::parse(R"({"employeeNumber": "42", "manager": {"value": "m2"}})"));
}

TEST(NormalizeTest, EntraCreateGroup) {
  auto r = NormalizeGroup(R"({
    "externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
    "displayName": "Group1",
    "members": [{"$ref": null, "value": "u1"}, {"value": "u2", "type": "User"}, {"value": "u1"}],
    "meta": {"resourceType": "Group"},
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group",
                "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"]})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->attributes, Attrs(R"({
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
    "externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
    "displayName": "Group1"})"));
  ASSERT_TRUE(r->member_ids.has_value());
  EXPECT_EQ(*r->member_ids, (std::vector<std::string>{"u1", "u2"}));
}

TEST(NormalizeTest, GroupMembersEmptyOrAbsent) {
  auto empty = NormalizeGroup(R"({"displayName": "g", "members": []})");
  ASSERT_TRUE(empty.ok());
  ASSERT_TRUE(empty->member_ids.has_value());
  EXPECT_TRUE(empty->member_ids->empty());
  auto absent = NormalizeGroup(R"({"displayName": "g"})");
  ASSERT_TRUE(absent.ok());
  EXPECT_FALSE(absent->member_ids.has_value());
  EXPECT_FALSE(absent->attributes.contains("active"));
}

TEST(NormalizeTest, GroupMemberWithoutValueFails) {
  auto r = NormalizeGroup(R"({"displayName": "g", "members": [{"display": "x"}]})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kInvalidValue);
  r = NormalizeGroup(R"({"displayName": "g", "members": ["u1"]})");
  EXPECT_EQ(r.status().code(), Code::kInvalidValue);
}

TEST(NormalizeTest, GroupRequiresDisplayName) {
  auto r = NormalizeGroup(R"({"displayName": ""})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kInvalidValue);
  EXPECT_NE(r.status().detail().find("displayName"), std::string::npos);
}

TEST(NormalizeTest, MissingUserNameFails) {
  for (const char* body :
       {R"({"name": {"givenName": "x"}})", R"({"userName": ""})", R"({"userName": null})"}) {
    auto r = NormalizeUser(body);
    ASSERT_FALSE(r.ok()) << body;
    EXPECT_EQ(r.status().code(), Code::kInvalidValue);
    EXPECT_NE(r.status().detail().find("userName"), std::string::npos);
  }
}

TEST(NormalizeTest, NonObjectBodyIsInvalidSyntax) {
  for (const char* body : {"[]", "\"x\"", "null", "42"}) {
    auto r = NormalizeUser(body);
    ASSERT_FALSE(r.ok()) << body;
    EXPECT_EQ(r.status().code(), Code::kInvalidSyntax);
  }
}

TEST(NormalizeTest, WrongTypesAreInvalidValue) {
  for (const char* body : {
           R"({"userName": 42})",
           R"({"userName": "a", "active": "yes"})",
           R"({"userName": "a", "active": 1})",
           R"({"userName": "a", "name": "Jane"})",
           R"({"userName": "a", "name": {"givenName": 7}})",
           R"({"userName": "a", "emails": ["a@b.c"]})",
           R"({"userName": "a", "emails": [{"value": "a@b.c", "primary": "maybe"}]})",
           R"({"userName": "a", "displayName": ["x"]})",
           R"({"userName": "a", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": 5})",
       }) {
    auto r = NormalizeUser(body);
    ASSERT_FALSE(r.ok()) << body;
    EXPECT_EQ(r.status().code(), Code::kInvalidValue) << body;
  }
}

TEST(NormalizeTest, ErrorNamesTheSubAttribute) {
  auto r = NormalizeUser(R"({"userName": "a", "emails": [{"value": 1}]})");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().detail().find("emails.value"), std::string::npos) << r.status().detail();
}

TEST(NormalizeTest, UnknownAndReadOnlyAttributesDropped) {
  auto r = NormalizeUser(R"({
    "userName": "a", "foo": 1, "groups": [{"value": "g1"}],
    "urn:example:custom": {"x": 1}, "name": {"nickname": "n", "givenName": "G"}})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->attributes, Attrs(R"({
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
    "userName": "a", "name": {"givenName": "G"}, "active": true})"));
}

TEST(NormalizeTest, SchemaSpellingAndPasswordKept) {
  auto r =
      NormalizeUser(R"({"username": "a", "PASSWORD": "s3cret", "phonenumbers": [{"VALUE": "1"}]})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->attributes.at("password"), json::value("s3cret"));
  EXPECT_EQ(r->attributes.at("phoneNumbers"), json::parse(R"([{"value": "1"}])"));
}

TEST(NormalizeTest, UnqualifiedExtensionAttributeGoesToExtension) {
  auto r = NormalizeUser(R"({"userName": "a", "department": "Sales"})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->attributes.at("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"),
            json::parse(R"({"department": "Sales"})"));
}

TEST(CoerceValueTest, Leniencies) {
  const AttributeDef& active = *UserSchema().Find("active");
  auto b = CoerceValue(json::value("False"), active);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*b, json::value(false));
  auto n = CoerceValue(json::value(nullptr), active);
  ASSERT_TRUE(n.ok());
  EXPECT_TRUE(n->is_null());
  const AttributeDef& manager = *EnterpriseUserSchema().Find("manager");
  auto m = CoerceValue(json::parse(R"({"managerId": "x"})"), manager);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(*m, json::parse(R"({"value": "x"})"));
  const AttributeDef& emails = *UserSchema().Find("emails");
  auto e = CoerceValue(json::parse(R"({"value": "a@b.c"})"), emails);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(*e, json::parse(R"([{"value": "a@b.c"}])"));
  auto empty = CoerceValue(json::parse("[]"), emails);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, json::parse("[]"));
}

TEST(CoerceValueTest, DateTimeValidated) {
  const AttributeDef& created = *CommonAttributes().Find("meta")->FindSub("created");
  EXPECT_TRUE(CoerceValue(json::value("2026-01-01T00:00:00Z"), created).ok());
  auto bad = CoerceValue(json::value("yesterday"), created);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), Code::kInvalidValue);
}

TEST(NormalizeTest, ReadOnlyIdAndMetaDroppedOnReplace) {
  auto r = NormalizeUser(R"({"id": "u1", "userName": "a", "active": false,
    "meta": {"resourceType": "User", "version": "W/\"3\""}, "groups": []})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->attributes, Attrs(R"({
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
    "userName": "a", "active": false})"));
}

TEST(NormalizeTest, CoreUrnObjectIsMergedIntoTopLevel) {
  auto r = NormalizeUser(R"({"urn:ietf:params:scim:schemas:core:2.0:User": {"userName": "a"}})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->attributes.at("userName"), json::value("a"));
}

TEST(CoerceValueTest, NumericTypes) {
  AttributeDef integer;
  integer.name = "count";
  integer.type = AttrType::kInteger;
  EXPECT_EQ(*CoerceValue(json::value(3), integer), json::value(3));
  EXPECT_EQ(*CoerceValue(json::value(4.0), integer), json::value(4));
  EXPECT_EQ(CoerceValue(json::value(4.5), integer).status().code(), Code::kInvalidValue);
  EXPECT_EQ(CoerceValue(json::value("4"), integer).status().code(), Code::kInvalidValue);
  AttributeDef decimal = integer;
  decimal.type = AttrType::kDecimal;
  EXPECT_EQ(*CoerceValue(json::value(4.5), decimal), json::value(4.5));
  EXPECT_EQ(CoerceValue(json::value(true), decimal).status().code(), Code::kInvalidValue);
}

TEST(LowerAsciiTest, OnlyAsciiLetters) {
  EXPECT_EQ(LowerAscii("JDoe@Example.COM"), "jdoe@example.com");
  EXPECT_EQ(LowerAscii("Ünïcode-É"), "Ünïcode-É");
  EXPECT_EQ(LowerAscii(""), "");
}

}  // namespace
}  // namespace scimd::scim
