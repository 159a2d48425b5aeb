// The RFC 7643 §4 / §8.7.1 definitions of User, Group, EnterpriseUser and the
// common attributes. Descriptions are shortened from the RFC text.
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "scim/schema/schema.h"

namespace scimd::scim {
namespace {

AttributeDef Simple(std::string name, std::string description, AttrType type = AttrType::kString) {
  AttributeDef a;
  a.name = std::move(name);
  a.type = type;
  a.description = std::move(description);
  return a;
}

AttributeDef ReadOnly(AttributeDef a) {
  a.mutability = Mutability::kReadOnly;
  for (AttributeDef& sub : a.sub_attributes) sub.mutability = Mutability::kReadOnly;
  return a;
}

AttributeDef CaseExact(AttributeDef a) {
  a.case_exact = true;
  return a;
}

AttributeDef WithCanonical(AttributeDef a, std::vector<std::string> values) {
  a.canonical_values = std::move(values);
  return a;
}

AttributeDef Reference(std::string name, std::string description,
                       std::vector<std::string> reference_types) {
  AttributeDef a = Simple(std::move(name), std::move(description), AttrType::kReference);
  a.reference_types = std::move(reference_types);
  return a;
}

AttributeDef Complex(std::string name, std::string description, std::vector<AttributeDef> subs,
                     bool multi_valued = false) {
  AttributeDef a = Simple(std::move(name), std::move(description), AttrType::kComplex);
  a.multi_valued = multi_valued;
  a.sub_attributes = std::move(subs);
  return a;
}

// The value/display/type/primary shape shared by emails, phoneNumbers, ims,
// photos, entitlements, roles and x509Certificates (RFC 7643 §2.4).
AttributeDef MultiValued(std::string name, std::string description, AttributeDef value,
                         std::vector<std::string> types) {
  return Complex(std::move(name), std::move(description),
                 {std::move(value),
                  Simple("display", "A human-readable name, primarily used for display purposes."),
                  WithCanonical(Simple("type", "A label indicating the attribute's function."),
                                std::move(types)),
                  Simple("primary", "A Boolean value indicating the 'primary' or preferred value.",
                         AttrType::kBoolean)},
                 /*multi_valued=*/true);
}

AttributeDef Addresses() {
  return Complex(
      "addresses", "A physical mailing address for this User.",
      {Simple("formatted", "The full mailing address, formatted for display."),
       Simple("streetAddress", "The full street address component."),
       Simple("locality", "The city or locality component."),
       Simple("region", "The state or region component."),
       Simple("postalCode", "The zip code or postal code component."),
       Simple("country", "The country name component."),
       WithCanonical(Simple("type", "A label indicating the attribute's function."),
                     {"work", "home", "other"}),
       Simple("primary", "A Boolean value indicating the 'primary' or preferred address.",
              AttrType::kBoolean)},
      /*multi_valued=*/true);
}

AttributeDef UserGroups() {
  AttributeDef groups = Complex(
      "groups", "A list of groups to which the user belongs.",
      {CaseExact(Simple("value", "The identifier of the User's group.")),
       Reference("$ref", "The URI of the corresponding 'Group' resource.", {"User", "Group"}),
       Simple("display", "A human-readable name, primarily used for display purposes."),
       WithCanonical(Simple("type", "A label indicating the attribute's function."),
                     {"direct", "indirect"})},
      /*multi_valued=*/true);
  return ReadOnly(std::move(groups));
}

Schema BuildUser() {
  Schema s;
  s.id = std::string(kUserSchema);
  s.name = "User";
  s.description = "User Account";
  AttributeDef user_name = Simple("userName", "Unique identifier for the User.");
  user_name.required = true;
  user_name.uniqueness = Uniqueness::kServer;
  AttributeDef password = Simple("password", "The User's cleartext password.");
  password.mutability = Mutability::kWriteOnly;
  password.returned = Returned::kNever;
  s.attributes = {
      std::move(user_name),
      Complex("name", "The components of the user's real name.",
              {Simple("formatted", "The full name, formatted for display."),
               Simple("familyName", "The family name of the User."),
               Simple("givenName", "The given name of the User."),
               Simple("middleName", "The middle name(s) of the User."),
               Simple("honorificPrefix", "The honorific prefix(es) of the User."),
               Simple("honorificSuffix", "The honorific suffix(es) of the User.")}),
      Simple("displayName", "The name of the User, suitable for display to end-users."),
      Simple("nickName", "The casual way to address the user in real life."),
      Reference("profileUrl", "A fully qualified URL pointing to a page representing the User.",
                {"external"}),
      Simple("title", "The user's title, such as \"Vice President\"."),
      Simple("userType",
             "Used to identify the relationship between the organization and the user."),
      Simple("preferredLanguage", "Indicates the User's preferred written or spoken language."),
      Simple("locale", "Used to indicate the User's default location."),
      Simple("timezone", "The User's time zone in the 'Olson' time zone database format."),
      Simple("active", "A Boolean value indicating the User's administrative status.",
             AttrType::kBoolean),
      std::move(password),
      MultiValued("emails", "Email addresses for the user.",
                  Simple("value", "Email addresses for the user."), {"work", "home", "other"}),
      MultiValued("phoneNumbers", "Phone numbers for the User.",
                  Simple("value", "Phone number of the User."),
                  {"work", "home", "mobile", "fax", "pager", "other"}),
      MultiValued("ims", "Instant messaging addresses for the User.",
                  Simple("value", "Instant messaging address for the User."),
                  {"aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"}),
      MultiValued("photos", "URLs of photos of the User.",
                  Reference("value", "URL of a photo of the User.", {"external"}),
                  {"photo", "thumbnail"}),
      Addresses(),
      UserGroups(),
      MultiValued("entitlements", "A list of entitlements for the User.",
                  Simple("value", "The value of an entitlement."), {}),
      MultiValued("roles", "A list of roles for the User.", Simple("value", "The value of a role."),
                  {}),
      MultiValued("x509Certificates", "A list of certificates issued to the User.",
                  Simple("value", "The value of an X.509 certificate.", AttrType::kBinary), {}),
  };
  return s;
}

Schema BuildGroup() {
  Schema s;
  s.id = std::string(kGroupSchema);
  s.name = "Group";
  s.description = "Group";
  AttributeDef display_name = Simple("displayName", "A human-readable name for the Group.");
  display_name.required = true;
  AttributeDef value = CaseExact(Simple("value", "Identifier of the member of this Group."));
  value.mutability = Mutability::kImmutable;
  AttributeDef ref = Reference("$ref", "The URI corresponding to a SCIM resource that is a member.",
                               {"User", "Group"});
  ref.mutability = Mutability::kImmutable;
  AttributeDef type =
      WithCanonical(Simple("type", "A label indicating the type of resource."), {"User", "Group"});
  type.mutability = Mutability::kImmutable;
  AttributeDef display = Simple("display", "A human-readable name of the member.");
  display.mutability = Mutability::kReadOnly;
  s.attributes = {
      std::move(display_name),
      Complex("members", "A list of members of the Group.",
              {std::move(value), std::move(ref), std::move(display), std::move(type)},
              /*multi_valued=*/true),
  };
  return s;
}

Schema BuildEnterpriseUser() {
  Schema s;
  s.id = std::string(kEnterpriseUserSchema);
  s.name = "EnterpriseUser";
  s.description = "Enterprise User";
  AttributeDef manager_display = Simple("displayName", "The displayName of the User's manager.");
  manager_display.mutability = Mutability::kReadOnly;
  s.attributes = {
      Simple("employeeNumber", "Numeric or alphanumeric identifier assigned to a person."),
      Simple("costCenter", "Identifies the name of a cost center."),
      Simple("organization", "Identifies the name of an organization."),
      Simple("division", "Identifies the name of a division."),
      Simple("department", "Identifies the name of a department."),
      Complex(
          "manager", "The User's manager.",
          {CaseExact(Simple("value", "The id of the SCIM resource representing the manager.")),
           Reference("$ref", "The URI of the SCIM resource representing the manager.", {"User"}),
           std::move(manager_display)}),
  };
  return s;
}

Schema BuildCommon() {
  Schema s;
  s.id = "urn:ietf:params:scim:schemas:common:2.0";
  s.name = "Common";
  s.description = "Attributes shared by every resource (RFC 7643 §3.1).";
  AttributeDef id = CaseExact(Simple("id", "A unique identifier for a SCIM resource."));
  id.mutability = Mutability::kReadOnly;
  id.returned = Returned::kAlways;
  id.uniqueness = Uniqueness::kServer;
  AttributeDef meta = Complex(
      "meta", "Resource metadata.",
      {CaseExact(Simple("resourceType", "The name of the resource type of the resource.")),
       Simple("created", "The time the resource was added.", AttrType::kDateTime),
       Simple("lastModified", "The time the resource was last updated.", AttrType::kDateTime),
       CaseExact(Reference("location", "The URI of the resource being returned.", {"uri"})),
       CaseExact(Simple("version", "The version (ETag) of the resource."))});
  s.attributes = {
      std::move(id),
      CaseExact(Simple("externalId", "An identifier for the resource as defined by the client.")),
      ReadOnly(std::move(meta)),
  };
  return s;
}

}  // namespace

const Schema& CommonAttributes() {
  static const Schema* const kSchema = new Schema(BuildCommon());
  return *kSchema;
}

const Schema& UserSchema() {
  static const Schema* const kSchema = new Schema(BuildUser());
  return *kSchema;
}

const Schema& GroupSchema() {
  static const Schema* const kSchema = new Schema(BuildGroup());
  return *kSchema;
}

const Schema& EnterpriseUserSchema() {
  static const Schema* const kSchema = new Schema(BuildEnterpriseUser());
  return *kSchema;
}

}  // namespace scimd::scim
