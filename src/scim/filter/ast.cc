#include "scim/filter/ast.h"

#include <boost/json/serialize.hpp>

namespace scimd::scim::filter {

std::string_view CompareOpName(CompareOp op) {
  switch (op) {
    case CompareOp::kEq:
      return "eq";
    case CompareOp::kNe:
      return "ne";
    case CompareOp::kCo:
      return "co";
    case CompareOp::kSw:
      return "sw";
    case CompareOp::kEw:
      return "ew";
    case CompareOp::kGt:
      return "gt";
    case CompareOp::kLt:
      return "lt";
    case CompareOp::kGe:
      return "ge";
    case CompareOp::kLe:
      return "le";
  }
  return "?";
}

namespace {

std::string_view LogicalOpName(LogicalOp op) {
  switch (op) {
    case LogicalOp::kAnd:
      return "and";
    case LogicalOp::kOr:
      return "or";
  }
  return "?";
}

struct Printer {
  std::string operator()(const Comparison& c) const {
    return c.path.ToString() + " " + std::string(CompareOpName(c.op)) + " " +
           boost::json::serialize(c.value);
  }
  std::string operator()(const Present& p) const { return p.path.ToString() + " pr"; }
  std::string operator()(const Logical& l) const {
    return "(" + ToString(*l.lhs) + ") " + std::string(LogicalOpName(l.op)) + " (" +
           ToString(*l.rhs) + ")";
  }
  std::string operator()(const Not& n) const { return "not (" + ToString(*n.operand) + ")"; }
  std::string operator()(const ValuePath& vp) const {
    return vp.path.ToString() + "[" + ToString(*vp.filter) + "]";
  }
};

}  // namespace

std::string ToString(const Node& node) { return std::visit(Printer{}, node.v); }

}  // namespace scimd::scim::filter
