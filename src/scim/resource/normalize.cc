#include "scim/resource/normalize.h"

#include <algorithm>
#include <boost/json.hpp>
#include <string>
#include <unordered_set>
#include <utility>

#include "scim/serialize/render.h"

namespace scimd::scim {
namespace json = boost::json;
namespace {

bool IsUnassigned(const json::value& v) {
  return v.is_null() || (v.is_string() && v.get_string().empty()) ||
         (v.is_array() && v.get_array().empty()) || (v.is_object() && v.get_object().empty());
}

Status WrongType(std::string_view path, std::string_view expected) {
  return InvalidValue("attribute '" + std::string(path) + "' must be " + std::string(expected));
}

Result<json::value> CoerceSimple(const json::value& v, const AttributeDef& attr,
                                 std::string_view path) {
  switch (attr.type) {
    case AttrType::kString:
    case AttrType::kReference:
    case AttrType::kBinary:
      if (!v.is_string()) return WrongType(path, "a string");
      return v;
    case AttrType::kDateTime: {
      if (!v.is_string()) return WrongType(path, "a dateTime string");
      Result<int64_t> t = ParseTime(v.get_string());
      if (!t.ok()) return WrongType(path, "an RFC 3339 dateTime");
      return v;
    }
    case AttrType::kBoolean:
      if (v.is_bool()) return v;
      // IdP leniency: "true" / "False" (OneLogin templates, Entra's PATCH).
      if (v.is_string()) {
        std::string_view s = v.get_string();
        if (EqualsIgnoreCase(s, "true")) return json::value(true);
        if (EqualsIgnoreCase(s, "false")) return json::value(false);
      }
      return WrongType(path, "a boolean");
    case AttrType::kInteger:
      if (v.is_int64() || v.is_uint64()) return v;
      if (v.is_double() &&
          v.get_double() == static_cast<double>(static_cast<int64_t>(v.get_double()))) {
        return json::value(static_cast<int64_t>(v.get_double()));
      }
      return WrongType(path, "an integer");
    case AttrType::kDecimal:
      if (v.is_number()) return v;
      return WrongType(path, "a number");
    case AttrType::kComplex:
      return WrongType(path, "a complex value");
  }
  return WrongType(path, "valid");
}

Result<json::value> CoerceSingle(const json::value& v, const AttributeDef& attr,
                                 const std::string& path);

// A complex value: sub-attributes renamed to their schema spelling, unknown and
// readOnly ones dropped, unassigned ones dropped. Null when nothing is left.
Result<json::value> CoerceComplex(const json::value& v, const AttributeDef& attr,
                                  const std::string& path) {
  if (!v.is_object()) return WrongType(path, "an object");
  json::object out;
  for (const auto& [key, sub_value] : v.get_object()) {
    const AttributeDef* sub = attr.FindSub(key);
    // OneLogin templates spell the enterprise manager's id "managerId".
    if (sub == nullptr && EqualsIgnoreCase(attr.name, "manager") &&
        EqualsIgnoreCase(key, "managerId")) {
      sub = attr.FindSub("value");
    }
    if (sub == nullptr || sub->mutability == Mutability::kReadOnly) continue;
    SCIMD_ASSIGN_OR_RETURN(json::value coerced,
                           CoerceSingle(sub_value, *sub, path + "." + sub->name));
    if (IsUnassigned(coerced)) continue;
    out[sub->name] = std::move(coerced);
  }
  if (out.empty()) return json::value(nullptr);
  return json::value(std::move(out));
}

Result<json::value> CoerceSingle(const json::value& v, const AttributeDef& attr,
                                 const std::string& path) {
  if (IsUnassigned(v) && !v.is_array()) return json::value(nullptr);
  if (attr.type == AttrType::kComplex) return CoerceComplex(v, attr, path);
  return CoerceSimple(v, attr, path);
}

Result<json::value> CoerceMulti(const json::value& v, const AttributeDef& attr,
                                const std::string& path) {
  // OneLogin templates send `emails` as a single object; wrap it.
  if (!v.is_array()) {
    json::array wrapped;
    wrapped.push_back(v);
    return CoerceMulti(json::value(std::move(wrapped)), attr, path);
  }
  json::array out;
  for (const json::value& element : v.get_array()) {
    if (element.is_array()) return WrongType(path, "an array of single values");
    SCIMD_ASSIGN_OR_RETURN(json::value coerced, CoerceSingle(element, attr, path));
    if (!coerced.is_null()) out.push_back(std::move(coerced));
  }
  return json::value(std::move(out));
}

Result<json::value> Coerce(const json::value& v, const AttributeDef& attr) {
  if (v.is_null() || (v.is_string() && v.get_string().empty())) return json::value(nullptr);
  if (attr.multi_valued) return CoerceMulti(v, attr, attr.name);
  if (v.is_array()) return WrongType(attr.name, "a single value");
  return CoerceSingle(v, attr, attr.name);
}

// Group members: the `value` of each entry, in order, without duplicates.
Result<std::vector<std::string>> MemberIds(const json::value& v) {
  std::vector<std::string> ids;
  std::unordered_set<std::string> seen;  // a hash set: bodies may list a million members
  if (v.is_null()) return ids;
  json::array entries;
  if (v.is_array()) {
    entries = v.get_array();
  } else {
    entries.push_back(v);
  }
  for (const json::value& entry : entries) {
    const json::object* obj = entry.if_object();
    const json::value* value = nullptr;
    if (obj != nullptr) {
      for (const auto& [key, field] : *obj) {
        if (EqualsIgnoreCase(key, "value")) value = &field;
      }
    }
    if (value == nullptr || !value->is_string() || value->get_string().empty()) {
      return InvalidValue("each entry of 'members' must be an object with a non-empty 'value'");
    }
    std::string id(value->get_string());
    if (seen.insert(id).second) ids.push_back(std::move(id));
  }
  return ids;
}

// Where a top-level key of the body belongs.
struct Target {
  const Schema* extension = nullptr;  // non-null: the value is this extension's object
  const AttributeDef* attr =
      nullptr;  // non-null: a core/common attribute (or a stray extension one)
  const Schema* attr_extension = nullptr;  // set when `attr` belongs to an extension
};

Target Classify(std::string_view key, const ResourceType& type) {
  Target t;
  if (const Schema* s = type.FindSchema(key); s != nullptr) {
    // The core URN as a key ({"urn:…:User": {...}}) is merged into the top level.
    t.extension = s;
    return t;
  }
  if ((t.attr = CommonAttributes().Find(key)) != nullptr) return t;
  if ((t.attr = type.core->Find(key)) != nullptr) return t;
  // Leniency shared with attribute paths: an unqualified extension attribute.
  for (const SchemaExtension& ext : type.extensions) {
    if ((t.attr = ext.schema->Find(key)) != nullptr) {
      t.attr_extension = ext.schema;
      return t;
    }
  }
  return t;
}

class Normalizer {
 public:
  explicit Normalizer(const ResourceType& type) : type_(type) {}

