// Group membership through PATCH. `members` is never edited as JSON: each op
// becomes MemberChange steps, so a group of 100k members costs O(k log n) to
// change, and most removals never load the member list at all.
#include <string>
#include <variant>
#include <vector>

#include "scim/filter/evaluator.h"
#include "scim/patch/patch_internal.h"

namespace scimd::scim::patch_internal {
namespace {

using Ids = std::vector<std::string>;

Status AppendMemberId(const boost::json::value& element, Ids& ids) {
  const boost::json::value* v = &element;
  if (element.is_object()) {
    v = FindKey(element.get_object(), "value");
    if (v == nullptr) return InvalidValue("a member needs a \"value\"");
  }
  if (!v->is_string() || v->get_string().empty()) {
    return InvalidValue("a member value must be a non-empty string");
  }
  ids.emplace_back(v->get_string());
  return Status::Ok();
}

// [{"value": id}, …], a single {"value": id}, or bare id strings.
Result<Ids> MemberIds(const boost::json::value& value) {
  Ids ids;
  if (value.is_array()) {
    for (const boost::json::value& element : value.get_array()) {
      SCIMD_RETURN_IF_ERROR(AppendMemberId(element, ids));
    }
  } else if (!value.is_null()) {
    SCIMD_RETURN_IF_ERROR(AppendMemberId(value, ids));
  }
  return ids;
}

// `value eq "x"` and disjunctions of them name the ids directly; the member
// list need not be loaded.
bool ReduceToIds(const filter::Node& node, Ids& ids) {
  if (const auto* cmp = std::get_if<filter::Comparison>(&node.v)) {
    bool is_value = EqualsIgnoreCase(cmp->path.attr, "value") && cmp->path.sub_attr.empty();
    if (!is_value || cmp->op != filter::CompareOp::kEq || !cmp->value.is_string()) return false;
    ids.emplace_back(cmp->value.get_string());
    return true;
  }
  if (const auto* logical = std::get_if<filter::Logical>(&node.v)) {
    return logical->op == filter::LogicalOp::kOr && ReduceToIds(*logical->lhs, ids) &&
           ReduceToIds(*logical->rhs, ids);
  }
  return false;
}

Result<Ids> MatchingMemberIds(PatchState& state, const Target& target) {
  Ids ids;
  if (ReduceToIds(*target.filter, ids)) return ids;
  ids.clear();
  if (!state.load_members) return Internal("members filter needs a member loader");
  SCIMD_ASSIGN_OR_RETURN(std::vector<Member> members, state.load_members());
  for (const Member& m : members) {
    boost::json::object element{{"value", m.id},
                                {"display", m.display},
                                {"type", m.kind == ResourceKind::kUser ? "User" : "Group"}};
    if (filter::MatchesElement(*target.filter, element, *target.attr)) ids.push_back(m.id);
  }
  return ids;
}

void Push(PatchState& state, MemberChange::Kind kind, Ids ids) {
  if (kind != MemberChange::Kind::kRemoveAll && ids.empty()) return;
  state.changes.push_back(MemberChange{kind, std::move(ids)});
}

}  // namespace

Status ApplyMembers(PatchState& state, PatchOperation::Op op, const Target& target,
                    const boost::json::value& value) {
  if (target.shape == Shape::kSubAttr || target.shape == Shape::kFilteredSub) {
    return InvalidPath("sub-attributes of members cannot be patched; patch members instead");
  }
  bool filtered = target.filter != nullptr;
  switch (op) {
    case PatchOperation::Op::kAdd: {
      if (filtered) return InvalidPath("add cannot take a value filter on members");
      if (value.is_null()) return InvalidValue("add needs a value");
      SCIMD_ASSIGN_OR_RETURN(Ids ids, MemberIds(value));
      Push(state, MemberChange::Kind::kAdd, std::move(ids));
      return Status::Ok();
    }
    case PatchOperation::Op::kRemove: {
      // Membership removal is idempotent: ids that are not members are no-ops,
      // so a retried request does not fail with noTarget.
      if (filtered) {
        SCIMD_ASSIGN_OR_RETURN(Ids ids, MatchingMemberIds(state, target));
        Push(state, MemberChange::Kind::kRemove, std::move(ids));
      } else if (value.is_null()) {
        Push(state, MemberChange::Kind::kRemoveAll, {});
      } else {
        // Entra's default dialect: remove only the listed members, never all.
        SCIMD_ASSIGN_OR_RETURN(Ids ids, MemberIds(value));
        Push(state, MemberChange::Kind::kRemove, std::move(ids));
      }
      return Status::Ok();
    }
    case PatchOperation::Op::kReplace: {
      SCIMD_ASSIGN_OR_RETURN(Ids added, MemberIds(value));
      if (filtered) {
        SCIMD_ASSIGN_OR_RETURN(Ids removed, MatchingMemberIds(state, target));
        Push(state, MemberChange::Kind::kRemove, std::move(removed));
      } else {
        Push(state, MemberChange::Kind::kRemoveAll, {});
      }
      Push(state, MemberChange::Kind::kAdd, std::move(added));
      return Status::Ok();
    }
  }
  return Internal("unhandled PATCH op");
}

}  // namespace scimd::scim::patch_internal
