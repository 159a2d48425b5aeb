// Helpers for the elements of multi-valued attributes (emails, roles, …).
#include <string>
#include <type_traits>
#include <variant>

#include "scim/filter/evaluator.h"
#include "scim/patch/patch_internal.h"

namespace scimd::scim::patch_internal {
namespace {

bool IsTrue(const boost::json::value* v) { return v != nullptr && v->is_bool() && v->get_bool(); }

// Same `value` and no conflicting `type`: the client means the same element.
bool SameElement(const boost::json::object& existing, const boost::json::object& incoming) {
  const boost::json::value* value = FindKey(incoming, "value");
  const boost::json::value* old_value = FindKey(existing, "value");
  if (value == nullptr || old_value == nullptr || *value != *old_value) return false;
  const boost::json::value* type = FindKey(incoming, "type");
  const boost::json::value* old_type = FindKey(existing, "type");
  return type == nullptr || old_type == nullptr || *type == *old_type;
}

}  // namespace

bool Covers(const boost::json::value& element, const boost::json::value& probe) {
  if (!element.is_object() || !probe.is_object()) return element == probe;
  for (const auto& kv : probe.get_object()) {
    const boost::json::value* v = FindKey(element.get_object(), kv.key());
    if (v == nullptr || *v != kv.value()) return false;
  }
  return true;
}

size_t AddElement(boost::json::array& arr, const boost::json::value& element) {
  for (size_t i = 0; i < arr.size(); ++i) {
    if (Covers(arr[i], element)) return i;  // RFC 7644 §3.5.2.1: already there, no change
  }
  if (element.is_object()) {
    for (size_t i = 0; i < arr.size(); ++i) {
      if (!arr[i].is_object() || !SameElement(arr[i].get_object(), element.get_object())) continue;
      for (const auto& kv : element.get_object()) arr[i].get_object()[kv.key()] = kv.value();
      return i;
    }
  }
  arr.push_back(element);
  return arr.size() - 1;
}

void KeepOnePrimary(boost::json::array& arr, size_t index) {
  if (index >= arr.size() || !arr[index].is_object()) return;
  if (!IsTrue(FindKey(arr[index].get_object(), "primary"))) return;
  for (size_t i = 0; i < arr.size(); ++i) {
    if (i == index || !arr[i].is_object()) continue;
    boost::json::value* primary = FindKey(arr[i].get_object(), "primary");
    if (IsTrue(primary)) *primary = false;
  }
}

std::vector<size_t> MatchingElements(const boost::json::array& arr, const Target& target) {
  std::vector<size_t> out;
  for (size_t i = 0; i < arr.size(); ++i) {
    if (filter::MatchesElement(*target.filter, arr[i], *target.attr)) out.push_back(i);
  }
  return out;
}

Result<boost::json::object> SeedFromFilter(const filter::Node& node, const AttributeDef& def) {
  auto no_seed = [&] {
    return NoTarget("no value of " + def.name + " matches " + filter::ToString(node));
  };
  if (const auto* cmp = std::get_if<filter::Comparison>(&node.v)) {
    std::string_view name = cmp->path.sub_attr.empty() ? cmp->path.attr : cmp->path.sub_attr;
    const AttributeDef* sub = def.FindSub(name);
    if (cmp->op != filter::CompareOp::kEq || sub == nullptr || cmp->value.is_null()) {
      return no_seed();
    }
    return boost::json::object{{sub->name, cmp->value}};
  }
  if (const auto* logical = std::get_if<filter::Logical>(&node.v)) {
    if (logical->op != filter::LogicalOp::kAnd) return no_seed();
    SCIMD_ASSIGN_OR_RETURN(boost::json::object lhs, SeedFromFilter(*logical->lhs, def));
    SCIMD_ASSIGN_OR_RETURN(boost::json::object rhs, SeedFromFilter(*logical->rhs, def));
    for (const auto& kv : rhs) lhs[kv.key()] = kv.value();
    return lhs;
  }
  return no_seed();
}

void DropEmptyElements(boost::json::array& arr) {
  for (auto it = arr.begin(); it != arr.end();) {
    it = it->is_object() && it->get_object().empty() ? arr.erase(it) : std::next(it);
  }
}

boost::json::array* ArrayOf(boost::json::object* container, const AttributeDef& def) {
  if (container == nullptr) return nullptr;
  boost::json::value* v = FindKey(*container, def.name);
  return v != nullptr && v->is_array() ? &v->get_array() : nullptr;
}

}  // namespace scimd::scim::patch_internal
