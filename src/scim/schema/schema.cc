#include "scim/schema/schema.h"

namespace scimd::scim {

const AttributeDef* Schema::Find(std::string_view attr_name) const {
  for (const AttributeDef& attr : attributes) {
    if (EqualsIgnoreCase(attr.name, attr_name)) return &attr;
  }
  return nullptr;
}

std::string_view CanonicalSchemaUrn(std::string_view urn) {
  if (EqualsIgnoreCase(urn, kScim11CoreSchema)) return kUserSchema;
  if (EqualsIgnoreCase(urn, kScim11EnterpriseSchema)) return kEnterpriseUserSchema;
  return urn;
}

const Schema* ResourceType::FindSchema(std::string_view urn) const {
  // The SCIM 1.1 core URN named both User and Group, so it means "this type's
  // core schema" rather than always User.
  if (EqualsIgnoreCase(urn, kScim11CoreSchema)) return core;
  std::string_view canonical = CanonicalSchemaUrn(urn);
  if (EqualsIgnoreCase(core->id, canonical)) return core;
  for (const SchemaExtension& ext : extensions) {
    if (EqualsIgnoreCase(ext.schema->id, canonical)) return ext.schema;
  }
  return nullptr;
}

const ResourceType& UserResourceType() {
  static const ResourceType* const kType = new ResourceType{
      ResourceKind::kUser,
      "User",
      "User",
      "/Users",
      "User Account",
      &UserSchema(),
      {SchemaExtension{&EnterpriseUserSchema(), /*required=*/false}},
  };
  return *kType;
}

const ResourceType& GroupResourceType() {
  static const ResourceType* const kType = new ResourceType{
      ResourceKind::kGroup, "Group", "Group", "/Groups", "Group", &GroupSchema(), {},
  };
  return *kType;
}

const ResourceType& ResourceTypeOf(ResourceKind kind) {
  switch (kind) {
    case ResourceKind::kUser:
      return UserResourceType();
    case ResourceKind::kGroup:
      return GroupResourceType();
  }
  return UserResourceType();
}

std::vector<const Schema*> AllSchemas() {
  return {&UserSchema(), &GroupSchema(), &EnterpriseUserSchema()};
}

}  // namespace scimd::scim
