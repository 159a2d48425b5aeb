#include "scim/serialize/render.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <vector>

namespace scimd::scim {
namespace {
namespace json = boost::json;

const RenderContext kCtx{"https://h/scim/abc/v2"};

Resource SampleUser() {
  Resource r;
  r.kind = ResourceKind::kUser;
  r.id = "u1";
  r.attributes = json::parse(R"({
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
    "userName": "jdoe",
    "name": {"givenName": "Jane", "familyName": "Doe"},
    "password": "secret",
    "emails": [{"value": "a@b.c", "type": "work"}, {"value": "x@y.z", "type": "home"}],
    "active": true,
    "externalId": "ext-1",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
      "employeeNumber": "42", "department": "R&D"}})")
                     .as_object();
  r.created_ms = 1'767'225'600'000;
  r.modified_ms = 1'767'225'601'500;
  r.version = 3;
  return r;
}

Resource SampleGroup() {
  Resource r;
  r.kind = ResourceKind::kGroup;
  r.id = "g1";
  r.attributes = json::parse(R"({"displayName": "Admins"})").as_object();
  r.created_ms = 0;
  r.modified_ms = 0;
  r.version = 1;
  return r;
}

Projection Proj(std::string_view attributes, std::string_view excluded, const ResourceType& type) {
  Result<Projection> p = ParseProjection(attributes, excluded, type);
  EXPECT_TRUE(p.ok()) << p.status().ToString();
  return p.ok() ? *p : Projection{};
}

std::vector<std::string> Keys(const json::object& o) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : o) keys.emplace_back(k);
  return keys;
}

TEST(RenderTest, VersionTagAndLocation) {
  EXPECT_EQ(VersionTag(7), "W/\"7\"");
  EXPECT_EQ(Location(kCtx, ResourceKind::kUser, "u1"), "https://h/scim/abc/v2/Users/u1");
  EXPECT_EQ(Location(kCtx, ResourceKind::kGroup, "g1"), "https://h/scim/abc/v2/Groups/g1");
}

TEST(RenderTest, UserFullRepresentation) {
  std::vector<GroupRef> groups = {{"g1", "Admins"}, {"g2", ""}};
  json::object out = RenderResource(SampleUser(), kCtx, nullptr, &groups);
  EXPECT_EQ(Keys(out),
            (std::vector<std::string>{
                "schemas", "id", "externalId", "userName", "name", "emails", "active",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "groups", "meta"}));
  EXPECT_EQ(out.at("schemas"), json::parse(R"(["urn:ietf:params:scim:schemas:core:2.0:User",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"])"));
  EXPECT_FALSE(out.contains("password"));
  EXPECT_EQ(out.at("groups"), json::parse(R"([
    {"value": "g1", "display": "Admins", "$ref": "https://h/scim/abc/v2/Groups/g1", "type": "direct"},
    {"value": "g2", "$ref": "https://h/scim/abc/v2/Groups/g2", "type": "direct"}])"));
  EXPECT_EQ(out.at("meta"), json::parse(R"({
    "resourceType": "User", "created": "2026-01-01T00:00:00.000Z",
    "lastModified": "2026-01-01T00:00:01.500Z",
    "location": "https://h/scim/abc/v2/Users/u1", "version": "W/\"3\""})"));
}

TEST(RenderTest, GroupWithMembers) {
  std::vector<Member> members = {{"u1", ResourceKind::kUser, "Jane"},
                                 {"g9", ResourceKind::kGroup, ""}};
  json::object out = RenderResource(SampleGroup(), kCtx, &members, nullptr);
  EXPECT_EQ(out, json::parse(R"({
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
    "id": "g1",
    "displayName": "Admins",
    "members": [
      {"value": "u1", "display": "Jane", "type": "User", "$ref": "https://h/scim/abc/v2/Users/u1"},
      {"value": "g9", "type": "Group", "$ref": "https://h/scim/abc/v2/Groups/g9"}],
    "meta": {"resourceType": "Group", "created": "1970-01-01T00:00:00.000Z",
             "lastModified": "1970-01-01T00:00:00.000Z",
             "location": "https://h/scim/abc/v2/Groups/g1", "version": "W/\"1\""}})"));
}

