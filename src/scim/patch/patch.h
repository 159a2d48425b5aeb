// PATCH (RFC 7644 §3.5.2) applied to a resource's attributes, with the IdP
// dialects of docs/idp (Entra, Okta, OneLogin) accepted on every directory.
//
// Group membership is never edited as JSON: operations on `members` become
// MemberChange steps that storage applies with O(k log n) cost.
//
// Pure; thread-safe.
#ifndef SCIMD_SCIM_PATCH_PATCH_H_
#define SCIMD_SCIM_PATCH_PATCH_H_

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "scim/resource/resource.h"
#include "scim/schema/schema.h"

namespace scimd::scim {

struct PatchOperation {
  enum class Op { kAdd, kRemove, kReplace };
  Op op = Op::kAdd;
  std::optional<std::string> path;  // absent for pathless add/replace
  boost::json::value value;         // null when absent
};

// Parses a PatchOp body. Accepts `op` in any case, an empty `path` as no
// path, and the SCIM 1.1 body OneLogin sends
// ({"members":[{"value":…,"operation":"delete"}, …]}: runs of deletions and
// additions become remove/add ops on that attribute; meta.attributes become
// removes; other keys a pathless add). Fails with kInvalidSyntax (not an
// object, no or empty Operations, an operation that is not an object,
// missing or unknown op, non-string path).
Result<std::vector<PatchOperation>> ParsePatchRequest(const boost::json::value& body);

// Loads the current members of the group being patched; called only when a
// value filter on `members` cannot be reduced to member ids.
using MemberLoader = std::function<Result<std::vector<Member>>()>;

// Applies `ops` in order to `resource.attributes` (and, for groups, appends
// membership steps to `member_changes`). Atomic: on failure `resource` and
// `member_changes` are unchanged. Errors: kNoTarget (remove without path;
// replace/remove through a value filter that matches nothing), kInvalidPath
// (a path naming nothing; a malformed value filter — never kInvalidFilter),
// kMutability (id, meta, groups and other readOnly attributes; immutable ones
// once they have a value), kInvalidValue (wrong type, an emptied required
// attribute, a member value that is not a non-empty string), or the loader's
// error.
//
// Semantics beyond the RFC text:
// - add/replace on a complex single-valued attribute merge sub-attributes;
//   replace of a missing target adds it; add of a value already present is a
//   no-op; a value written with primary:true clears primary on the others;
//   add through a value filter that matches nothing creates the element
//   described by the filter's `eq` terms (Entra's emails[type eq "work"].value).
// - remove with a value on a multi-valued attribute removes only those values.
// - Pathless values: each key is an attribute path (dotted, schema-qualified,
//   SCIM 1.1 URNs); `schemas`, `meta` and an `id` equal to resource.id are
//   ignored; unknown keys are dropped as on PUT; null/"" unassign.
// - `schemas` ends listing exactly the extensions whose object is non-empty.
// - `members` (groups): add → kAdd; remove without value → kRemoveAll; remove
//   with a value array → kRemove of those ids; remove through
//   members[value eq …] (or an `or` of them) → kRemove without loading;
//   any other filter calls `load_members` and matches {value, display, type};
//   replace → kRemoveAll (or kRemove of the filter's matches) then kAdd.
//   Removing non-members is not an error (retries stay idempotent).
Status ApplyPatch(const std::vector<PatchOperation>& ops, const ResourceType& type,
                  Resource& resource, std::vector<MemberChange>& member_changes,
                  const MemberLoader& load_members);

}  // namespace scimd::scim

#endif  // SCIMD_SCIM_PATCH_PATCH_H_
