// PATCH paths (RFC 7644 §3.5.2):
//
//   PATH = attrPath / valuePath [subAttr]
//
// e.g. `members[value eq "2819c223"]`, `emails[type eq "work"].value`,
// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`.
#ifndef SCIMD_SCIM_PATH_PATCH_PATH_H_
#define SCIMD_SCIM_PATH_PATCH_PATH_H_

#include <string>
#include <string_view>

#include "common/status.h"
#include "scim/filter/ast.h"
#include "scim/path/attr_path.h"

namespace scimd::scim {

struct PatchPath {
  AttrPath attr;                 // the attribute (with sub_attr when written as a.b)
  filter::NodePtr value_filter;  // set for valuePath forms; relative to attr's elements
  std::string sub_attr;          // the subAttr after "]" ("" when none)
};

// Fails with kInvalidPath (detail with position) on malformed text; a malformed
// value filter inside brackets is kInvalidPath as well.
Result<PatchPath> ParsePatchPath(std::string_view text);

}  // namespace scimd::scim

#endif  // SCIMD_SCIM_PATH_PATCH_PATH_H_
