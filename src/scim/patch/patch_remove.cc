// The `remove` operation (RFC 7644 §3.5.2.2).
#include "scim/patch/patch_internal.h"

namespace scimd::scim::patch_internal {
namespace {

Status RemoveExtension(PatchState& state, const Target& target) {
  for (auto it = state.attrs.begin(); it != state.attrs.end();) {
    it = EqualsIgnoreCase(it->key(), target.schema->id) ? state.attrs.erase(it) : std::next(it);
  }
  return Status::Ok();
}

// With a value on a multi-valued attribute only the listed values go (the
// Entra reading of `remove`, generalised from members): removing the whole
// attribute when the client named values would lose data.
Status RemoveAttr(PatchState& state, const Target& target, const boost::json::value& value) {
  const AttributeDef& attr = *target.attr;
  boost::json::object* container = ContainerOf(state, target, false);
  if (container == nullptr) return Status::Ok();
  if (!attr.multi_valued || value.is_null()) return SetOrErase(*container, attr, nullptr);
  SCIMD_ASSIGN_OR_RETURN(boost::json::array listed, CoerceElements(value, attr));
  boost::json::array* arr = ArrayOf(container, attr);
  if (arr == nullptr) return Status::Ok();
  for (auto it = arr->begin(); it != arr->end();) {
    bool named = false;
    for (const boost::json::value& probe : listed) named = named || Covers(*it, probe);
    it = named ? arr->erase(it) : std::next(it);
  }
  DropIfEmpty(*container, attr.name);
  return Status::Ok();
}

Status RemoveSubAttr(PatchState& state, const Target& target) {
  const AttributeDef& attr = *target.attr;
  boost::json::object* container = ContainerOf(state, target, false);
  if (container == nullptr) return Status::Ok();
  boost::json::value* existing = FindKey(*container, attr.name);
  if (existing == nullptr) return Status::Ok();
  if (existing->is_object()) {
    SCIMD_RETURN_IF_ERROR(SetOrErase(existing->get_object(), *target.sub, nullptr));
  } else if (existing->is_array()) {
    boost::json::array& arr = existing->get_array();
    for (boost::json::value& element : arr) {
      if (element.is_object()) {
        SCIMD_RETURN_IF_ERROR(SetOrErase(element.get_object(), *target.sub, nullptr));
      }
    }
    DropEmptyElements(arr);
  }
  DropIfEmpty(*container, attr.name);
  return Status::Ok();
}

Status RemoveThroughFilter(PatchState& state, const Target& target) {
  const AttributeDef& attr = *target.attr;
  boost::json::object* container = ContainerOf(state, target, false);
  boost::json::array* arr = ArrayOf(container, attr);
  std::vector<size_t> matches;
  if (arr != nullptr) matches = MatchingElements(*arr, target);
  if (matches.empty()) {
    // RFC 7644 §3.5.2.2: a filter that matches nothing is an error.
    return NoTarget("no value of " + attr.name + " matches " + filter::ToString(*target.filter));
  }
  if (target.shape == Shape::kFilteredSub) {
    SCIMD_RETURN_IF_ERROR(SetSubOnElements(*arr, matches, *target.sub, nullptr));
  } else {
    if (attr.mutability == Mutability::kImmutable) {
      return ::scimd::Mutability("attribute '" + attr.name + "' is immutable");
    }
    for (size_t i = matches.size(); i-- > 0;) arr->erase(arr->begin() + matches[i]);
  }
  DropIfEmpty(*container, attr.name);
  return Status::Ok();
}

}  // namespace

Status RemoveAt(PatchState& state, std::string_view path, const boost::json::value& value) {
  SCIMD_ASSIGN_OR_RETURN(Target target, ResolveTarget(state.type, path));
  return RemoveTarget(state, target, value);
}

Status RemoveTarget(PatchState& state, const Target& target, const boost::json::value& value) {
  if (target.is_members) return ApplyMembers(state, PatchOperation::Op::kRemove, target, value);
  SCIMD_RETURN_IF_ERROR(CheckNotReadOnly(target));
  switch (target.shape) {
    case Shape::kResourceRoot:
      return InvalidPath("the resource itself cannot be removed by PATCH");
    case Shape::kExtensionRoot:
      return RemoveExtension(state, target);
    case Shape::kAttr:
      return RemoveAttr(state, target, value);
    case Shape::kSubAttr:
      return RemoveSubAttr(state, target);
    case Shape::kFiltered:
    case Shape::kFilteredSub:
      return RemoveThroughFilter(state, target);
  }
  return Internal("unhandled PATCH path shape");
}

}  // namespace scimd::scim::patch_internal
