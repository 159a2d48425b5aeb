#include "scim/serialize/discovery.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

namespace scimd::scim {
namespace {
namespace json = boost::json;

const RenderContext kCtx{"https://h/scim/abc/v2"};

const json::object* FindByName(const json::array& attrs, std::string_view name) {
  for (const json::value& a : attrs) {
    if (a.at("name").as_string() == name) return &a.as_object();
  }
  return nullptr;
}

TEST(DiscoveryTest, ServiceProviderConfig) {
  ServiceFeatures f;
  f.max_results = 200;
  f.etag = true;
  f.documentation_uri = "https://docs.example/scimd";
  json::object out = RenderServiceProviderConfig(f, kCtx);
  EXPECT_EQ(out.at("schemas"),
            json::parse(R"(["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"])"));
  EXPECT_EQ(out.at("documentationUri"), json::value("https://docs.example/scimd"));
  EXPECT_EQ(out.at("patch"), json::parse(R"({"supported": true})"));
  EXPECT_EQ(out.at("bulk"),
            json::parse(R"({"supported": false, "maxOperations": 0, "maxPayloadSize": 0})"));
  EXPECT_EQ(out.at("filter"), json::parse(R"({"supported": true, "maxResults": 200})"));
  EXPECT_EQ(out.at("changePassword"), json::parse(R"({"supported": false})"));
  EXPECT_EQ(out.at("sort"), json::parse(R"({"supported": false})"));
  EXPECT_EQ(out.at("etag"), json::parse(R"({"supported": true})"));
  const json::array& schemes = out.at("authenticationSchemes").as_array();
  ASSERT_EQ(schemes.size(), 1u);
  EXPECT_EQ(schemes[0].at("type"), json::value("oauthbearertoken"));
  EXPECT_EQ(out.at("meta"), json::parse(R"({"resourceType": "ServiceProviderConfig",
      "location": "https://h/scim/abc/v2/ServiceProviderConfig"})"));
}

TEST(DiscoveryTest, NoDocumentationUriWhenUnset) {
  EXPECT_FALSE(RenderServiceProviderConfig({}, kCtx).contains("documentationUri"));
}

TEST(DiscoveryTest, ResourceTypes) {
  std::vector<json::object> types = RenderResourceTypes({}, kCtx);
  ASSERT_EQ(types.size(), 2u);
  EXPECT_EQ(types[0], json::parse(R"({
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
    "id": "User", "name": "User", "endpoint": "/Users", "description": "User Account",
    "schema": "urn:ietf:params:scim:schemas:core:2.0:User",
    "schemaExtensions": [{"schema": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                          "required": false}],
    "meta": {"resourceType": "ResourceType",
             "location": "https://h/scim/abc/v2/ResourceTypes/User"}})"));
  EXPECT_EQ(types[1].at("endpoint"), json::value("/Groups"));
  EXPECT_FALSE(types[1].contains("schemaExtensions"));
}

TEST(DiscoveryTest, GroupsDisabled) {
  ServiceFeatures f;
  f.groups_enabled = false;
  std::vector<json::object> types = RenderResourceTypes(f, kCtx);
  ASSERT_EQ(types.size(), 1u);
  EXPECT_EQ(types[0].at("id"), json::value("User"));
}

TEST(DiscoveryTest, UserSchemaDefinitions) {
  json::object out = RenderSchema(UserSchema(), kCtx);
  EXPECT_EQ(out.at("id"), json::value("urn:ietf:params:scim:schemas:core:2.0:User"));
  EXPECT_EQ(out.at("name"), json::value("User"));
  EXPECT_EQ(
      out.at("meta").at("location"),
      json::value("https://h/scim/abc/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User"));
  const json::array& attrs = out.at("attributes").as_array();
  const json::object* user_name = FindByName(attrs, "userName");
  ASSERT_NE(user_name, nullptr);
  EXPECT_EQ(*user_name, json::parse(R"({
    "name": "userName", "type": "string", "multiValued": false,
    "description": "Unique identifier for the User.", "required": true, "caseExact": false,
    "mutability": "readWrite", "returned": "default", "uniqueness": "server"})"));
  EXPECT_EQ(FindByName(attrs, "password")->at("returned"), json::value("never"));
  EXPECT_EQ(FindByName(attrs, "password")->at("mutability"), json::value("writeOnly"));
  const json::object* emails = FindByName(attrs, "emails");
  ASSERT_NE(emails, nullptr);
  EXPECT_EQ(emails->at("multiValued"), json::value(true));
  EXPECT_FALSE(emails->contains("caseExact"));
  const json::array& subs = emails->at("subAttributes").as_array();
  const json::object* type = FindByName(subs, "type");
  ASSERT_NE(type, nullptr);
  EXPECT_EQ(type->at("canonicalValues"), json::parse(R"(["work", "home", "other"])"));
  const json::object* groups = FindByName(attrs, "groups");
  EXPECT_EQ(groups->at("mutability"), json::value("readOnly"));
  const json::object* ref = FindByName(groups->at("subAttributes").as_array(), "$ref");
  ASSERT_NE(ref, nullptr);
  EXPECT_EQ(ref->at("referenceTypes"), json::parse(R"(["User", "Group"])"));
}

TEST(DiscoveryTest, EveryBuiltInSchemaRenders) {
  for (const Schema* s : AllSchemas()) {
    json::object out = RenderSchema(*s, kCtx);
    EXPECT_EQ(out.at("attributes").as_array().size(), s->attributes.size()) << s->id;
  }
}

}  // namespace
}  // namespace scimd::scim
