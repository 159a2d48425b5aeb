// Attribute paths (RFC 7644 §3.10 "attrPath") shared by filters, PATCH paths,
// sortBy, attributes and excludedAttributes.
//
//   attrPath = [URI ":"] ATTRNAME *1subAttr
//
// Names are kept as written; comparisons are case-insensitive (RFC 7643 §2.1).
#ifndef SCIMD_SCIM_PATH_ATTR_PATH_H_
#define SCIMD_SCIM_PATH_ATTR_PATH_H_

#include <string>
#include <string_view>

#include "common/status.h"
#include "scim/schema/schema.h"

namespace scimd::scim {

struct AttrPath {
  std::string schema;    // schema URN as written, "" when not qualified
  std::string attr;      // top-level attribute name; "" when the path names a whole
                         // extension ("urn:…:enterprise:2.0:User")
  std::string sub_attr;  // "" when none

  // "urn:…:User:name.givenName" / "name.givenName" / "userName".
  std::string ToString() const;
};

// Parses a bare attribute path. The URN prefix is everything up to the last
// ':' (URNs contain dots, e.g. "2.0", so the split is on the colon first).
// Fails with kInvalidPath when the text is empty or malformed.
Result<AttrPath> ParseAttrPath(std::string_view text);

// An AttrPath resolved against a resource type's schemas.
struct ResolvedAttr {
  const Schema* schema = nullptr;     // core, extension, or CommonAttributes()
  const AttributeDef* attr = nullptr; // nullptr only when the path names a whole extension
  const AttributeDef* sub = nullptr;  // nullptr when the path has no sub-attribute
  // The attribute that finally holds the value: sub ? sub : attr.
  const AttributeDef* leaf() const { return sub ? sub : attr; }
  bool is_extension_root() const { return attr == nullptr; }
  // True when the value lives inside the extension object in JSON
  // (resource["urn:…:enterprise:2.0:User"]["manager"]).
  bool in_extension() const;
};

// Resolves `path` for resources of type `type`. An unqualified name is looked
// up in the common attributes, then the core schema, then (for leniency with
// IdPs) each extension. Fails with kInvalidPath naming the attribute when
// nothing matches or when a sub-attribute is given on a simple attribute.
Result<ResolvedAttr> Resolve(const ResourceType& type, const AttrPath& path);

}  // namespace scimd::scim

#endif  // SCIMD_SCIM_PATH_ATTR_PATH_H_
