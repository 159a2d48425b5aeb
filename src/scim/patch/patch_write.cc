// Writes shared by `add` and `replace`: the two ops differ only on whole
// multi-valued attributes and on value filters that match nothing.
#include "scim/patch/patch_internal.h"

namespace scimd::scim::patch_internal {

Status SetSingleValued(PatchState& state, const Target& target, const boost::json::value& value) {
  const AttributeDef& attr = *target.attr;
  if (attr.type != AttrType::kComplex) {
    SCIMD_ASSIGN_OR_RETURN(boost::json::value coerced, CoerceLeaf(value, attr));
    boost::json::object* container = ContainerOf(state, target, !coerced.is_null());
    if (container == nullptr) return Status::Ok();
    return SetOrErase(*container, attr, std::move(coerced));
  }
  if (IsUnassigned(value)) {
    boost::json::object* container = ContainerOf(state, target, false);
    if (container == nullptr) return Status::Ok();
    return SetOrErase(*container, attr, nullptr);
  }
  SCIMD_ASSIGN_OR_RETURN(boost::json::object coerced, CoerceComplex(value, attr));
  boost::json::object* container = ContainerOf(state, target, true);
  boost::json::value* existing = FindKey(*container, attr.name);
  if (existing == nullptr) existing = &(*container)[attr.name];
  if (!existing->is_object()) *existing = boost::json::object();
  SCIMD_RETURN_IF_ERROR(MergeInto(existing->get_object(), coerced, attr));
  DropIfEmpty(*container, attr.name);
  return Status::Ok();
}

Status SetSubOnElements(boost::json::array& arr, const std::vector<size_t>& indexes,
                        const AttributeDef& sub, const boost::json::value& coerced) {
  for (size_t i : indexes) {
    if (!arr[i].is_object()) continue;
    SCIMD_RETURN_IF_ERROR(SetOrErase(arr[i].get_object(), sub, coerced));
    KeepOnePrimary(arr, i);
  }
  DropEmptyElements(arr);
  return Status::Ok();
}

Status SetSubAttr(PatchState& state, const Target& target, const boost::json::value& value) {
  const AttributeDef& attr = *target.attr;
  const AttributeDef& sub = *target.sub;
  SCIMD_ASSIGN_OR_RETURN(boost::json::value coerced, CoerceLeaf(value, sub));
  boost::json::object* container = ContainerOf(state, target, !coerced.is_null());
  if (container == nullptr) return Status::Ok();
  boost::json::value* existing = FindKey(*container, attr.name);
  if (attr.multi_valued) {
    boost::json::array* arr = ArrayOf(container, attr);
    if (arr == nullptr || arr->empty()) {
      if (coerced.is_null()) return Status::Ok();
      (*container)[attr.name] = boost::json::array{boost::json::object{{sub.name, coerced}}};
      return Status::Ok();
    }
    std::vector<size_t> all(arr->size());
    for (size_t i = 0; i < all.size(); ++i) all[i] = i;
    SCIMD_RETURN_IF_ERROR(SetSubOnElements(*arr, all, sub, coerced));
  } else {
    if (existing == nullptr || !existing->is_object()) {
      if (coerced.is_null()) return Status::Ok();
      if (existing == nullptr) existing = &(*container)[attr.name];
      *existing = boost::json::object();
    }
    SCIMD_RETURN_IF_ERROR(SetOrErase(existing->get_object(), sub, std::move(coerced)));
  }
  DropIfEmpty(*container, attr.name);
  return Status::Ok();
}

}  // namespace scimd::scim::patch_internal
