// Schemas and resource types (RFC 7643 §7, §6) and the built-in User, Group and
// EnterpriseUser definitions (RFC 7643 §4, §8.7.1).
//
// Thread-safety: the built-in objects are immutable process-wide constants.
#ifndef SCIMD_SCIM_SCHEMA_SCHEMA_H_
#define SCIMD_SCIM_SCHEMA_SCHEMA_H_

#include <string>
#include <string_view>
#include <vector>

#include "scim/schema/attribute.h"

namespace scimd::scim {

inline constexpr std::string_view kUserSchema = "urn:ietf:params:scim:schemas:core:2.0:User";
inline constexpr std::string_view kGroupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group";
inline constexpr std::string_view kEnterpriseUserSchema =
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
inline constexpr std::string_view kListResponseSchema =
    "urn:ietf:params:scim:api:messages:2.0:ListResponse";
inline constexpr std::string_view kPatchOpSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
inline constexpr std::string_view kSearchRequestSchema =
    "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
inline constexpr std::string_view kErrorSchema = "urn:ietf:params:scim:api:messages:2.0:Error";
inline constexpr std::string_view kBulkRequestSchema =
    "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
inline constexpr std::string_view kBulkResponseSchema =
    "urn:ietf:params:scim:api:messages:2.0:BulkResponse";
inline constexpr std::string_view kServiceProviderConfigSchema =
    "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
inline constexpr std::string_view kResourceTypeSchema =
    "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
inline constexpr std::string_view kSchemaSchema = "urn:ietf:params:scim:schemas:core:2.0:Schema";
// SCIM 1.1 URNs that OneLogin templates still carry; mapped to their 2.0 twins.
inline constexpr std::string_view kScim11CoreSchema = "urn:scim:schemas:core:1.0";
inline constexpr std::string_view kScim11EnterpriseSchema =
    "urn:scim:schemas:extension:enterprise:1.0";

struct Schema {
  std::string id;  // the URN
  std::string name;
  std::string description;
  std::vector<AttributeDef> attributes;

  // Top-level attribute by name, case-insensitively; nullptr when absent.
  const AttributeDef* Find(std::string_view attr_name) const;
};

enum class ResourceKind { kUser, kGroup };

struct SchemaExtension {
  const Schema* schema;
  bool required;
};

struct ResourceType {
  ResourceKind kind;
  std::string id;        // "User"
  std::string name;      // "User"
  std::string endpoint;  // "/Users"
  std::string description;
  const Schema* core;
  std::vector<SchemaExtension> extensions;

  // The core schema or an extension whose URN equals `urn` case-insensitively
  // (SCIM 1.1 URNs resolve to their 2.0 twin); nullptr when none.
  const Schema* FindSchema(std::string_view urn) const;
};

// RFC 7643 §2.1 / §3.1 common attributes (id, externalId, meta) as a schema so
// that paths such as "meta.lastModified" resolve like any other.
const Schema& CommonAttributes();
const Schema& UserSchema();
const Schema& GroupSchema();
const Schema& EnterpriseUserSchema();
const ResourceType& UserResourceType();
const ResourceType& GroupResourceType();
const ResourceType& ResourceTypeOf(ResourceKind kind);

// Every built-in schema, in the order /Schemas lists them.
std::vector<const Schema*> AllSchemas();

// "urn:scim:schemas:core:1.0" -> kUserSchema etc.; other strings unchanged.
std::string_view CanonicalSchemaUrn(std::string_view urn);

}  // namespace scimd::scim

#endif  // SCIMD_SCIM_SCHEMA_SCHEMA_H_
