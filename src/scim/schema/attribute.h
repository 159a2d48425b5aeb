// Attribute definitions of RFC 7643 §2.2 / §7: the vocabulary every other part
// of src/scim uses to decide how a value is validated, compared and returned.
//
// Thread-safety: immutable after construction; the built-in schemas are
// process-wide constants safe to read from any thread.
#ifndef SCIMD_SCIM_SCHEMA_ATTRIBUTE_H_
#define SCIMD_SCIM_SCHEMA_ATTRIBUTE_H_

#include <string>
#include <string_view>
#include <vector>

namespace scimd::scim {

// RFC 7643 §2.3 data types.
enum class AttrType { kString, kBoolean, kDecimal, kInteger, kDateTime, kReference, kComplex, kBinary };
// RFC 7643 §7 "mutability".
enum class Mutability { kReadOnly, kReadWrite, kImmutable, kWriteOnly };
// RFC 7643 §7 "returned".
enum class Returned { kAlways, kNever, kDefault, kRequest };
// RFC 7643 §7 "uniqueness".
enum class Uniqueness { kNone, kServer, kGlobal };

std::string_view AttrTypeName(AttrType t);      // "string", "boolean", ... (RFC spelling)
std::string_view MutabilityName(Mutability m);  // "readOnly", ...
std::string_view ReturnedName(Returned r);      // "always", ...
std::string_view UniquenessName(Uniqueness u);  // "none", "server", "global"

struct AttributeDef {
  std::string name;
  AttrType type = AttrType::kString;
  bool multi_valued = false;
  std::string description;
  bool required = false;
  bool case_exact = false;
  Mutability mutability = Mutability::kReadWrite;
  Returned returned = Returned::kDefault;
  Uniqueness uniqueness = Uniqueness::kNone;
  std::vector<std::string> canonical_values;
  std::vector<std::string> reference_types;
  std::vector<AttributeDef> sub_attributes;  // only for kComplex

  // Sub-attribute by name, compared case-insensitively (RFC 7643 §2.1);
  // nullptr when absent.
  const AttributeDef* FindSub(std::string_view sub_name) const;
};

// Case-insensitive ASCII comparison used for attribute names and URNs.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace scimd::scim

#endif  // SCIMD_SCIM_SCHEMA_ATTRIBUTE_H_
