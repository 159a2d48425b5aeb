// The reference semantics of a filter, evaluated in memory against a resource's
// full JSON representation (with id, externalId, meta, members...).
//
// The SQL compiler in src/storage/sql must agree with this evaluator; golden
// tests in tests/data/filter run both.
#ifndef SCIMD_SCIM_FILTER_EVALUATOR_H_
#define SCIMD_SCIM_FILTER_EVALUATOR_H_

#include <boost/json/object.hpp>

#include "common/status.h"
#include "scim/filter/ast.h"
#include "scim/schema/schema.h"

namespace scimd::scim::filter {

// Checks that every path resolves against `type` and every operator suits the
// attribute's type (RFC 7644 §3.4.2.2: e.g. `gt` on a boolean, `co` on an
// integer). Fails with kInvalidFilter naming the attribute.
Status Validate(const Node& node, const ResourceType& type);

// True when `resource` matches. REQUIRES: Validate(node, type).ok().
// Strings compare per the attribute's caseExact; dateTime as instants;
// numbers by value; a multi-valued attribute matches when any value does;
// `pr` is false for null, "" and [].
bool Matches(const Node& node, const boost::json::object& resource, const ResourceType& type);

// Matches `node` against one element of a multi-valued complex attribute
// (paths in `node` name sub-attributes of `multi`). Used by PATCH value filters
// such as members[value eq "…"] and emails[type eq "work"].
bool MatchesElement(const Node& node, const boost::json::value& element, const AttributeDef& multi);

}  // namespace scimd::scim::filter

#endif  // SCIMD_SCIM_FILTER_EVALUATOR_H_
