// Resolution of PATCH paths into Targets.
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "scim/patch/patch_internal.h"
#include "scim/path/attr_path.h"
#include "scim/path/patch_path.h"

namespace scimd::scim::patch_internal {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool IsExtension(const ResourceType& type, const Schema* schema) {
  for (const SchemaExtension& ext : type.extensions) {
    if (ext.schema == schema) return true;
  }
  return false;
}

Status CheckElementPath(const AttrPath& path, const AttributeDef& multi) {
  // Inside brackets a path names a sub-attribute of the filtered attribute;
  // the fully qualified spelling (emails.type) is tolerated.
  std::string_view name = path.attr;
  if (!path.sub_attr.empty() && EqualsIgnoreCase(path.attr, multi.name))
    name = path.sub_attr;
  else if (!path.sub_attr.empty()) {
    return InvalidPath("'" + path.ToString() + "' is not a sub-attribute of " + multi.name);
  }
  if (multi.FindSub(name) == nullptr) {
    return InvalidPath("'" + std::string(name) + "' is not a sub-attribute of " + multi.name);
  }
  return Status::Ok();
}

// A value filter may only name sub-attributes of the filtered attribute and
// may not nest value paths.
Status CheckElementFilter(const filter::Node& node, const AttributeDef& multi) {
  return std::visit(
      [&](const auto& n) -> Status {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, filter::Comparison> || std::is_same_v<T, filter::Present>) {
          return CheckElementPath(n.path, multi);
        } else if constexpr (std::is_same_v<T, filter::Logical>) {
          SCIMD_RETURN_IF_ERROR(CheckElementFilter(*n.lhs, multi));
          return CheckElementFilter(*n.rhs, multi);
        } else if constexpr (std::is_same_v<T, filter::Not>) {
          return CheckElementFilter(*n.operand, multi);
        } else {
          return InvalidPath("nested value filter inside " + multi.name);
        }
      },
      node.v);
}

Result<Target> RootTarget(const ResourceType& type, const Schema* schema) {
  Target target;
  target.schema = schema;
  target.shape = schema == type.core ? Shape::kResourceRoot : Shape::kExtensionRoot;
  target.in_extension = target.shape == Shape::kExtensionRoot;
  return target;
}

Status AttachFilter(Target& target, PatchPath& parsed) {
  const AttributeDef& attr = *target.attr;
  if (!attr.multi_valued || attr.type != AttrType::kComplex) {
    return InvalidPath("a value filter needs a multi-valued complex attribute, not " + attr.name);
  }
  if (target.sub != nullptr) return InvalidPath("a value filter cannot follow a sub-attribute");
  SCIMD_RETURN_IF_ERROR(CheckElementFilter(*parsed.value_filter, attr));
  target.filter = std::move(parsed.value_filter);
  target.shape = Shape::kFiltered;
  if (!parsed.sub_attr.empty()) {
    target.sub = attr.FindSub(parsed.sub_attr);
    if (target.sub == nullptr) {
      return InvalidPath("'" + parsed.sub_attr + "' is not a sub-attribute of " + attr.name);
    }
    target.shape = Shape::kFilteredSub;
  }
  return Status::Ok();
}

}  // namespace

Result<Target> ResolveTarget(const ResourceType& type, std::string_view path) {
  path = Trim(path);
  if (path.empty()) return InvalidPath("empty path");
  if (const Schema* schema = type.FindSchema(path)) return RootTarget(type, schema);

  SCIMD_ASSIGN_OR_RETURN(PatchPath parsed, ParsePatchPath(path));
  SCIMD_ASSIGN_OR_RETURN(ResolvedAttr resolved, Resolve(type, parsed.attr));
  if (resolved.is_extension_root()) {
    if (parsed.value_filter) return InvalidPath("a value filter needs an attribute");
    return RootTarget(type, resolved.schema);
  }

  Target target;
  target.schema = resolved.schema;
  target.attr = resolved.attr;
  target.sub = resolved.sub;
  target.shape = resolved.sub != nullptr ? Shape::kSubAttr : Shape::kAttr;
  target.in_extension = IsExtension(type, resolved.schema);
  target.is_members = type.kind == ResourceKind::kGroup && resolved.schema == type.core &&
                      EqualsIgnoreCase(resolved.attr->name, "members");
  if (parsed.value_filter) {
    SCIMD_RETURN_IF_ERROR(AttachFilter(target, parsed));
  } else if (!parsed.sub_attr.empty()) {
    return InvalidPath("unexpected sub-attribute in '" + std::string(path) + "'");
  }
  return target;
}

Status CheckNotReadOnly(const Target& target) {
  if (target.attr != nullptr && target.attr->mutability == Mutability::kReadOnly) {
    return ::scimd::Mutability("attribute '" + target.attr->name + "' is readOnly");
  }
  if (target.sub != nullptr && target.sub->mutability == Mutability::kReadOnly) {
    return ::scimd::Mutability("attribute '" + target.attr->name + "." + target.sub->name +
                               "' is readOnly");
  }
  return Status::Ok();
}

boost::json::object* ContainerOf(PatchState& state, const Target& target, bool create) {
  if (!target.in_extension) return &state.attrs;
  boost::json::value* ext = FindKey(state.attrs, target.schema->id);
  if (ext != nullptr && ext->is_object()) return &ext->get_object();
  if (!create) return nullptr;
  if (ext != nullptr) {
    *ext = boost::json::object();
    return &ext->get_object();
  }
  return &state.attrs[target.schema->id].emplace_object();
}

}  // namespace scimd::scim::patch_internal
