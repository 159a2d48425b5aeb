// Shared pieces of the PATCH engine (patch_*.cc). Not part of the public
// interface: include scim/patch/patch.h instead.
//
// Every function works on a PatchState, a private copy of the resource's
// attributes and of the membership steps; ApplyPatch assigns the copy back only
// when every operation succeeded, which is what makes PATCH atomic.
#ifndef SCIMD_SCIM_PATCH_PATCH_INTERNAL_H_
#define SCIMD_SCIM_PATCH_PATCH_INTERNAL_H_

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "scim/filter/ast.h"
#include "scim/patch/patch.h"
#include "scim/resource/resource.h"
#include "scim/schema/schema.h"

namespace scimd::scim::patch_internal {

struct PatchState {
  const ResourceType& type;
  const std::string& resource_id;
  boost::json::object attrs;          // working copy of Resource::attributes
  std::vector<MemberChange> changes;  // steps produced by this PATCH only
  const MemberLoader& load_members;
};

// The shapes a PATCH path can take; each op switches over them.
enum class Shape {
  kResourceRoot,   // the core schema URN itself: behaves like a pathless op
  kExtensionRoot,  // "urn:…:enterprise:2.0:User"
  kAttr,           // "userName", "name", "emails", "manager"
  kSubAttr,        // "name.givenName", "manager.value"
  kFiltered,       // "emails[type eq \"work\"]"
  kFilteredSub,    // "emails[type eq \"work\"].value"
};

// A PATCH path resolved against the resource type.
struct Target {
  Shape shape = Shape::kAttr;
  const Schema* schema = nullptr;      // schema holding `attr`
  const AttributeDef* attr = nullptr;  // null for the two root shapes
  const AttributeDef* sub = nullptr;   // kSubAttr / kFilteredSub: the written sub-attribute
  filter::NodePtr filter;              // kFiltered / kFilteredSub
  bool in_extension = false;           // value lives in attrs[schema->id]
  bool is_members = false;             // Group `members`: MemberChange, not JSON
};

// Resolves `path` (trimmed, SCIM 1.1 URNs accepted). Fails with kInvalidPath
// when the path is malformed, names no attribute of `type`, puts a value
// filter on anything but a multi-valued complex attribute, or filters on an
// unknown sub-attribute.
Result<Target> ResolveTarget(const ResourceType& type, std::string_view path);

// kMutability when the target (attribute or sub-attribute) is readOnly.
Status CheckNotReadOnly(const Target& target);

// The object holding the target's attribute: the attributes themselves or the
// extension object (created when `create`; nullptr when absent and !create).
boost::json::object* ContainerOf(PatchState& state, const Target& target, bool create);

// Case-insensitive key lookup (stored keys use schema spelling, but older rows
// or IdP-written keys may not).
boost::json::value* FindKey(boost::json::object& obj, std::string_view name);
const boost::json::value* FindKey(const boost::json::object& obj, std::string_view name);

// Null and "" mean "unassigned" (RFC 7644 §3.5.2.3; OneLogin's empty template
// parameters).
bool IsUnassigned(const boost::json::value& v);

// Coerces a value for a simple attribute or sub-attribute; a one-element
// array is unwrapped for single-valued targets. Returns null for unassigned
// values. Fails with kInvalidValue.
Result<boost::json::value> CoerceLeaf(const boost::json::value& value, const AttributeDef& def);

// Coerces an object for a complex attribute. Keys are mapped to schema
// spelling; unknown and readOnly sub-attributes are dropped (as on PUT);
// unassigned values become null (meaning "erase" when merging). A string is
// taken as {"value": s}, a one-element array is unwrapped, and manager's
// {"managerId": x} means {"value": x}. Fails with kInvalidValue.
Result<boost::json::object> CoerceComplex(const boost::json::value& value, const AttributeDef& def);

// Coerces the value of a multi-valued attribute into its elements (a single
// value is wrapped; unassigned elements and null sub-values are dropped).
Result<boost::json::array> CoerceElements(const boost::json::value& value, const AttributeDef& def);

// Sets `key` of `obj` to `value`, or erases it when `value` is null. Enforces
// immutability (only settable while absent) and required attributes (never
// erased: kInvalidValue).
Status SetOrErase(boost::json::object& obj, const AttributeDef& def, boost::json::value value);

// Merges a CoerceComplex result into `obj` sub-attribute by sub-attribute.
Status MergeInto(boost::json::object& obj, const boost::json::object& coerced,
                 const AttributeDef& def);

// Appends `element` unless an equal one exists (RFC 7644 §3.5.2.1: no change);
// an element with the same value and type is merged instead. Returns its index.
size_t AddElement(boost::json::array& arr, const boost::json::value& element);

// When arr[index] is primary, clears `primary` on every other element
// (RFC 7643 §2.4: at most one primary value).
void KeepOnePrimary(boost::json::array& arr, size_t index);

// Indexes of the elements of `arr` matching the target's value filter.
std::vector<size_t> MatchingElements(const boost::json::array& arr, const Target& target);

// A new element built from the equality terms of a value filter
// (`type eq "work"` → {"type":"work"}), for `add` through a filter that
// matches nothing. Fails with kNoTarget when the filter is not a conjunction
// of `eq` terms.
Result<boost::json::object> SeedFromFilter(const filter::Node& node, const AttributeDef& def);

// True when `element` holds every key/value of `probe` (objects) or equals it.
bool Covers(const boost::json::value& element, const boost::json::value& probe);

// Removes elements that became empty objects.
void DropEmptyElements(boost::json::array& arr);

// The array stored under the target's attribute, or nullptr when absent or
// not an array.
boost::json::array* ArrayOf(boost::json::object* container, const AttributeDef& def);

// Erases the target attribute when it became an empty object or array.
void DropIfEmpty(boost::json::object& container, std::string_view key);

// The extension object and the `schemas` list agree after the last op: empty
// extension objects are removed, and `schemas` lists exactly the extensions
// present (plus the core URN).
void SyncSchemas(PatchState& state);

// Writes shared by add and replace (patch_write.cc). SetSingleValued: a
// simple attribute is set, a complex one merged sub-attribute by sub-attribute
// (RFC 7644 §3.5.2.1 / §3.5.2.3: unspecified sub-attributes are kept).
// SetSubAttr: "name.givenName"; on a multi-valued attribute every element gets
// the sub-attribute, and an absent attribute gets one new element.
// SetSubOnElements: the sub-attribute on arr[i] for each index.
Status SetSingleValued(PatchState& state, const Target& target, const boost::json::value& value);
Status SetSubAttr(PatchState& state, const Target& target, const boost::json::value& value);
Status SetSubOnElements(boost::json::array& arr, const std::vector<size_t>& indexes,
                        const AttributeDef& sub, const boost::json::value& coerced);

// Entry points per op (patch_add.cc, patch_replace.cc, patch_remove.cc).
// `value` is the op's value; null for remove without value.
Status AddAt(PatchState& state, std::string_view path, const boost::json::value& value);
Status AddToTarget(PatchState& state, const Target& target, const boost::json::value& value);
Status ReplaceAt(PatchState& state, std::string_view path, const boost::json::value& value);
Status ReplaceTarget(PatchState& state, const Target& target, const boost::json::value& value);
Status RemoveAt(PatchState& state, std::string_view path, const boost::json::value& value);
Status RemoveTarget(PatchState& state, const Target& target, const boost::json::value& value);

// Pathless add/replace (and the root shapes): each key of the object value is
// an attribute path (dotted and schema-qualified keys included); `schemas`,
// `meta` and an `id` equal to the resource's are ignored; an extension URN key
// applies its object key by key. Unknown keys are dropped, as on PUT.
Status ApplyPathless(PatchState& state, PatchOperation::Op op, const boost::json::value& value);

// Each key of an extension object applied as "<urn>:<key>".
Status ApplyExtensionObject(PatchState& state, PatchOperation::Op op, const Schema& ext,
                            const boost::json::value& value);

// Group membership (patch_members.cc): `op` on `members`, with the target's
// optional value filter.
Status ApplyMembers(PatchState& state, PatchOperation::Op op, const Target& target,
                    const boost::json::value& value);

}  // namespace scimd::scim::patch_internal

#endif  // SCIMD_SCIM_PATCH_PATCH_INTERNAL_H_
