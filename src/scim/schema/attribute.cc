#include "scim/schema/attribute.h"

namespace scimd::scim {

std::string_view AttrTypeName(AttrType t) {
  switch (t) {
    case AttrType::kString:
      return "string";
    case AttrType::kBoolean:
      return "boolean";
    case AttrType::kDecimal:
      return "decimal";
    case AttrType::kInteger:
      return "integer";
    case AttrType::kDateTime:
      return "dateTime";
    case AttrType::kReference:
      return "reference";
    case AttrType::kComplex:
      return "complex";
    case AttrType::kBinary:
      return "binary";
  }
  return "string";
}

std::string_view MutabilityName(Mutability m) {
  switch (m) {
    case Mutability::kReadOnly:
      return "readOnly";
    case Mutability::kReadWrite:
      return "readWrite";
    case Mutability::kImmutable:
      return "immutable";
    case Mutability::kWriteOnly:
      return "writeOnly";
  }
  return "readWrite";
}

std::string_view ReturnedName(Returned r) {
  switch (r) {
    case Returned::kAlways:
      return "always";
    case Returned::kNever:
      return "never";
    case Returned::kDefault:
      return "default";
    case Returned::kRequest:
      return "request";
  }
  return "default";
}

std::string_view UniquenessName(Uniqueness u) {
  switch (u) {
    case Uniqueness::kNone:
      return "none";
    case Uniqueness::kServer:
      return "server";
    case Uniqueness::kGlobal:
      return "global";
  }
  return "none";
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

const AttributeDef* AttributeDef::FindSub(std::string_view sub_name) const {
  for (const AttributeDef& sub : sub_attributes) {
    if (EqualsIgnoreCase(sub.name, sub_name)) return &sub;
  }
  return nullptr;
}

}  // namespace scimd::scim
