// ApplyPatch: runs the operations in order on a private copy, then commits.
#include "scim/patch/patch.h"

#include <string>
#include <utility>

#include "scim/patch/patch_internal.h"

namespace scimd::scim {
namespace patch_internal {
namespace {

const boost::json::value* UnwrapObject(const boost::json::value& value) {
  // Some clients wrap the pathless object in a one-element array.
  if (value.is_array() && value.get_array().size() == 1 && value.get_array()[0].is_object()) {
    return &value.get_array()[0];
  }
  return &value;
}

Status ApplyValue(PatchState& state, PatchOperation::Op op, const Target& target,
                  const boost::json::value& value) {
  switch (op) {
    case PatchOperation::Op::kAdd:
      if (value.is_null() && !target.is_members) return RemoveTarget(state, target, value);
      return AddToTarget(state, target, value);
    case PatchOperation::Op::kReplace:
      if (value.is_null() && !target.is_members) return RemoveTarget(state, target, value);
      return ReplaceTarget(state, target, value);
    case PatchOperation::Op::kRemove:
      return Internal("remove has no pathless form");
  }
  return Internal("unhandled PATCH op");
}

// One key of a pathless value. Unknown keys are dropped, as on PUT, because
// IdPs send attributes the server does not define.
Status ApplyKey(PatchState& state, PatchOperation::Op op, std::string_view path,
                const boost::json::value& value) {
  Result<Target> target = ResolveTarget(state.type, path);
  if (!target.ok()) {
    return target.status().code() == Code::kInvalidPath ? Status::Ok() : target.status();
  }
  return ApplyValue(state, op, *target, value);
}

bool IsIgnoredKey(std::string_view key) {
  return EqualsIgnoreCase(key, "schemas") || EqualsIgnoreCase(key, "meta");
}

Status ApplyOne(PatchState& state, const PatchOperation& op) {
  switch (op.op) {
    case PatchOperation::Op::kAdd:
      if (!op.path) return ApplyPathless(state, op.op, op.value);
      return AddAt(state, *op.path, op.value);
    case PatchOperation::Op::kReplace:
      if (!op.path) return ApplyPathless(state, op.op, op.value);
      return ReplaceAt(state, *op.path, op.value);
    case PatchOperation::Op::kRemove:
      // RFC 7644 §3.5.2.2: remove without a path is noTarget.
      if (!op.path) return NoTarget("remove needs a path");
      return RemoveAt(state, *op.path, op.value);
  }
  return Internal("unhandled PATCH op");
}

bool Listed(const boost::json::array& schemas, std::string_view urn) {
  for (const boost::json::value& s : schemas) {
    if (s.is_string() && EqualsIgnoreCase(CanonicalSchemaUrn(s.get_string()), urn)) return true;
  }
  return false;
}

}  // namespace

Status ApplyPathless(PatchState& state, PatchOperation::Op op, const boost::json::value& value) {
  const boost::json::value* v = UnwrapObject(value);
  if (!v->is_object()) return InvalidValue("a PATCH without path needs an object value");
  for (const auto& kv : v->get_object()) {
    std::string_view key = kv.key();
    if (IsIgnoredKey(key)) continue;
    if (EqualsIgnoreCase(key, "id")) {
      // Okta sends the read-only id back with a rename; only a change is an error.
      const boost::json::value& id = kv.value();
      if (id.is_null() || (id.is_string() && id.get_string() == state.resource_id)) continue;
      return ::scimd::Mutability("attribute 'id' is readOnly");
    }
    SCIMD_RETURN_IF_ERROR(ApplyKey(state, op, key, kv.value()));
  }
  return Status::Ok();
}

Status ApplyExtensionObject(PatchState& state, PatchOperation::Op op, const Schema& ext,
                            const boost::json::value& value) {
  const boost::json::value* v = UnwrapObject(value);
  if (!v->is_object()) return InvalidValue("extension " + ext.id + " needs an object value");
  for (const auto& kv : v->get_object()) {
    if (IsIgnoredKey(kv.key())) continue;
    SCIMD_RETURN_IF_ERROR(ApplyKey(state, op, ext.id + ":" + std::string(kv.key()), kv.value()));
  }
  return Status::Ok();
}

void SyncSchemas(PatchState& state) {
  for (const SchemaExtension& ext : state.type.extensions) {
    const std::string& urn = ext.schema->id;
    DropIfEmpty(state.attrs, urn);
    bool present = FindKey(state.attrs, urn) != nullptr;
    boost::json::value* schemas = FindKey(state.attrs, "schemas");
    bool listed = schemas != nullptr && schemas->is_array() && Listed(schemas->get_array(), urn);
    if (present == listed) continue;
    if (present) {
      if (schemas == nullptr || !schemas->is_array()) {
        state.attrs["schemas"] = boost::json::array{boost::json::string(state.type.core->id)};
        schemas = FindKey(state.attrs, "schemas");
      }
      schemas->get_array().emplace_back(urn);
      continue;
    }
    boost::json::array& list = schemas->get_array();
    for (auto it = list.begin(); it != list.end();) {
      bool match = it->is_string() && EqualsIgnoreCase(CanonicalSchemaUrn(it->get_string()), urn);
      it = match ? list.erase(it) : std::next(it);
    }
  }
}

}  // namespace patch_internal

Status ApplyPatch(const std::vector<PatchOperation>& ops, const ResourceType& type,
                  Resource& resource, std::vector<MemberChange>& member_changes,
                  const MemberLoader& load_members) {
  patch_internal::PatchState state{type, resource.id, resource.attributes, {}, load_members};
  for (const PatchOperation& op : ops) {
    SCIMD_RETURN_IF_ERROR(patch_internal::ApplyOne(state, op));
  }
  patch_internal::SyncSchemas(state);
  resource.attributes = std::move(state.attrs);
  member_changes.insert(member_changes.end(), std::make_move_iterator(state.changes.begin()),
                        std::make_move_iterator(state.changes.end()));
  return Status::Ok();
}

}  // namespace scimd::scim
