#include "scim/filter/literal.h"

#include <boost/json/serialize.hpp>

#include "scim/filter/instant.h"

namespace scimd::scim::filter {

std::string FoldAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string LiteralText(const boost::json::value& literal) {
  if (literal.is_string()) return std::string(literal.get_string());
  return boost::json::serialize(literal);
}

std::optional<bool> LiteralBool(const boost::json::value& literal) {
  if (literal.is_bool()) return literal.get_bool();
  if (!literal.is_string()) return std::nullopt;
  std::string folded = FoldAscii(literal.get_string());
  if (folded == "true") return true;
  if (folded == "false") return false;
  return std::nullopt;
}

const AttributeDef* ComparedAttr(const AttributeDef& leaf) {
  if (leaf.type != AttrType::kComplex) return &leaf;
  return leaf.FindSub("value");
}

namespace {

bool IsOrdering(CompareOp op) {
  switch (op) {
    case CompareOp::kGt:
    case CompareOp::kLt:
    case CompareOp::kGe:
    case CompareOp::kLe:
      return true;
    case CompareOp::kEq:
    case CompareOp::kNe:
    case CompareOp::kCo:
    case CompareOp::kSw:
    case CompareOp::kEw:
      return false;
  }
  return false;
}

bool IsSubstring(CompareOp op) {
  return op == CompareOp::kCo || op == CompareOp::kSw || op == CompareOp::kEw;
}

Status Unsuitable(CompareOp op, std::string_view path_text, std::string_view why) {
  return InvalidFilter("operator '" + std::string(CompareOpName(op)) + "' cannot be applied to '" +
                       std::string(path_text) + "': " + std::string(why));
}

}  // namespace

Status CheckComparison(const AttributeDef& attr, CompareOp op, const boost::json::value& literal,
                       std::string_view path_text) {
  if (literal.is_null()) {
    if (op == CompareOp::kEq || op == CompareOp::kNe) return Status::Ok();
    return Unsuitable(op, path_text, "null only compares with eq or ne");
  }
  switch (attr.type) {
    case AttrType::kString:
    case AttrType::kReference:
    case AttrType::kBinary:
      return Status::Ok();
    case AttrType::kBoolean:
      if (IsOrdering(op) || IsSubstring(op)) return Unsuitable(op, path_text, "it is a boolean");
      if (!LiteralBool(literal)) return Unsuitable(op, path_text, "the value is not a boolean");
      return Status::Ok();
    case AttrType::kInteger:
    case AttrType::kDecimal:
      if (IsSubstring(op)) return Unsuitable(op, path_text, "it is a number");
      if (!literal.is_number()) return Unsuitable(op, path_text, "the value is not a number");
      return Status::Ok();
    case AttrType::kDateTime:
      if (IsSubstring(op)) return Unsuitable(op, path_text, "it is a dateTime");
      if (!literal.is_string() || !ParseInstantMillis(literal.get_string())) {
        return Unsuitable(op, path_text, "the value is not an RFC 3339 dateTime");
      }
      return Status::Ok();
    case AttrType::kComplex:
      return Unsuitable(op, path_text, "it is a complex attribute without a value");
  }
  return Status::Ok();
}

}  // namespace scimd::scim::filter
