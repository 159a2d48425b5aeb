// How filter literals are read against an attribute's type. Shared by the
// in-memory evaluator and the SQL compiler so both apply the same coercions.
//
// Pure; thread-safe.
#ifndef SCIMD_SCIM_FILTER_LITERAL_H_
#define SCIMD_SCIM_FILTER_LITERAL_H_

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "scim/filter/ast.h"
#include "scim/schema/attribute.h"

namespace scimd::scim::filter {

// ASCII-only lower-casing: the case folding of every case-insensitive
// comparison, chosen so that SQL lower() and in-memory matching agree.
std::string FoldAscii(std::string_view s);

// The text a literal compares as against a string attribute: the string itself,
// or the JSON spelling of a number or boolean (a leniency for
// `externalId eq 12345`).
std::string LiteralText(const boost::json::value& literal);

// A boolean literal: true/false, or the strings "true"/"false" in any case.
std::optional<bool> LiteralBool(const boost::json::value& literal);

// The attribute a comparison really looks at: a complex attribute with a
// `value` sub-attribute compares that (`emails eq "x"` means emails.value);
// nullptr for other complex attributes.
const AttributeDef* ComparedAttr(const AttributeDef& leaf);

// OK when `op` with `literal` suits `attr` (RFC 7644 §3.4.2.2): no ordering on
// booleans, no co/sw/ew on booleans, numbers and dateTimes, literals of the
// attribute's type, `null` only with eq/ne. Fails with kInvalidFilter.
Status CheckComparison(const AttributeDef& attr, CompareOp op, const boost::json::value& literal,
                       std::string_view path_text);

}  // namespace scimd::scim::filter

#endif  // SCIMD_SCIM_FILTER_LITERAL_H_
