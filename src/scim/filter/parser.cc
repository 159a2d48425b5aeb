#include "scim/filter/parser.h"

#include <charconv>
#include <vector>

#include "scim/filter/lexer.h"
#include "scim/schema/attribute.h"

namespace scimd::scim::filter {
namespace {

NodePtr MakeNode(auto alternative) {
  auto node = std::make_unique<Node>();
  node->v = std::move(alternative);
  return node;
}

std::optional<CompareOp> CompareOpOf(std::string_view word) {
  static constexpr std::pair<std::string_view, CompareOp> kOps[] = {
      {"eq", CompareOp::kEq}, {"ne", CompareOp::kNe}, {"co", CompareOp::kCo},
      {"sw", CompareOp::kSw}, {"ew", CompareOp::kEw}, {"gt", CompareOp::kGt},
      {"lt", CompareOp::kLt}, {"ge", CompareOp::kGe}, {"le", CompareOp::kLe}};
  for (const auto& [name, op] : kOps) {
    if (EqualsIgnoreCase(word, name)) return op;
  }
  return std::nullopt;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// True when `s` follows the JSON number grammar (RFC 8259 §6); sets
// `integral` when it has neither fraction nor exponent.
bool IsJsonNumber(std::string_view s, bool& integral) {
  size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  if (i >= s.size()) return false;
  if (s[i] == '0') {
    ++i;
  } else if (IsDigit(s[i])) {
    while (i < s.size() && IsDigit(s[i])) ++i;
  } else {
    return false;
  }
  integral = true;
  if (i < s.size() && s[i] == '.') {
    integral = false;
    size_t start = ++i;
    while (i < s.size() && IsDigit(s[i])) ++i;
    if (i == start) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    integral = false;
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    size_t start = i;
    while (i < s.size() && IsDigit(s[i])) ++i;
    if (i == start) return false;
  }
  return i == s.size();
}

// An unquoted compValue: a JSON literal, a number, or (leniently) a bare word
// read as a string.
boost::json::value WordLiteral(const std::string& word) {
  if (EqualsIgnoreCase(word, "true")) return true;
  if (EqualsIgnoreCase(word, "false")) return false;
  if (EqualsIgnoreCase(word, "null")) return nullptr;
  bool integral = false;
  if (IsJsonNumber(word, integral)) {
    const char* end = word.data() + word.size();
    if (integral) {
      int64_t i = 0;
      auto [p, ec] = std::from_chars(word.data(), end, i);
      if (ec == std::errc() && p == end) return i;
    }
    double d = 0;
    auto [p, ec] = std::from_chars(word.data(), end, d);
    if (ec == std::errc() && p == end) return d;
  }
  return boost::json::string(word);
}

class Parser {
 public:
  Parser(std::vector<Token> tokens, const ParseLimits& limits)
      : tokens_(std::move(tokens)), limits_(limits) {}

  Result<NodePtr> Run() {
    SCIMD_ASSIGN_OR_RETURN(NodePtr node, Or(false));
    if (Peek().kind != TokenKind::kEnd) return Unexpected(Peek());
    return node;
  }

 private:
  const Token& Peek() const { return tokens_[i_]; }
  const Token& Next() { return tokens_[i_ < tokens_.size() - 1 ? i_++ : i_]; }

  bool PeekWord(std::string_view keyword) const {
    return Peek().kind == TokenKind::kWord && EqualsIgnoreCase(Peek().text, keyword);
  }

  static Status Unexpected(const Token& t) {
    return InvalidFilter("unexpected " + Describe(t) + " at " + std::to_string(t.pos));
  }
  static Status Expected(std::string_view what, const Token& t) {
    return InvalidFilter("expected " + std::string(what) + " but found " + Describe(t) + " at " +
                         std::to_string(t.pos));
  }

  Status Enter(const Token& at) {
    if (++depth_ > limits_.max_depth) {
      return InvalidFilter("filter nested deeper than " + std::to_string(limits_.max_depth) +
                           " at " + std::to_string(at.pos));
    }
    return Status::Ok();
  }
  void Leave() { --depth_; }

  Status CountTerm(const Token& at) {
    if (++terms_ > limits_.max_terms) {
      return InvalidFilter("filter has more than " + std::to_string(limits_.max_terms) +
                           " terms at " + std::to_string(at.pos));
    }
    return Status::Ok();
  }

  Result<NodePtr> Or(bool in_brackets) {
    SCIMD_ASSIGN_OR_RETURN(NodePtr lhs, And(in_brackets));
    while (PeekWord("or")) {
      Next();
      SCIMD_ASSIGN_OR_RETURN(NodePtr rhs, And(in_brackets));
      lhs = MakeNode(Logical{LogicalOp::kOr, std::move(lhs), std::move(rhs)});
    }
    return lhs;
  }

  Result<NodePtr> And(bool in_brackets) {
    SCIMD_ASSIGN_OR_RETURN(NodePtr lhs, Unary(in_brackets));
    while (PeekWord("and")) {
      Next();
      SCIMD_ASSIGN_OR_RETURN(NodePtr rhs, Unary(in_brackets));
      lhs = MakeNode(Logical{LogicalOp::kAnd, std::move(lhs), std::move(rhs)});
    }
    return lhs;
  }

  Result<NodePtr> Unary(bool in_brackets) {
    const Token& t = Peek();
    if (PeekWord("not")) {
      SCIMD_RETURN_IF_ERROR(Enter(t));
      Next();
      // RFC 7644 requires "not" "(" … ")"; a bare operand is accepted too.
      SCIMD_ASSIGN_OR_RETURN(NodePtr operand, Unary(in_brackets));
      Leave();
      return MakeNode(Not{std::move(operand)});
    }
    if (t.kind == TokenKind::kLParen) {
      SCIMD_RETURN_IF_ERROR(Enter(t));
      Next();
      SCIMD_ASSIGN_OR_RETURN(NodePtr inner, Or(in_brackets));
      if (Peek().kind != TokenKind::kRParen) return Expected("')'", Peek());
      Next();
      Leave();
      return inner;
    }
    return AttrExpression(in_brackets);
  }

  Result<AttrPath> Path(const Token& t) {
    auto path = ParseAttrPath(t.text);
    if (!path.ok()) {
      return InvalidFilter(path.status().detail() + " at " + std::to_string(t.pos));
    }
    return std::move(path).value();
  }

  Result<NodePtr> AttrExpression(bool in_brackets) {
    const Token& t = Next();
    if (t.kind != TokenKind::kWord) return Expected("an attribute path", t);
    SCIMD_ASSIGN_OR_RETURN(AttrPath path, Path(t));
    if (Peek().kind == TokenKind::kLBracket)
      return ValuePathExpression(std::move(path), t, in_brackets);
    return Operation(std::move(path));
  }

  // attrPath "pr" / attrPath compareOp compValue, after the path.
  Result<NodePtr> Operation(AttrPath path) {
    const Token& op_token = Next();
    if (op_token.kind != TokenKind::kWord) return Expected("an operator", op_token);
    SCIMD_RETURN_IF_ERROR(CountTerm(op_token));
    if (EqualsIgnoreCase(op_token.text, "pr")) return MakeNode(Present{std::move(path)});
    std::optional<CompareOp> op = CompareOpOf(op_token.text);
    if (!op) return Expected("an operator", op_token);
    const Token& value = Next();
    switch (value.kind) {
      case TokenKind::kString:
        return MakeNode(Comparison{std::move(path), *op, boost::json::string(value.text)});
      case TokenKind::kWord:
        return MakeNode(Comparison{std::move(path), *op, WordLiteral(value.text)});
      case TokenKind::kEnd:
      case TokenKind::kLParen:
      case TokenKind::kRParen:
      case TokenKind::kLBracket:
      case TokenKind::kRBracket:
        break;
    }
    return Expected("a value", value);
  }

  Result<NodePtr> ValuePathExpression(AttrPath path, const Token& path_token, bool in_brackets) {
    const Token& open = Next();
    if (in_brackets) return InvalidFilter("nested value path at " + std::to_string(open.pos));
    if (!path.sub_attr.empty()) {
      return InvalidFilter("value path on sub-attribute '" + path.ToString() + "' at " +
                           std::to_string(path_token.pos));
    }
    SCIMD_RETURN_IF_ERROR(Enter(open));
    SCIMD_ASSIGN_OR_RETURN(NodePtr inner, Or(true));
    if (Peek().kind != TokenKind::kRBracket) return Expected("']'", Peek());
    Next();
    Leave();
    // Non-standard `emails[type eq "work"].value eq "x"` (Microsoft Entra ID):
    // a further test on a sub-attribute of the same element.
    if (Peek().kind == TokenKind::kWord && !Peek().text.empty() && Peek().text[0] == '.') {
      const Token& sub_token = Next();
      AttrPath sub_path;
      sub_path.attr = sub_token.text.substr(1);
      auto parsed = ParseAttrPath(sub_path.attr);
      if (!parsed.ok() || !parsed->schema.empty() || !parsed->sub_attr.empty()) {
        return InvalidFilter("invalid sub-attribute '" + sub_token.text + "' at " +
                             std::to_string(sub_token.pos));
      }
      SCIMD_ASSIGN_OR_RETURN(NodePtr extra, Operation(std::move(sub_path)));
      inner = MakeNode(Logical{LogicalOp::kAnd, std::move(inner), std::move(extra)});
    }
    return MakeNode(ValuePath{std::move(path), std::move(inner)});
  }

  std::vector<Token> tokens_;
  const ParseLimits& limits_;
  size_t i_ = 0;
  int depth_ = 0;
  int terms_ = 0;
};

}  // namespace

Result<NodePtr> ParseAt(std::string_view text, size_t base, const ParseLimits& limits) {
  if (text.size() > limits.max_length) {
    return InvalidFilter("filter longer than " + std::to_string(limits.max_length) +
                         " characters at " + std::to_string(base + limits.max_length));
  }
  SCIMD_ASSIGN_OR_RETURN(std::vector<Token> tokens, Lex(text, base));
  if (tokens.size() == 1) return InvalidFilter("empty filter at " + std::to_string(base));
  return Parser(std::move(tokens), limits).Run();
}

Result<NodePtr> Parse(std::string_view text, const ParseLimits& limits) {
  return ParseAt(text, 0, limits);
}

}  // namespace scimd::scim::filter
