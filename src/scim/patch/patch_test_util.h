// Test helpers shared by the PATCH tests.
#ifndef SCIMD_SCIM_PATCH_PATCH_TEST_UTIL_H_
#define SCIMD_SCIM_PATCH_PATCH_TEST_UTIL_H_

#include <boost/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "scim/patch/patch.h"

namespace scimd::scim::patch_testing {

inline constexpr std::string_view kEnterprise = kEnterpriseUserSchema;

// Outcome of one PATCH: the status, the attributes after, and the steps.
struct PatchRun {
  Status status;
  boost::json::object attributes;
  std::vector<MemberChange> changes;
  int loads = 0;  // calls to the member loader
};

// Parses `body` (a PatchOp JSON text) and applies it to a resource with
// `before` attributes; `members` feeds the loader.
inline PatchRun RunPatch(ResourceKind kind, std::string_view before, std::string_view body,
                         std::vector<Member> members = {}, std::string id = "r1") {
  PatchRun run;
  Resource resource;
  resource.kind = kind;
  resource.id = std::move(id);
  resource.attributes = boost::json::parse(before).as_object();
  Result<std::vector<PatchOperation>> ops = ParsePatchRequest(boost::json::parse(body));
  if (!ops.ok()) {
    run.status = ops.status();
    run.attributes = resource.attributes;
    return run;
  }
  MemberLoader loader = [&]() -> Result<std::vector<Member>> {
    ++run.loads;
    return members;
  };
  run.status = ApplyPatch(*ops, ResourceTypeOf(kind), resource, run.changes, loader);
  run.attributes = resource.attributes;
  return run;
}

// Wraps operations (a JSON array text) into a PatchOp body.
inline std::string Ops(std::string_view operations) {
  return R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":)" +
         std::string(operations) + "}";
}

inline boost::json::object Obj(std::string_view text) {
  return boost::json::parse(text).as_object();
}

// "add:a,b" / "remove:x" / "removeAll" per step, joined by " | ".
inline std::string Describe(const std::vector<MemberChange>& changes) {
  std::string out;
  for (const MemberChange& c : changes) {
    if (!out.empty()) out += " | ";
    switch (c.kind) {
      case MemberChange::Kind::kAdd:
        out += "add:";
        break;
      case MemberChange::Kind::kRemove:
        out += "remove:";
        break;
      case MemberChange::Kind::kRemoveAll:
        out += "removeAll";
        break;
    }
    for (size_t i = 0; i < c.ids.size(); ++i) out += (i ? "," : "") + c.ids[i];
  }
  return out;
}

}  // namespace scimd::scim::patch_testing

#endif  // SCIMD_SCIM_PATCH_PATCH_TEST_UTIL_H_