TEST(RenderTest, GroupWithoutMembersListOmitsIt) {
  json::object out = RenderResource(SampleGroup(), kCtx, nullptr, nullptr);
  EXPECT_FALSE(out.contains("members"));
}

TEST(ProjectionTest, AttributesKeepsAlwaysReturned) {
  json::object out = RenderResource(SampleUser(), kCtx, nullptr, nullptr,
                                    Proj("userName", "", UserResourceType()));
  EXPECT_EQ(out, json::parse(R"({
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
    "id": "u1", "userName": "jdoe"})"));
}

TEST(ProjectionTest, SubAttributesAndCaseInsensitivity) {
  json::object out =
      RenderResource(SampleUser(), kCtx, nullptr, nullptr,
                     Proj("NAME.givenName, emails.value,meta.version", "", UserResourceType()));
  EXPECT_EQ(out.at("name"), json::parse(R"({"givenName": "Jane"})"));
  EXPECT_EQ(out.at("emails"), json::parse(R"([{"value": "a@b.c"}, {"value": "x@y.z"}])"));
  EXPECT_EQ(out.at("meta"), json::parse(R"({"version": "W/\"3\""})"));
  EXPECT_FALSE(out.contains("userName"));
}

TEST(ProjectionTest, ExtensionAttributeAndWholeExtension) {
  const std::string ext = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
  json::object one = RenderResource(SampleUser(), kCtx, nullptr, nullptr,
                                    Proj(ext + ":employeeNumber", "", UserResourceType()));
  EXPECT_EQ(one.at(ext), json::parse(R"({"employeeNumber": "42"})"));
  json::object whole =
      RenderResource(SampleUser(), kCtx, nullptr, nullptr, Proj(ext, "", UserResourceType()));
  EXPECT_EQ(whole.at(ext), json::parse(R"({"employeeNumber": "42", "department": "R&D"})"));
  json::object unqualified = RenderResource(SampleUser(), kCtx, nullptr, nullptr,
                                            Proj("department", "", UserResourceType()));
  EXPECT_EQ(unqualified.at(ext), json::parse(R"({"department": "R&D"})"));
  json::object excluded =
      RenderResource(SampleUser(), kCtx, nullptr, nullptr, Proj("", ext, UserResourceType()));
  EXPECT_FALSE(excluded.contains(ext));
  EXPECT_TRUE(excluded.contains("userName"));
}

TEST(ProjectionTest, ExcludedAttributes) {
  std::vector<Member> members = {{"u1", ResourceKind::kUser, "Jane"}};
  Projection p = Proj("", "members,id", GroupResourceType());
  json::object out = RenderResource(SampleGroup(), kCtx, &members, nullptr, p);
  EXPECT_FALSE(out.contains("members"));
  EXPECT_TRUE(out.contains("id"));  // returned:always cannot be excluded
  EXPECT_TRUE(out.contains("displayName"));
  EXPECT_TRUE(out.contains("meta"));
  json::object sub =
      RenderResource(SampleUser(), kCtx, nullptr, nullptr,
                     Proj("", "name.familyName,emails.type,password", UserResourceType()));
  EXPECT_EQ(sub.at("name"), json::parse(R"({"givenName": "Jane"})"));
  EXPECT_EQ(sub.at("emails"), json::parse(R"([{"value": "a@b.c"}, {"value": "x@y.z"}])"));
  EXPECT_FALSE(sub.contains("password"));
}

TEST(ProjectionTest, PasswordNeverReturnedEvenWhenAsked) {
  json::object out = RenderResource(SampleUser(), kCtx, nullptr, nullptr,
                                    Proj("password,userName", "", UserResourceType()));
  EXPECT_FALSE(out.contains("password"));
  EXPECT_TRUE(out.contains("userName"));
}

