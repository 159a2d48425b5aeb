// The `replace` operation (RFC 7644 §3.5.2.3). A target that does not exist
// is added; a value filter that matches nothing is kNoTarget.
#include "scim/patch/patch_internal.h"

namespace scimd::scim::patch_internal {
namespace {

// Multi-valued without a filter: the attribute and all its values are replaced.
Status ReplaceAllValues(PatchState& state, const Target& target, const boost::json::value& value) {
  const AttributeDef& attr = *target.attr;
  SCIMD_ASSIGN_OR_RETURN(boost::json::array elements, CoerceElements(value, attr));
  boost::json::object* container = ContainerOf(state, target, !elements.empty());
  if (container == nullptr) return Status::Ok();
  if (elements.empty()) return SetOrErase(*container, attr, nullptr);
  // The last value marked primary wins, as if the values were added in order.
  for (size_t i = elements.size(); i-- > 0;) {
    const boost::json::value* primary =
        elements[i].is_object() ? FindKey(elements[i].get_object(), "primary") : nullptr;
    if (primary != nullptr && primary->is_bool() && primary->get_bool()) {
      KeepOnePrimary(elements, i);
      break;
    }
  }
  return SetOrErase(*container, attr, std::move(elements));
}

Result<std::vector<size_t>> RequireMatches(PatchState& state, const Target& target) {
  boost::json::array* arr = ArrayOf(ContainerOf(state, target, false), *target.attr);
  std::vector<size_t> matches;
  if (arr != nullptr) matches = MatchingElements(*arr, target);
  if (matches.empty()) {
    return NoTarget("no value of " + target.attr->name + " matches " +
                    filter::ToString(*target.filter));
  }
  return matches;
}

Status ReplaceThroughFilter(PatchState& state, const Target& target,
                            const boost::json::value& value) {
  const AttributeDef& attr = *target.attr;
  SCIMD_ASSIGN_OR_RETURN(std::vector<size_t> matches, RequireMatches(state, target));
  boost::json::object* container = ContainerOf(state, target, false);
  boost::json::array& arr = *ArrayOf(container, attr);
  if (target.shape == Shape::kFilteredSub) {
    SCIMD_ASSIGN_OR_RETURN(boost::json::value coerced, CoerceLeaf(value, *target.sub));
    SCIMD_RETURN_IF_ERROR(SetSubOnElements(arr, matches, *target.sub, coerced));
  } else {
    // RFC 7644 §3.5.2.3: the matching values are replaced, not merged.
    SCIMD_ASSIGN_OR_RETURN(boost::json::array elements, CoerceElements(value, attr));
    if (elements.size() != 1) {
      return InvalidValue("replacing values of " + attr.name + " needs exactly one value");
    }
    for (size_t i : matches) {
      arr[i] = elements[0];
      KeepOnePrimary(arr, i);
    }
  }
  DropIfEmpty(*container, attr.name);
  return Status::Ok();
}

}  // namespace

Status ReplaceAt(PatchState& state, std::string_view path, const boost::json::value& value) {
  SCIMD_ASSIGN_OR_RETURN(Target target, ResolveTarget(state.type, path));
  return ReplaceTarget(state, target, value);
}

Status ReplaceTarget(PatchState& state, const Target& target, const boost::json::value& value) {
  if (target.is_members) return ApplyMembers(state, PatchOperation::Op::kReplace, target, value);
  SCIMD_RETURN_IF_ERROR(CheckNotReadOnly(target));
  switch (target.shape) {
    case Shape::kResourceRoot:
      return ApplyPathless(state, PatchOperation::Op::kReplace, value);
    case Shape::kExtensionRoot:
      return ApplyExtensionObject(state, PatchOperation::Op::kReplace, *target.schema, value);
    case Shape::kAttr:
      if (target.attr->multi_valued) return ReplaceAllValues(state, target, value);
      return SetSingleValued(state, target, value);
    case Shape::kSubAttr:
      return SetSubAttr(state, target, value);
    case Shape::kFiltered:
    case Shape::kFilteredSub:
      return ReplaceThroughFilter(state, target, value);
  }
  return Internal("unhandled PATCH path shape");
}

}  // namespace scimd::scim::patch_internal
