#include "scim/path/patch_path.h"

#include <vector>

#include "scim/filter/lexer.h"
#include "scim/filter/parser.h"

namespace scimd::scim {
namespace {

using filter::Token;
using filter::TokenKind;

Status Bad(std::string_view what, size_t pos) {
  return InvalidPath(std::string(what) + " at " + std::to_string(pos));
}

// Maps a filter failure inside a PATCH path to kInvalidPath, keeping the detail.
Status AsPathError(const Status& status) { return InvalidPath("invalid path: " + status.detail()); }

}  // namespace

Result<PatchPath> ParsePatchPath(std::string_view text) {
  auto lexed = filter::Lex(text);
  if (!lexed.ok()) return AsPathError(lexed.status());
  const std::vector<Token>& tokens = *lexed;
  if (tokens[0].kind != TokenKind::kWord) return Bad("expected an attribute path", tokens[0].pos);
  auto attr = ParseAttrPath(tokens[0].text);
  if (!attr.ok()) return Bad(attr.status().detail(), tokens[0].pos);
  PatchPath out;
  out.attr = std::move(attr).value();
  if (tokens[1].kind == TokenKind::kEnd) return out;
  if (tokens[1].kind != TokenKind::kLBracket) {
    return Bad("unexpected " + filter::Describe(tokens[1]), tokens[1].pos);
  }
  if (!out.attr.sub_attr.empty()) return Bad("value filter on a sub-attribute", tokens[1].pos);
  if (out.attr.attr.empty()) return Bad("value filter on a whole extension", tokens[1].pos);
  size_t close = 2;
  while (tokens[close].kind != TokenKind::kRBracket) {
    if (tokens[close].kind == TokenKind::kEnd) return Bad("missing ']'", tokens[close].pos);
    if (tokens[close].kind == TokenKind::kLBracket) return Bad("nested '['", tokens[close].pos);
    ++close;
  }
  size_t begin = tokens[1].pos + 1;
  auto value_filter = filter::ParseAt(text.substr(begin, tokens[close].pos - begin), begin);
  if (!value_filter.ok()) return AsPathError(value_filter.status());
  out.value_filter = std::move(value_filter).value();
  const Token& after = tokens[close + 1];
  if (after.kind == TokenKind::kEnd) return out;
  if (after.kind != TokenKind::kWord || after.text.size() < 2 || after.text[0] != '.') {
    return Bad("unexpected " + filter::Describe(after), after.pos);
  }
  auto sub = ParseAttrPath(std::string_view(after.text).substr(1));
  if (!sub.ok() || !sub->schema.empty() || !sub->sub_attr.empty()) {
    return Bad("invalid sub-attribute '" + after.text + "'", after.pos);
  }
  out.sub_attr = sub->attr;
  if (tokens[close + 2].kind != TokenKind::kEnd) {
    return Bad("unexpected " + filter::Describe(tokens[close + 2]), tokens[close + 2].pos);
  }
  return out;
}

}  // namespace scimd::scim
