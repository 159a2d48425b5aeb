#include "scim/filter/evaluator.h"

#include <vector>

#include "scim/filter/instant.h"
#include "scim/filter/literal.h"

namespace scimd::scim::filter {
namespace {

namespace json = boost::json;

// Where paths are resolved: against a resource type, or (inside a value path
// and for PATCH value filters) against the sub-attributes of one attribute.
struct Scope {
  const ResourceType* type = nullptr;
  const AttributeDef* parent = nullptr;
};

// ---- Validation ----------------------------------------------------------

// The attribute a path names in `scope`; nullptr for a whole extension.
Result<const AttributeDef*> ValidatePath(const AttrPath& path, const Scope& scope) {
  if (scope.type != nullptr) {
    auto resolved = Resolve(*scope.type, path);
    if (!resolved.ok()) return InvalidFilter(resolved.status().detail());
    return resolved->leaf();
  }
  const AttributeDef& parent = *scope.parent;
  if (!path.schema.empty() || !path.sub_attr.empty()) {
    return InvalidFilter("'" + path.ToString() + "' is not a sub-attribute of '" + parent.name +
                         "'");
  }
  if (parent.sub_attributes.empty() && EqualsIgnoreCase(path.attr, "value")) return &parent;
  const AttributeDef* sub = parent.FindSub(path.attr);
  if (sub == nullptr) {
    return InvalidFilter("unknown sub-attribute '" + path.attr + "' of '" + parent.name + "'");
  }
  return sub;
}

Status ValidateIn(const Node& node, const Scope& scope);

struct Validator {
  const Scope& scope;

