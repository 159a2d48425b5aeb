// Tokens of the SCIM filter language (RFC 7644 §3.4.2.2), also used for PATCH
// paths. Internal to src/scim.
//
// A word is a maximal run of characters other than whitespace, parentheses,
// brackets and '"': attribute paths (URNs included), operators, keywords,
// numbers, true/false/null and bare-word values are all words; the parser
// decides which by position. Strings are JSON strings, decoded.
//
// Pure; thread-safe.
#ifndef SCIMD_SCIM_FILTER_LEXER_H_
#define SCIMD_SCIM_FILTER_LEXER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace scimd::scim::filter {

enum class TokenKind { kEnd, kLParen, kRParen, kLBracket, kRBracket, kString, kWord };

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;  // the word, or the decoded string value
  size_t pos = 0;    // 0-based character offset in the lexed text (+ base)
};

// Splits `text` into tokens ending with one kEnd token. Positions are reported
// as `base` + offset so callers lexing a slice report positions in the whole.
// Fails with kInvalidFilter ("unterminated string at 7") on a bad string.
Result<std::vector<Token>> Lex(std::string_view text, size_t base = 0);

// How a token is named in error messages: "'eq'", "string \"x\"", "end of filter".
std::string Describe(const Token& token);

}  // namespace scimd::scim::filter

#endif  // SCIMD_SCIM_FILTER_LEXER_H_
