// Schema-driven validation and normalisation of a client's User or Group body
// for POST and PUT (RFC 7643 §2, §4; RFC 7644 §3.3, §3.5.1).
//
// Rules, applied consistently:
// - The body must be a JSON object (else kInvalidSyntax).
// - `schemas`: core URN added when missing; SCIM 1.1 URNs mapped to 2.0;
//   unknown URNs (e.g. Entra's ADSCIM Group URN) dropped. The stored list holds
//   the core URN plus each extension actually present.
// - Attribute names match case-insensitively and are stored in their schema
//   spelling ("USERNAME" -> "userName").
// - Unknown attributes and unknown extension objects are dropped (IdPs send
//   extras; dropping is documented in docs/design.md).
// - readOnly attributes (id, meta, groups) are dropped; `members` is lifted
//   out into `member_ids` for groups.
// - Required attributes (userName; displayName for groups) must be present
//   and non-empty, else kInvalidValue.
// - Types are checked against the schema, with IdP leniencies: booleans may
//   be the strings "true"/"false" in any case; a multi-valued attribute sent
//   as a single object is wrapped in an array (OneLogin `emails` as object);
//   `manager` given as {"managerId": "x"} becomes {"value": "x"}. Any other
//   mismatch fails with kInvalidValue naming the attribute.
// - null and "" values are dropped (an unassigned attribute, RFC 7644 §3.5.2.3 /
//   OneLogin's empty template parameters).
// - `password` is kept (writeOnly) so storage may hash it; it is never
//   returned (serializer honours returned:never).
// - For users, `active` defaults to true.
//
// Pure; thread-safe.
#ifndef SCIMD_SCIM_RESOURCE_NORMALIZE_H_
#define SCIMD_SCIM_RESOURCE_NORMALIZE_H_

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "scim/schema/schema.h"

namespace scimd::scim {

struct NormalizedResource {
  boost::json::object attributes;  // what a scim::Resource stores
  // Groups only: the `value` of each entry of `members` when the body had the
  // attribute (possibly empty); nullopt when the body had no `members`.
  std::optional<std::vector<std::string>> member_ids;
};

Result<NormalizedResource> NormalizeResource(const boost::json::value& body,
                                             const ResourceType& type);

// Checks and coerces one value for attribute `attr` (with the leniencies
// above); used by PATCH. Sub-attributes are renamed to their schema spelling;
// unknown and readOnly sub-attributes are dropped. Returns null when the value
// is unassigned (null, "", or a complex value with nothing left); otherwise a
// multi-valued attribute yields an array (possibly empty). Fails with
// kInvalidValue naming the attribute.
Result<boost::json::value> CoerceValue(const boost::json::value& value, const AttributeDef& attr);

// ASCII lower-casing used for every case-insensitive comparison and index
// column, so that SQL and in-memory comparisons agree.
std::string LowerAscii(std::string_view s);

}  // namespace scimd::scim

#endif  // SCIMD_SCIM_RESOURCE_NORMALIZE_H_