  Status operator()(const Comparison& c) const {
    SCIMD_ASSIGN_OR_RETURN(const AttributeDef* leaf, ValidatePath(c.path, scope));
    std::string text = c.path.ToString();
    if (leaf == nullptr)
      return InvalidFilter("a whole extension cannot be compared: '" + text + "'");
    if (c.value.is_null()) return CheckComparison(*leaf, c.op, c.value, text);
    const AttributeDef* compared = ComparedAttr(*leaf);
    if (compared == nullptr) {
      return InvalidFilter("complex attribute '" + text + "' cannot be compared to a value");
    }
    return CheckComparison(*compared, c.op, c.value, text);
  }
  Status operator()(const Present& p) const { return ValidatePath(p.path, scope).status(); }
  Status operator()(const Logical& l) const {
    SCIMD_RETURN_IF_ERROR(ValidateIn(*l.lhs, scope));
    return ValidateIn(*l.rhs, scope);
  }
  Status operator()(const Not& n) const { return ValidateIn(*n.operand, scope); }
  Status operator()(const ValuePath& vp) const {
    std::string text = vp.path.ToString();
    if (scope.type == nullptr) return InvalidFilter("nested value path '" + text + "'");
    SCIMD_ASSIGN_OR_RETURN(const AttributeDef* attr, ValidatePath(vp.path, scope));
    if (attr == nullptr || !vp.path.sub_attr.empty() || attr->type != AttrType::kComplex) {
      return InvalidFilter("value filter on '" + text + "', which is not a complex attribute");
    }
    return ValidateIn(*vp.filter, Scope{nullptr, attr});
  }
};

Status ValidateIn(const Node& node, const Scope& scope) {
  return std::visit(Validator{scope}, node.v);
}

// ---- Locating values -----------------------------------------------------

const json::value* FindKey(const json::object& object, std::string_view name) {
  if (const json::value* v = object.if_contains(name)) return v;
  for (const auto& entry : object) {
    if (EqualsIgnoreCase(entry.key(), name)) return &entry.value();
  }
  return nullptr;
}

// Appends `name` of `v` (an object, or each object of an array).
void AppendSub(const json::value& v, std::string_view name, std::vector<const json::value*>& out) {
  if (const json::object* o = v.if_object()) {
    if (const json::value* s = FindKey(*o, name)) out.push_back(s);
    return;
  }
  if (const json::array* a = v.if_array()) {
    for (const json::value& element : *a) AppendSub(element, name, out);
  }
}

// The attribute a path names and the raw JSON values it holds (each possibly
// an array for a multi-valued attribute).
struct Located {
  const AttributeDef* leaf = nullptr;
  std::vector<const json::value*> values;
};

struct Target {
  const json::object* resource = nullptr;  // resource scope
  const ResourceType* type = nullptr;
  const json::value* element = nullptr;  // element scope
  const AttributeDef* parent = nullptr;
};

Located LocateInResource(const AttrPath& path, const json::object& resource,
                         const ResourceType& type) {
  Located out;
  auto resolved = Resolve(type, path);
  if (!resolved.ok()) return out;
  const json::object* container = &resource;
  if (resolved->in_extension()) {
    const json::value* ext = FindKey(resource, resolved->schema->id);
    if (ext == nullptr) return out;
    if (resolved->is_extension_root()) {
      out.values.push_back(ext);
      return out;
    }
    if (!ext->is_object()) return out;
    container = &ext->get_object();
  }
  if (resolved->is_extension_root()) return out;
  out.leaf = resolved->leaf();
  const json::value* top = FindKey(*container, resolved->attr->name);
  if (top == nullptr) return out;
  if (resolved->sub == nullptr) {
    out.values.push_back(top);
  } else {
    AppendSub(*top, resolved->sub->name, out.values);
  }
  return out;
}

Located LocateInElement(const AttrPath& path, const json::value& element,
                        const AttributeDef& parent) {
  Located out;
  if (parent.sub_attributes.empty()) {
    if (EqualsIgnoreCase(path.attr, "value")) out = {&parent, {&element}};
    return out;
  }
  out.leaf = parent.FindSub(path.attr);
  if (out.leaf == nullptr) return out;
  if (const json::object* o = element.if_object()) {
    if (const json::value* v = FindKey(*o, out.leaf->name)) out.values.push_back(v);
  }
  return out;
}

Located Locate(const AttrPath& path, const Target& target) {
  if (target.resource != nullptr) return LocateInResource(path, *target.resource, *target.type);
  return LocateInElement(path, *target.element, *target.parent);
}

// ---- Comparing -----------------------------------------------------------

// RFC 7644 §3.4.2.2 "pr": null, "" and empty arrays (and objects) are absent.
bool IsPresent(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null:
      return false;
    case json::kind::string:
      return !v.get_string().empty();
    case json::kind::array:
      return !v.get_array().empty();
    case json::kind::object:
      return !v.get_object().empty();
    case json::kind::bool_:
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_:
      return true;
  }
  return false;
}

bool AnyPresent(const std::vector<const json::value*>& values) {
  for (const json::value* v : values) {
    if (IsPresent(*v)) return true;
  }
  return false;
}

bool Ordered(CompareOp op, int cmp) {
  switch (op) {
    case CompareOp::kEq:
      return cmp == 0;
    case CompareOp::kNe:
      return cmp != 0;
    case CompareOp::kGt:
      return cmp > 0;
    case CompareOp::kLt:
      return cmp < 0;
    case CompareOp::kGe:
      return cmp >= 0;
    case CompareOp::kLe:
      return cmp <= 0;
    case CompareOp::kCo:
    case CompareOp::kSw:
    case CompareOp::kEw:
      return false;
  }
  return false;
}

template <typename T>
int Cmp(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

bool StringMatches(CompareOp op, const std::string& a, const std::string& b) {
  switch (op) {
    case CompareOp::kCo:
      return a.find(b) != std::string::npos;
    case CompareOp::kSw:
      return a.starts_with(b);
    case CompareOp::kEw:
      return a.ends_with(b);
    case CompareOp::kEq:
    case CompareOp::kNe:
    case CompareOp::kGt:
    case CompareOp::kLt:
    case CompareOp::kGe:
    case CompareOp::kLe:
      return Ordered(op, a.compare(b) < 0 ? -1 : (a.compare(b) > 0 ? 1 : 0));
  }
  return false;
}

bool IsIntegral(const json::value& v) { return v.is_int64() || v.is_uint64(); }

int NumberCmp(const json::value& a, const json::value& b) {
  if (a.is_int64() && b.is_int64()) return Cmp(a.get_int64(), b.get_int64());
  if (IsIntegral(a) && IsIntegral(b) && !(a.is_int64() && a.get_int64() < 0) &&
      !(b.is_int64() && b.get_int64() < 0)) {
    return Cmp(a.to_number<uint64_t>(), b.to_number<uint64_t>());
  }
  return Cmp(a.to_number<double>(), b.to_number<double>());
}

// One stored scalar against the literal. REQUIRES: op != kNe.
bool ScalarMatches(const AttributeDef& attr, CompareOp op, const json::value& v,
                   const json::value& literal) {
  switch (attr.type) {
    case AttrType::kString:
    case AttrType::kReference:
    case AttrType::kBinary: {
      if (!v.is_string()) return false;
      std::string a(v.get_string());
      std::string b = LiteralText(literal);
      if (!attr.case_exact) {
        a = FoldAscii(a);
        b = FoldAscii(b);
      }
      return StringMatches(op, a, b);
    }
    case AttrType::kBoolean: {
      std::optional<bool> b = LiteralBool(literal);
      return v.is_bool() && b && op == CompareOp::kEq && v.get_bool() == *b;
    }
    case AttrType::kInteger:
    case AttrType::kDecimal:
      return v.is_number() && literal.is_number() && Ordered(op, NumberCmp(v, literal));
    case AttrType::kDateTime: {
      if (!v.is_string() || !literal.is_string()) return false;
      auto a = ParseInstantMillis(v.get_string());
      auto b = ParseInstantMillis(literal.get_string());
      return a && b && Ordered(op, Cmp(*a, *b));
    }
    case AttrType::kComplex:
      return false;
  }
  return false;
}

// Any stored value (flattening multi-valued arrays) matches `op literal`.
bool AnyMatches(const Located& loc, CompareOp op, const json::value& literal) {
  const AttributeDef* compared = ComparedAttr(*loc.leaf);
  if (compared == nullptr) return false;
  std::vector<const json::value*> values;
  if (compared != loc.leaf) {
    for (const json::value* v : loc.values) AppendSub(*v, compared->name, values);
  } else {
    values = loc.values;
  }
  for (const json::value* v : values) {
    if (const json::array* a = v->if_array()) {
      for (const json::value& element : *a) {
        if (ScalarMatches(*compared, op, element, literal)) return true;
      }
    } else if (ScalarMatches(*compared, op, *v, literal)) {
      return true;
    }
  }
  return false;
}

bool Eval(const Node& node, const Target& target);

bool EvalComparison(const Comparison& c, const Target& target) {
  Located loc = Locate(c.path, target);
  if (c.value.is_null()) {
    // `eq null` asks for absence, `ne null` for presence.
    bool present = AnyPresent(loc.values);
    return c.op == CompareOp::kEq ? !present : present;
  }
  if (loc.leaf == nullptr) return false;
  // `ne` is the negation of `eq`, so an absent attribute is "not equal".
  if (c.op == CompareOp::kNe) return !AnyMatches(loc, CompareOp::kEq, c.value);
  return AnyMatches(loc, c.op, c.value);
}

bool EvalValuePath(const ValuePath& vp, const Target& target) {
  if (target.resource == nullptr) return false;
  auto resolved = Resolve(*target.type, vp.path);
  if (!resolved.ok() || resolved->attr == nullptr) return false;
  Located loc = LocateInResource(vp.path, *target.resource, *target.type);
  for (const json::value* v : loc.values) {
    if (const json::array* a = v->if_array()) {
      for (const json::value& element : *a) {
        if (MatchesElement(*vp.filter, element, *resolved->attr)) return true;
      }
    } else if (MatchesElement(*vp.filter, *v, *resolved->attr)) {
      return true;
    }
  }
  return false;
}

struct Evaluator {
  const Target& target;

  bool operator()(const Comparison& c) const { return EvalComparison(c, target); }
  bool operator()(const Present& p) const { return AnyPresent(Locate(p.path, target).values); }
  bool operator()(const Logical& l) const {
    switch (l.op) {
      case LogicalOp::kAnd:
        return Eval(*l.lhs, target) && Eval(*l.rhs, target);
      case LogicalOp::kOr:
        return Eval(*l.lhs, target) || Eval(*l.rhs, target);
    }
    return false;
  }
  bool operator()(const Not& n) const { return !Eval(*n.operand, target); }
  bool operator()(const ValuePath& vp) const { return EvalValuePath(vp, target); }
};

bool Eval(const Node& node, const Target& target) { return std::visit(Evaluator{target}, node.v); }

}  // namespace

Status Validate(const Node& node, const ResourceType& type) {
  return ValidateIn(node, Scope{&type, nullptr});
}

bool Matches(const Node& node, const json::object& resource, const ResourceType& type) {
  Target target;
  target.resource = &resource;
  target.type = &type;
  return Eval(node, target);
}

bool MatchesElement(const Node& node, const json::value& element, const AttributeDef& multi) {
  Target target;
  target.element = &element;
  target.parent = &multi;
  return Eval(node, target);
}

}  // namespace scimd::scim::filter
