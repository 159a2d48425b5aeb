// Fuzzes POST/PUT body normalisation (RFC 7643 §2) for both resource types.
// A normalised resource must normalise again to itself: the stored form is
// what PUT round-trips.
#include "fuzz/fuzz_util.h"
#include "scim/resource/normalize.h"
#include "scim/schema/schema.h"

namespace scimd::fuzz {
namespace {

void Normalize(const boost::json::value& body, const scim::ResourceType& type) {
  Result<scim::NormalizedResource> first = scim::NormalizeResource(body, type);
  if (!first.ok()) return;
  (void)scim::NormalizeResource(first->attributes, type);
}

}  // namespace
}  // namespace scimd::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace scimd;
  std::optional<boost::json::value> body = fuzz::ParseJson(fuzz::AsText(data, size));
  if (!body) return 0;
  fuzz::Normalize(*body, scim::UserResourceType());
  fuzz::Normalize(*body, scim::GroupResourceType());
  return 0;
}
