// The SCIM filter AST (RFC 7644 §3.4.2.2). Produced by filter::Parse, consumed
// by filter::Matches (the reference semantics) and the SQL compiler in
// src/storage/sql.
//
// Thread-safety: immutable values once built.
#ifndef SCIMD_SCIM_FILTER_AST_H_
#define SCIMD_SCIM_FILTER_AST_H_

#include <boost/json/value.hpp>
#include <memory>
#include <string>
#include <variant>

#include "scim/path/attr_path.h"

namespace scimd::scim::filter {

enum class CompareOp { kEq, kNe, kCo, kSw, kEw, kGt, kLt, kGe, kLe };
enum class LogicalOp { kAnd, kOr };

struct Node;
using NodePtr = std::unique_ptr<Node>;

// attrPath compareOp compValue. `value` is the JSON literal (string, number,
// true, false or null). An unquoted bare word is accepted as a string.
struct Comparison {
  AttrPath path;
  CompareOp op;
  boost::json::value value;
};

// attrPath "pr"
struct Present {
  AttrPath path;
};

struct Logical {
  LogicalOp op;
  NodePtr lhs;
  NodePtr rhs;
};

struct Not {
  NodePtr operand;
};

// attrPath "[" valFilter "]". Paths inside `filter` are relative to the
// elements of `path` (their `attr` names a sub-attribute). The non-standard
// form `emails[type eq "work"].value eq "x"` is desugared by the parser to
// ValuePath{emails, (type eq "work") and (value eq "x")}.
struct ValuePath {
  AttrPath path;
  NodePtr filter;
};

struct Node {
  std::variant<Comparison, Present, Logical, Not, ValuePath> v;
};

std::string_view CompareOpName(CompareOp op);  // "eq", "ne", ...

// A canonical, fully parenthesised rendering used by golden tests and error
// messages, e.g. `(userName eq "bjensen") and (not (emails pr))`.
std::string ToString(const Node& node);

}  // namespace scimd::scim::filter

#endif  // SCIMD_SCIM_FILTER_AST_H_
