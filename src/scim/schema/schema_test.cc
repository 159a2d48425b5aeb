#include "scim/schema/schema.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace scimd::scim {
namespace {

TEST(AttributeTest, EnumNamesUseRfcSpelling) {
  EXPECT_EQ(AttrTypeName(AttrType::kDateTime), "dateTime");
  EXPECT_EQ(AttrTypeName(AttrType::kReference), "reference");
  EXPECT_EQ(MutabilityName(Mutability::kReadOnly), "readOnly");
  EXPECT_EQ(MutabilityName(Mutability::kWriteOnly), "writeOnly");
  EXPECT_EQ(ReturnedName(Returned::kNever), "never");
  EXPECT_EQ(ReturnedName(Returned::kRequest), "request");
  EXPECT_EQ(UniquenessName(Uniqueness::kServer), "server");
}

TEST(AttributeTest, EqualsIgnoreCase) {
  EXPECT_TRUE(EqualsIgnoreCase("userName", "USERNAME"));
  EXPECT_TRUE(EqualsIgnoreCase("", ""));
  EXPECT_FALSE(EqualsIgnoreCase("userName", "userNam"));
  EXPECT_FALSE(EqualsIgnoreCase("a", "b"));
}

TEST(SchemaTest, UserNameIsRequiredCaseInsensitiveAndUnique) {
  const AttributeDef* a = UserSchema().Find("USERNAME");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->name, "userName");
  EXPECT_TRUE(a->required);
  EXPECT_FALSE(a->case_exact);
  EXPECT_EQ(a->uniqueness, Uniqueness::kServer);
  EXPECT_EQ(a->type, AttrType::kString);
}

TEST(SchemaTest, UserHasEveryRfcAttribute) {
  std::set<std::string> names;
  for (const AttributeDef& a : UserSchema().attributes) names.insert(a.name);
  for (const char* n : {"userName",        "name",         "displayName",  "nickName",
                        "profileUrl",      "title",        "userType",     "preferredLanguage",
                        "locale",          "timezone",     "active",       "password",
                        "emails",          "phoneNumbers", "ims",          "photos",
                        "addresses",       "groups",       "entitlements", "roles",
                        "x509Certificates"}) {
    EXPECT_TRUE(names.count(n)) << n;
  }
  EXPECT_EQ(UserSchema().Find("nope"), nullptr);
}

TEST(SchemaTest, NameSubAttributes) {
  const AttributeDef* name = UserSchema().Find("name");
  ASSERT_NE(name, nullptr);
  EXPECT_EQ(name->type, AttrType::kComplex);
  EXPECT_FALSE(name->multi_valued);
  for (const char* n : {"formatted", "familyName", "givenName", "middleName", "honorificPrefix",
                        "honorificSuffix"}) {
    EXPECT_NE(name->FindSub(n), nullptr) << n;
  }
  EXPECT_EQ(name->FindSub("GIVENNAME")->name, "givenName");
  EXPECT_EQ(name->FindSub("value"), nullptr);
}

TEST(SchemaTest, PasswordIsWriteOnlyNeverReturned) {
  const AttributeDef* p = UserSchema().Find("password");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->mutability, Mutability::kWriteOnly);
  EXPECT_EQ(p->returned, Returned::kNever);
}

TEST(SchemaTest, ActiveIsBoolean) {
  EXPECT_EQ(UserSchema().Find("active")->type, AttrType::kBoolean);
}

TEST(SchemaTest, EmailsAreMultiValuedComplex) {
  const AttributeDef* e = UserSchema().Find("emails");
  ASSERT_NE(e, nullptr);
  EXPECT_TRUE(e->multi_valued);
  EXPECT_EQ(e->type, AttrType::kComplex);
  ASSERT_NE(e->FindSub("value"), nullptr);
  EXPECT_FALSE(e->FindSub("value")->case_exact);
  EXPECT_EQ(e->FindSub("primary")->type, AttrType::kBoolean);
  EXPECT_EQ(e->FindSub("type")->canonical_values,
            (std::vector<std::string>{"work", "home", "other"}));
}

TEST(SchemaTest, AddressesHaveNoValue) {
  const AttributeDef* a = UserSchema().Find("addresses");
  ASSERT_NE(a, nullptr);
  EXPECT_TRUE(a->multi_valued);
  EXPECT_EQ(a->FindSub("value"), nullptr);
  for (const char* n : {"formatted", "streetAddress", "locality", "region", "postalCode", "country",
                        "type", "primary"}) {
    EXPECT_NE(a->FindSub(n), nullptr) << n;
  }
}

TEST(SchemaTest, UserGroupsAreReadOnly) {
  const AttributeDef* g = UserSchema().Find("groups");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->mutability, Mutability::kReadOnly);
  EXPECT_TRUE(g->multi_valued);
  ASSERT_NE(g->FindSub("$ref"), nullptr);
  EXPECT_EQ(g->FindSub("$ref")->type, AttrType::kReference);
  EXPECT_EQ(g->FindSub("value")->mutability, Mutability::kReadOnly);
}

TEST(SchemaTest, GroupMembers) {
  const AttributeDef* d = GroupSchema().Find("displayName");
  ASSERT_NE(d, nullptr);
  EXPECT_TRUE(d->required);
  const AttributeDef* m = GroupSchema().Find("members");
  ASSERT_NE(m, nullptr);
  EXPECT_TRUE(m->multi_valued);
  EXPECT_EQ(m->FindSub("value")->mutability, Mutability::kImmutable);
  EXPECT_EQ(m->FindSub("display")->mutability, Mutability::kReadOnly);
  EXPECT_EQ(m->FindSub("type")->canonical_values, (std::vector<std::string>{"User", "Group"}));
  EXPECT_EQ(m->FindSub("$ref")->reference_types, (std::vector<std::string>{"User", "Group"}));
}

