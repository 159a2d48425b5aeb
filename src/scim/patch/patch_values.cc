// Coercion and single-value writes shared by add, replace and remove.
#include <string>
#include <string_view>
#include <utility>

#include "scim/patch/patch_internal.h"
#include "scim/resource/normalize.h"

namespace scimd::scim::patch_internal {
namespace {

const boost::json::value* UnwrapSingle(const boost::json::value& value) {
  if (value.is_array() && value.get_array().size() == 1) return &value.get_array()[0];
  return &value;
}

void EraseKey(boost::json::object& obj, std::string_view name) {
  for (auto it = obj.begin(); it != obj.end();) {
    if (EqualsIgnoreCase(it->key(), name)) {
      it = obj.erase(it);
    } else {
      ++it;
    }
  }
}

const AttributeDef* FindSubOrAlias(const AttributeDef& def, std::string_view key) {
  if (const AttributeDef* sub = def.FindSub(key)) return sub;
  // OneLogin templates send manager as {"managerId": …} (SCIM 1.1 spelling).
  if (EqualsIgnoreCase(def.name, "manager") && EqualsIgnoreCase(key, "managerId")) {
    return def.FindSub("value");
  }
  return nullptr;
}

}  // namespace

boost::json::value* FindKey(boost::json::object& obj, std::string_view name) {
  if (auto* exact = obj.if_contains(name)) return exact;
  for (auto& kv : obj) {
    if (EqualsIgnoreCase(kv.key(), name)) return &kv.value();
  }
  return nullptr;
}

const boost::json::value* FindKey(const boost::json::object& obj, std::string_view name) {
  return FindKey(const_cast<boost::json::object&>(obj), name);
}

bool IsUnassigned(const boost::json::value& v) {
  return v.is_null() || (v.is_string() && v.get_string().empty());
}

Result<boost::json::value> CoerceLeaf(const boost::json::value& value, const AttributeDef& def) {
  const boost::json::value* v = def.multi_valued ? &value : UnwrapSingle(value);
  if (IsUnassigned(*v)) return boost::json::value(nullptr);
  return CoerceValue(*v, def);
}

Result<boost::json::object> CoerceComplex(const boost::json::value& value,
                                          const AttributeDef& def) {
  const boost::json::value* v = UnwrapSingle(value);
  boost::json::object out;
  if (v->is_string()) {
    // Entra and others send a bare id for manager; it is the `value` sub-attribute.
    const AttributeDef* value_sub = def.FindSub("value");
    if (value_sub == nullptr) return InvalidValue("attribute '" + def.name + "' needs an object");
    SCIMD_ASSIGN_OR_RETURN(out[value_sub->name], CoerceLeaf(*v, *value_sub));
    return out;
  }
  if (!v->is_object()) return InvalidValue("attribute '" + def.name + "' needs an object");
  for (const auto& kv : v->get_object()) {
    const AttributeDef* sub = FindSubOrAlias(def, kv.key());
    if (sub == nullptr || sub->mutability == Mutability::kReadOnly) continue;
    SCIMD_ASSIGN_OR_RETURN(out[sub->name], CoerceLeaf(kv.value(), *sub));
  }
  return out;
}

Result<boost::json::array> CoerceElements(const boost::json::value& value,
                                          const AttributeDef& def) {
  boost::json::array out;
  auto add_one = [&](const boost::json::value& element) -> Status {
    if (IsUnassigned(element)) return Status::Ok();
    if (def.type == AttrType::kComplex) {
      SCIMD_ASSIGN_OR_RETURN(boost::json::object obj, CoerceComplex(element, def));
      for (auto it = obj.begin(); it != obj.end();) {
        it = it->value().is_null() ? obj.erase(it) : std::next(it);
      }
      if (!obj.empty()) out.emplace_back(std::move(obj));
      return Status::Ok();
    }
    SCIMD_ASSIGN_OR_RETURN(boost::json::value coerced,
                           CoerceValue(boost::json::array{element}, def));
    if (coerced.is_array()) {
      for (auto& e : coerced.get_array()) out.push_back(std::move(e));
    } else {
      out.push_back(std::move(coerced));
    }
    return Status::Ok();
  };
  if (value.is_array()) {
    for (const auto& element : value.get_array()) SCIMD_RETURN_IF_ERROR(add_one(element));
  } else {
    SCIMD_RETURN_IF_ERROR(add_one(value));
  }
  return out;
}

Status SetOrErase(boost::json::object& obj, const AttributeDef& def, boost::json::value value) {
  boost::json::value* existing = FindKey(obj, def.name);
  bool present = existing != nullptr && !IsUnassigned(*existing);
  if (value.is_null()) {
    if (!present) {
      if (existing != nullptr) EraseKey(obj, def.name);
      return Status::Ok();
    }
    if (def.required) return InvalidValue("attribute '" + def.name + "' is required");
    if (def.mutability == Mutability::kImmutable) {
      return ::scimd::Mutability("attribute '" + def.name + "' is immutable");
    }
    EraseKey(obj, def.name);
    return Status::Ok();
  }
  // RFC 7644 §3.5.2: an immutable attribute may be added while it has no value.
  if (present && def.mutability == Mutability::kImmutable && *existing != value) {
    return ::scimd::Mutability("attribute '" + def.name + "' is immutable");
  }
  EraseKey(obj, def.name);
  obj[def.name] = std::move(value);
  return Status::Ok();
}

Status MergeInto(boost::json::object& obj, const boost::json::object& coerced,
                 const AttributeDef& def) {
  for (const auto& kv : coerced) {
    const AttributeDef* sub = def.FindSub(kv.key());
    if (sub == nullptr) continue;  // CoerceComplex only yields known keys
    SCIMD_RETURN_IF_ERROR(SetOrErase(obj, *sub, kv.value()));
  }
  return Status::Ok();
}

void DropIfEmpty(boost::json::object& container, std::string_view key) {
  boost::json::value* v = FindKey(container, key);
  if (v == nullptr) return;
  bool empty = v->is_null() || (v->is_object() && v->get_object().empty()) ||
               (v->is_array() && v->get_array().empty());
  if (empty) EraseKey(container, key);
}

}  // namespace scimd::scim::patch_internal