  Status AddObject(const json::object& body, const Schema* within) {
    for (const auto& [key, value] : body) {
      if (within == nullptr && EqualsIgnoreCase(key, "schemas")) continue;
      if (within != nullptr && within != type_.core) {
        const AttributeDef* attr = within->Find(key);
        if (attr != nullptr) SCIMD_RETURN_IF_ERROR(AddAttribute(*attr, value, within));
        continue;
      }
      Target t = Classify(key, type_);
      if (t.extension != nullptr) {
        if (within != nullptr) continue;  // no extension inside an extension
        if (value.is_null()) continue;
        if (!value.is_object()) return WrongType(key, "an object");
        SCIMD_RETURN_IF_ERROR(AddObject(value.get_object(), t.extension));
        continue;
      }
      if (t.attr != nullptr) SCIMD_RETURN_IF_ERROR(AddAttribute(*t.attr, value, t.attr_extension));
    }
    return Status::Ok();
  }

  Result<NormalizedResource> Finish() && {
    for (const AttributeDef& attr : type_.core->attributes) {
      if (attr.required && !core_.contains(attr.name)) {
        return InvalidValue("attribute '" + attr.name + "' is required");
      }
    }
    if (type_.kind == ResourceKind::kUser && !core_.contains("active")) core_["active"] = true;
    NormalizedResource out;
    json::array schemas;
    schemas.emplace_back(type_.core->id);
    for (const SchemaExtension& ext : type_.extensions) {
      if (auto it = extensions_.find(ext.schema->id); it != extensions_.end()) {
        schemas.emplace_back(ext.schema->id);
      }
    }
    out.attributes["schemas"] = std::move(schemas);
    for (auto& [key, value] : core_) out.attributes[key] = std::move(value);
    for (auto& [key, value] : extensions_) out.attributes[key] = std::move(value);
    out.member_ids = std::move(member_ids_);
    return out;
  }

 private:
  Status AddAttribute(const AttributeDef& attr, const json::value& value, const Schema* extension) {
    if (type_.kind == ResourceKind::kGroup && extension == nullptr &&
        EqualsIgnoreCase(attr.name, "members")) {
      SCIMD_ASSIGN_OR_RETURN(member_ids_, MemberIds(value));
      return Status::Ok();
    }
    if (attr.mutability == Mutability::kReadOnly) return Status::Ok();
    SCIMD_ASSIGN_OR_RETURN(json::value coerced, Coerce(value, attr));
    if (IsUnassigned(coerced)) return Status::Ok();
    if (extension == nullptr) {
      core_[attr.name] = std::move(coerced);
    } else {
      json::value& ext = extensions_[extension->id];
      if (!ext.is_object()) ext = json::object();
      ext.get_object()[attr.name] = std::move(coerced);
    }
    return Status::Ok();
  }

  const ResourceType& type_;
  json::object core_;
  json::object extensions_;
  std::optional<std::vector<std::string>> member_ids_;
};

}  // namespace

Result<NormalizedResource> NormalizeResource(const json::value& body, const ResourceType& type) {
  if (!body.is_object()) return InvalidSyntax("the request body must be a JSON object");
  Normalizer n(type);
  SCIMD_RETURN_IF_ERROR(n.AddObject(body.get_object(), nullptr));
  return std::move(n).Finish();
}

Result<json::value> CoerceValue(const json::value& value, const AttributeDef& attr) {
  return Coerce(value, attr);
}

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace scimd::scim
