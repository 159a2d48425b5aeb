// Fuzzes PATCH end to end below HTTP: a JSON body through ParsePatchRequest
// and ApplyPatch on a fixed user and a fixed group. Checks ApplyPatch's
// atomicity promise: on failure the resource is unchanged.
#include <boost/json/parse.hpp>
#include <vector>

#include "fuzz/fuzz_util.h"
#include "scim/patch/patch.h"
#include "scim/resource/resource.h"
#include "scim/schema/schema.h"

namespace scimd::fuzz {
namespace {

void Apply(const std::vector<scim::PatchOperation>& ops, scim::ResourceKind kind,
           std::string_view json) {
  scim::Resource resource;
  resource.kind = kind;
  resource.id = "r1";
  resource.attributes = boost::json::parse(json).as_object();
  const boost::json::object before = resource.attributes;
  std::vector<scim::MemberChange> changes;
  scim::MemberLoader loader = []() -> Result<std::vector<scim::Member>> {
    scim::Member member;
    member.id = "u1";
    member.display = "Babs";
    return std::vector<scim::Member>{member};
  };
  Status status = scim::ApplyPatch(ops, scim::ResourceTypeOf(kind), resource, changes, loader);
  if (!status.ok() && (resource.attributes != before || !changes.empty())) __builtin_trap();
}

}  // namespace
}  // namespace scimd::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace scimd;
  std::optional<boost::json::value> body = fuzz::ParseJson(fuzz::AsText(data, size));
  if (!body) return 0;
  Result<std::vector<scim::PatchOperation>> ops = scim::ParsePatchRequest(*body);
  if (!ops.ok()) return 0;
  fuzz::Apply(*ops, scim::ResourceKind::kUser, fuzz::kUserJson);
  fuzz::Apply(*ops, scim::ResourceKind::kGroup, fuzz::kGroupJson);
  return 0;
}
