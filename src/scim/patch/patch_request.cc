// Parsing of PatchOp bodies (RFC 7644 §3.5.2) and of OneLogin's SCIM 1.1
// PATCH body, which has no Operations and marks removals per value.
#include <string>
#include <utility>
#include <vector>

#include "scim/patch/patch.h"
#include "scim/patch/patch_internal.h"
#include "scim/resource/normalize.h"

namespace scimd::scim {
namespace {

using patch_internal::FindKey;
using Op = PatchOperation::Op;
using Ops = std::vector<PatchOperation>;

Result<Op> ParseOpName(const boost::json::value* op) {
  if (op == nullptr || !op->is_string()) return InvalidSyntax("operation has no \"op\"");
  std::string name = LowerAscii(op->get_string());
  if (name == "add") return Op::kAdd;
  if (name == "remove") return Op::kRemove;
  if (name == "replace") return Op::kReplace;
  return InvalidSyntax("unknown op \"" + std::string(op->get_string()) + "\"");
}

Result<PatchOperation> ParseOperation(const boost::json::value& json) {
  if (!json.is_object()) return InvalidSyntax("each operation must be a JSON object");
  const boost::json::object& obj = json.get_object();
  PatchOperation op;
  SCIMD_ASSIGN_OR_RETURN(op.op, ParseOpName(FindKey(obj, "op")));
  if (const boost::json::value* path = FindKey(obj, "path"); path && !path->is_null()) {
    if (!path->is_string()) return InvalidSyntax("\"path\" must be a string");
    // An empty path is sent by some clients for a pathless operation.
    if (!path->get_string().empty()) op.path = std::string(path->get_string());
  }
  if (const boost::json::value* value = FindKey(obj, "value")) op.value = *value;
  return op;
}

bool IsDelete(const boost::json::value& element) {
  if (!element.is_object()) return false;
  const boost::json::value* op = FindKey(element.get_object(), "operation");
  return op != nullptr && op->is_string() && LowerAscii(op->get_string()) == "delete";
}

// A SCIM 1.1 multi-valued attribute: consecutive runs of deletions and
// additions become remove/add operations on `path`, in order.
void LegacyMultiValued(std::string_view key, const boost::json::array& values, Ops& ops) {
  for (const boost::json::value& element : values) {
    Op op = IsDelete(element) ? Op::kRemove : Op::kAdd;
    boost::json::value clean = element;
    if (clean.is_object()) {
      for (auto it = clean.get_object().begin(); it != clean.get_object().end();) {
        it =
            EqualsIgnoreCase(it->key(), "operation") ? clean.get_object().erase(it) : std::next(it);
      }
    }
    if (ops.empty() || ops.back().op != op || ops.back().path != key) {
      ops.push_back(PatchOperation{op, std::string(key), boost::json::array()});
    }
    ops.back().value.get_array().push_back(std::move(clean));
  }
}

bool HasDeletion(const boost::json::value& value) {
  if (!value.is_array()) return false;
  for (const boost::json::value& element : value.get_array()) {
    if (IsDelete(element)) return true;
  }
  return false;
}

// SCIM 1.1 PATCH: meta.attributes lists attributes to remove (applied
// first), multi-valued attributes add or delete per value, and every other
// attribute is added/replaced as by a pathless add.
Result<Ops> ParseLegacyBody(const boost::json::object& body) {
  Ops ops;
  if (const boost::json::value* meta = FindKey(body, "meta"); meta && meta->is_object()) {
    const boost::json::value* attributes = FindKey(meta->get_object(), "attributes");
    if (attributes != nullptr && attributes->is_array()) {
      for (const boost::json::value& name : attributes->get_array()) {
        if (!name.is_string()) return InvalidSyntax("meta.attributes must list attribute names");
        ops.push_back(PatchOperation{Op::kRemove, std::string(name.get_string()), nullptr});
      }
    }
  }
  boost::json::object rest;
  for (const auto& kv : body) {
    if (EqualsIgnoreCase(kv.key(), "schemas") || EqualsIgnoreCase(kv.key(), "meta")) continue;
    bool members = EqualsIgnoreCase(kv.key(), "members") && kv.value().is_array();
    if (members || HasDeletion(kv.value())) {
      LegacyMultiValued(kv.key(), kv.value().get_array(), ops);
    } else {
      rest[kv.key()] = kv.value();
    }
  }
  if (!rest.empty()) ops.push_back(PatchOperation{Op::kAdd, std::nullopt, std::move(rest)});
  if (ops.empty()) return InvalidSyntax("PATCH body has no Operations");
  return ops;
}

}  // namespace

Result<std::vector<PatchOperation>> ParsePatchRequest(const boost::json::value& body) {
  if (!body.is_object()) return InvalidSyntax("PATCH body must be a JSON object");
  const boost::json::object& obj = body.get_object();
  const boost::json::value* operations = FindKey(obj, "Operations");
  if (operations == nullptr) return ParseLegacyBody(obj);
  if (!operations->is_array()) return InvalidSyntax("\"Operations\" must be an array");
  // RFC 7644 §3.5.2: "an array of one or more PATCH operations".
  if (operations->get_array().empty()) return InvalidSyntax("\"Operations\" is empty");
  Ops ops;
  ops.reserve(operations->get_array().size());
  for (const boost::json::value& json : operations->get_array()) {
    SCIMD_ASSIGN_OR_RETURN(PatchOperation op, ParseOperation(json));
    ops.push_back(std::move(op));
  }
  return ops;
}

}  // namespace scimd::scim
