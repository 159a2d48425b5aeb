// Fuzzes the attribute-path (RFC 7644 §3.10) and PATCH-path (§3.5.2) parsers
// and path resolution against both resource types.
#include "fuzz/fuzz_util.h"
#include "scim/path/attr_path.h"
#include "scim/path/patch_path.h"
#include "scim/schema/schema.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace scimd;
  std::string_view text = fuzz::AsText(data, size);
  if (Result<scim::AttrPath> path = scim::ParseAttrPath(text); path.ok()) {
    (void)path->ToString();
    (void)scim::Resolve(scim::UserResourceType(), *path);
    (void)scim::Resolve(scim::GroupResourceType(), *path);
  }
  if (Result<scim::PatchPath> path = scim::ParsePatchPath(text); path.ok()) {
    (void)scim::Resolve(scim::UserResourceType(), path->attr);
    (void)scim::Resolve(scim::GroupResourceType(), path->attr);
  }
  return 0;
}
