// The `add` operation (RFC 7644 §3.5.2.1).
#include "scim/patch/patch_internal.h"

namespace scimd::scim::patch_internal {
namespace {

// Multi-valued: new values are appended; a value already present changes
// nothing, and a new primary value demotes the others.
Status AppendValues(PatchState& state, const Target& target, const boost::json::value& value) {
  const AttributeDef& attr = *target.attr;
  SCIMD_ASSIGN_OR_RETURN(boost::json::array elements, CoerceElements(value, attr));
  if (elements.empty()) return Status::Ok();
  boost::json::object* container = ContainerOf(state, target, true);
  boost::json::array* arr = ArrayOf(container, attr);
  if (arr == nullptr) {
    SCIMD_RETURN_IF_ERROR(SetOrErase(*container, attr, boost::json::array()));
    arr = ArrayOf(container, attr);
  }
  for (const boost::json::value& element : elements)
    KeepOnePrimary(*arr, AddElement(*arr, element));
  return Status::Ok();
}

// A filter matching nothing creates the element it describes, so that
// `add emails[type eq "work"].value` works on a user without a work email.
Status AddThroughFilter(PatchState& state, const Target& target, const boost::json::value& value) {
  const AttributeDef& attr = *target.attr;
  boost::json::object* container = ContainerOf(state, target, true);
  if (ArrayOf(container, attr) == nullptr) (*container)[attr.name] = boost::json::array();
  boost::json::array& arr = *ArrayOf(container, attr);
  std::vector<size_t> matches = MatchingElements(arr, target);
  if (target.shape == Shape::kFilteredSub) {
    SCIMD_ASSIGN_OR_RETURN(boost::json::value coerced, CoerceLeaf(value, *target.sub));
    if (!matches.empty()) {
      SCIMD_RETURN_IF_ERROR(SetSubOnElements(arr, matches, *target.sub, coerced));
    } else if (!coerced.is_null()) {
      SCIMD_ASSIGN_OR_RETURN(boost::json::object seed, SeedFromFilter(*target.filter, attr));
      seed[target.sub->name] = coerced;
      arr.emplace_back(std::move(seed));
      KeepOnePrimary(arr, arr.size() - 1);
    }
  } else {
    SCIMD_ASSIGN_OR_RETURN(boost::json::object coerced, CoerceComplex(value, attr));
    if (matches.empty()) {
      SCIMD_ASSIGN_OR_RETURN(boost::json::object seed, SeedFromFilter(*target.filter, attr));
      arr.emplace_back(std::move(seed));
      matches.push_back(arr.size() - 1);
    }
    for (size_t i : matches) {
      if (!arr[i].is_object()) continue;
      SCIMD_RETURN_IF_ERROR(MergeInto(arr[i].get_object(), coerced, attr));
      KeepOnePrimary(arr, i);
    }
    DropEmptyElements(arr);
  }
  DropIfEmpty(*container, attr.name);
  return Status::Ok();
}

}  // namespace

Status AddAt(PatchState& state, std::string_view path, const boost::json::value& value) {
  if (value.is_null()) return InvalidValue("add needs a value");
  SCIMD_ASSIGN_OR_RETURN(Target target, ResolveTarget(state.type, path));
  return AddToTarget(state, target, value);
}

Status AddToTarget(PatchState& state, const Target& target, const boost::json::value& value) {
  if (target.is_members) return ApplyMembers(state, PatchOperation::Op::kAdd, target, value);
  SCIMD_RETURN_IF_ERROR(CheckNotReadOnly(target));
  switch (target.shape) {
    case Shape::kResourceRoot:
      return ApplyPathless(state, PatchOperation::Op::kAdd, value);
    case Shape::kExtensionRoot:
      return ApplyExtensionObject(state, PatchOperation::Op::kAdd, *target.schema, value);
    case Shape::kAttr:
      if (target.attr->multi_valued) return AppendValues(state, target, value);
      return SetSingleValued(state, target, value);
    case Shape::kSubAttr:
      return SetSubAttr(state, target, value);
    case Shape::kFiltered:
    case Shape::kFilteredSub:
      return AddThroughFilter(state, target, value);
  }
  return Internal("unhandled PATCH path shape");
}

}  // namespace scimd::scim::patch_internal
