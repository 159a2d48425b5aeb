#include "scim/path/attr_path.h"

#include <array>

namespace scimd::scim {
namespace {

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// ATTRNAME = ALPHA *(nameChar), nameChar = "-" / "_" / DIGIT / ALPHA
// (RFC 7644 §3.10), plus the "$ref" sub-attribute of RFC 7643.
bool IsAttrName(std::string_view s) {
  if (s.empty()) return false;
  if (EqualsIgnoreCase(s, "$ref")) return true;
  if (!IsAlpha(s[0])) return false;
  for (char c : s) {
    if (!IsAlpha(c) && !IsDigit(c) && c != '-' && c != '_') return false;
  }
  return true;
}

bool IsUrnChar(char c) {
  return IsAlpha(c) || IsDigit(c) || c == ':' || c == '.' || c == '-' || c == '_' || c == '/' ||
         c == '%' || c == '+' || c == '$';
}

// Schema URNs a path may name on their own (the whole extension object).
bool IsKnownSchemaUrn(std::string_view text) {
  static constexpr std::array kUrns = {kUserSchema, kGroupSchema, kEnterpriseUserSchema,
                                       kScim11CoreSchema, kScim11EnterpriseSchema};
  for (std::string_view urn : kUrns) {
    if (EqualsIgnoreCase(text, urn)) return true;
  }
  return false;
}

Status Malformed(std::string_view text, std::string_view why) {
  return InvalidPath("invalid attribute path '" + std::string(text) + "': " + std::string(why));
}

bool SameSchema(const Schema* a, const Schema* b) { return a == b; }

}  // namespace

std::string AttrPath::ToString() const {
  std::string out = schema;
  if (attr.empty()) return out;
  if (!out.empty()) out += ':';
  out += attr;
  if (!sub_attr.empty()) {
    out += '.';
    out += sub_attr;
  }
  return out;
}

Result<AttrPath> ParseAttrPath(std::string_view text) {
  if (text.empty()) return Malformed(text, "empty");
  AttrPath path;
  if (IsKnownSchemaUrn(text)) {
    path.schema = std::string(text);
    return path;
  }
  std::string_view rest = text;
  size_t colon = text.rfind(':');
  if (colon != std::string_view::npos) {
    std::string_view urn = text.substr(0, colon);
    for (char c : urn) {
      if (!IsUrnChar(c)) return Malformed(text, "bad character in schema URN");
    }
    if (urn.empty()) return Malformed(text, "empty schema URN");
    path.schema = std::string(urn);
    rest = text.substr(colon + 1);
  }
  size_t dot = rest.find('.');
  std::string_view attr = rest.substr(0, dot);
  if (!IsAttrName(attr)) return Malformed(text, "bad attribute name");
  path.attr = std::string(attr);
  if (dot != std::string_view::npos) {
    std::string_view sub = rest.substr(dot + 1);
    if (!IsAttrName(sub)) return Malformed(text, "bad sub-attribute name");
    path.sub_attr = std::string(sub);
  }
  return path;
}

bool ResolvedAttr::in_extension() const {
  return schema != nullptr && !SameSchema(schema, &CommonAttributes()) &&
         !SameSchema(schema, &UserSchema()) && !SameSchema(schema, &GroupSchema());
}

namespace {

Status Unknown(const AttrPath& path) {
  return InvalidPath("unknown attribute '" + path.ToString() + "'");
}

// Finds the top-level attribute of an unqualified name: common attributes, the
// core schema, then the extensions.
void FindUnqualified(const ResourceType& type, std::string_view name, ResolvedAttr& out) {
  std::vector<const Schema*> order = {&CommonAttributes(), type.core};
  for (const SchemaExtension& ext : type.extensions) order.push_back(ext.schema);
  for (const Schema* schema : order) {
    if (const AttributeDef* attr = schema->Find(name)) {
      out.schema = schema;
      out.attr = attr;
      return;
    }
  }
}

}  // namespace

Result<ResolvedAttr> Resolve(const ResourceType& type, const AttrPath& path) {
  ResolvedAttr out;
  if (path.schema.empty()) {
    FindUnqualified(type, path.attr, out);
  } else {
    const Schema* schema = type.FindSchema(path.schema);
    if (schema == nullptr) {
      return InvalidPath("unknown schema '" + path.schema + "' in '" + path.ToString() + "'");
    }
    if (path.attr.empty()) {
      if (schema == type.core) return Malformed(path.ToString(), "names a whole core schema");
      out.schema = schema;
      return out;
    }
    out.schema = schema;
    out.attr = schema->Find(path.attr);
    // The core URN may qualify the common attributes too ("…:User:id").
    if (out.attr == nullptr && schema == type.core) {
      out.schema = &CommonAttributes();
      out.attr = CommonAttributes().Find(path.attr);
    }
  }
  if (out.attr == nullptr) return Unknown(path);
  if (!path.sub_attr.empty()) {
    if (out.attr->type != AttrType::kComplex) {
      return InvalidPath("attribute '" + out.attr->name + "' has no sub-attributes ('" +
                         path.ToString() + "')");
    }
    out.sub = out.attr->FindSub(path.sub_attr);
    if (out.sub == nullptr) return Unknown(path);
  }
  return out;
}

}  // namespace scimd::scim