TEST(SchemaTest, EnterpriseUser) {
  const Schema& s = EnterpriseUserSchema();
  EXPECT_EQ(s.id, kEnterpriseUserSchema);
  for (const char* n :
       {"employeeNumber", "costCenter", "organization", "division", "department", "manager"}) {
    EXPECT_NE(s.Find(n), nullptr) << n;
  }
  const AttributeDef* m = s.Find("manager");
  EXPECT_EQ(m->type, AttrType::kComplex);
  EXPECT_EQ(m->FindSub("displayName")->mutability, Mutability::kReadOnly);
  EXPECT_EQ(m->FindSub("value")->mutability, Mutability::kReadWrite);
  EXPECT_NE(m->FindSub("$ref"), nullptr);
}

TEST(SchemaTest, CommonAttributes) {
  const Schema& c = CommonAttributes();
  const AttributeDef* id = c.Find("id");
  ASSERT_NE(id, nullptr);
  EXPECT_EQ(id->mutability, Mutability::kReadOnly);
  EXPECT_EQ(id->returned, Returned::kAlways);
  EXPECT_TRUE(id->case_exact);
  EXPECT_EQ(id->uniqueness, Uniqueness::kServer);
  ASSERT_NE(c.Find("externalId"), nullptr);
  EXPECT_TRUE(c.Find("externalId")->case_exact);
  const AttributeDef* meta = c.Find("meta");
  ASSERT_NE(meta, nullptr);
  EXPECT_EQ(meta->mutability, Mutability::kReadOnly);
  EXPECT_EQ(meta->FindSub("lastModified")->type, AttrType::kDateTime);
  EXPECT_EQ(meta->FindSub("created")->type, AttrType::kDateTime);
  EXPECT_EQ(meta->FindSub("location")->type, AttrType::kReference);
  EXPECT_NE(meta->FindSub("version"), nullptr);
  EXPECT_NE(meta->FindSub("resourceType"), nullptr);
}

TEST(SchemaTest, ComplexAttributesAndOnlyThoseHaveSubAttributes) {
  for (const Schema* s : AllSchemas()) {
    for (const AttributeDef& a : s->attributes) {
      EXPECT_EQ(a.type == AttrType::kComplex, !a.sub_attributes.empty()) << a.name;
      for (const AttributeDef& sub : a.sub_attributes) {
        EXPECT_NE(sub.type, AttrType::kComplex) << a.name << "." << sub.name;
      }
    }
  }
}

TEST(ResourceTypeTest, UserAndGroup) {
  const ResourceType& u = UserResourceType();
  EXPECT_EQ(u.kind, ResourceKind::kUser);
  EXPECT_EQ(u.endpoint, "/Users");
  EXPECT_EQ(u.core, &UserSchema());
  ASSERT_EQ(u.extensions.size(), 1u);
  EXPECT_EQ(u.extensions[0].schema, &EnterpriseUserSchema());
  EXPECT_FALSE(u.extensions[0].required);
  const ResourceType& g = GroupResourceType();
  EXPECT_EQ(g.endpoint, "/Groups");
  EXPECT_EQ(g.core, &GroupSchema());
  EXPECT_TRUE(g.extensions.empty());
  EXPECT_EQ(&ResourceTypeOf(ResourceKind::kUser), &u);
  EXPECT_EQ(&ResourceTypeOf(ResourceKind::kGroup), &g);
}

TEST(ResourceTypeTest, FindSchema) {
  const ResourceType& u = UserResourceType();
  EXPECT_EQ(u.FindSchema(kUserSchema), &UserSchema());
  EXPECT_EQ(u.FindSchema("URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER"), &UserSchema());
  EXPECT_EQ(u.FindSchema(kEnterpriseUserSchema), &EnterpriseUserSchema());
  EXPECT_EQ(u.FindSchema(kScim11CoreSchema), &UserSchema());
  EXPECT_EQ(u.FindSchema(kScim11EnterpriseSchema), &EnterpriseUserSchema());
  EXPECT_EQ(u.FindSchema(kGroupSchema), nullptr);
  EXPECT_EQ(u.FindSchema("urn:ietf:params:scim:schemas:extension:ADSCIM:2.0:Group"), nullptr);
  const ResourceType& g = GroupResourceType();
  EXPECT_EQ(g.FindSchema(kGroupSchema), &GroupSchema());
  EXPECT_EQ(g.FindSchema(kScim11CoreSchema), &GroupSchema());
  EXPECT_EQ(g.FindSchema(kEnterpriseUserSchema), nullptr);
}

TEST(SchemaTest, CanonicalSchemaUrn) {
  EXPECT_EQ(CanonicalSchemaUrn(kScim11CoreSchema), kUserSchema);
  EXPECT_EQ(CanonicalSchemaUrn(kScim11EnterpriseSchema), kEnterpriseUserSchema);
  EXPECT_EQ(CanonicalSchemaUrn("urn:x"), "urn:x");
}

TEST(SchemaTest, AllSchemasOrder) {
  std::vector<const Schema*> all = AllSchemas();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0]->id, kUserSchema);
  EXPECT_EQ(all[1]->id, kGroupSchema);
  EXPECT_EQ(all[2]->id, kEnterpriseUserSchema);
}

}  // namespace
}  // namespace scimd::scim