TEST(ProjectionTest, AttributesWinOverExcluded) {
  Projection p = Proj("userName", "userName", UserResourceType());
  EXPECT_EQ(p.attributes.size(), 1u);
  EXPECT_TRUE(p.excluded.empty());
}

TEST(ProjectionTest, CoreUrnSelectsCoreAttributes) {
  json::object out =
      RenderResource(SampleUser(), kCtx, nullptr, nullptr,
                     Proj("urn:ietf:params:scim:schemas:core:2.0:User", "", UserResourceType()));
  EXPECT_TRUE(out.contains("userName"));
  EXPECT_TRUE(out.contains("emails"));
  EXPECT_FALSE(out.contains("meta"));
  EXPECT_FALSE(out.contains("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"));
}

TEST(ProjectionTest, UnknownNamesSelectNothing) {
  json::object out =
      RenderResource(SampleUser(), kCtx, nullptr, nullptr, Proj("nosuch", "", UserResourceType()));
  EXPECT_EQ(Keys(out), (std::vector<std::string>{"schemas", "id"}));
}

TEST(ProjectionTest, MalformedPathIsInvalidPath) {
  for (const char* bad : {"name.", "1abc", "emails[type eq \"work\"]"}) {
    Result<Projection> p = ParseProjection(bad, "", UserResourceType());
    ASSERT_FALSE(p.ok()) << bad;
    EXPECT_EQ(p.status().code(), Code::kInvalidPath);
  }
  EXPECT_FALSE(ParseProjection("", "a..b", UserResourceType()).ok());
}

TEST(ProjectionTest, Includes) {
  const ResourceType& g = GroupResourceType();
  EXPECT_TRUE(Projection{}.Includes(g, "members"));
  EXPECT_FALSE(Proj("", "members", g).Includes(g, "members"));
  EXPECT_TRUE(Proj("", "members.display", g).Includes(g, "members"));
  EXPECT_FALSE(Proj("displayName", "", g).Includes(g, "members"));
  EXPECT_TRUE(Proj("members.value", "", g).Includes(g, "MEMBERS"));
  EXPECT_TRUE(Proj("displayName", "", g).Includes(g, "id"));
  const ResourceType& u = UserResourceType();
  EXPECT_TRUE(Projection{}.Includes(u, "groups"));
  EXPECT_FALSE(Proj("userName", "", u).Includes(u, "groups"));
  EXPECT_FALSE(Projection{}.Includes(u, "password"));
  EXPECT_FALSE(Projection{}.Includes(u, "nosuch"));
}

TEST(RenderTest, List) {
  json::array resources;
  resources.push_back(json::object{{"id", "a"}});
  resources.push_back(json::object{{"id", "b"}});
  json::object out = RenderList(10, 3, std::move(resources));
  EXPECT_EQ(out, json::parse(R"({
    "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
    "totalResults": 10, "startIndex": 3, "itemsPerPage": 2,
    "Resources": [{"id": "a"}, {"id": "b"}]})"));
  EXPECT_EQ(RenderList(0, 1, {}).at("itemsPerPage"), json::value(0));
}

TEST(RenderTest, Errors) {
  EXPECT_EQ(RenderError(NotFound("no such user")), json::parse(R"({
    "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
    "status": "404", "detail": "no such user"})"));
  json::object invalid = RenderError(InvalidFilter("bad"));
  EXPECT_EQ(invalid.at("status"), json::value("400"));
  EXPECT_EQ(invalid.at("scimType"), json::value("invalidFilter"));
  json::object conflict = RenderError(::scimd::Uniqueness("taken"));
  EXPECT_EQ(conflict.at("status"), json::value("409"));
  EXPECT_EQ(conflict.at("scimType"), json::value("uniqueness"));
}

}  // namespace
}  // namespace scimd::scim
