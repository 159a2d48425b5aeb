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

// Parses a PatchOp body. Accepts `op` in any case, and OneLogin's legacy
// {"members":[{"value":…,"operation":"delete"}]} body. Fails with
// kInvalidSyntax (not an object, no Operations, unknown op) or
// kInvalidValue.
Result<std::vector<PatchOperation>> ParsePatchRequest(const boost::json::value& body);

// Loads the current members of the group being patched; called only when a
// value filter on `members` cannot be reduced to member ids.
using MemberLoader = std::function<Result<std::vector<Member>>()>;

// Applies `ops` in order to `resource.attributes` (and, for groups, appends
// membership steps to `member_changes`). Atomic: on failure `resource` and
// `member_changes` are unchanged. Errors: kNoTarget (remove without path),
// kInvalidPath, kMutability (readOnly/immutable), kInvalidValue (wrong type),
// kInvalidFilter never (a malformed value filter is kInvalidPath).
Status ApplyPatch(const std::vector<PatchOperation>& ops, const ResourceType& type,
                  Resource& resource, std::vector<MemberChange>& member_changes,
                  const MemberLoader& load_members);

}  // namespace scimd::scim

#endif  // SCIMD_SCIM_PATCH_PATCH_H_
