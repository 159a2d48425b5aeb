// Parses a SCIM filter expression (RFC 7644 §3.4.2.2) into an AST.
//
// Grammar, with precedence not > and > or, case-insensitive operators and
// attribute names, JSON literals, value paths, and two IdP leniencies: an
// unquoted bare word is a string value (`externalId eq jyoung`), and a value
// path may be followed by ".sub op value".
#ifndef SCIMD_SCIM_FILTER_PARSER_H_
#define SCIMD_SCIM_FILTER_PARSER_H_

#include <cstddef>
#include <string_view>

#include "common/status.h"
#include "scim/filter/ast.h"

namespace scimd::scim::filter {

struct ParseLimits {
  size_t max_length = 4096;  // characters in the filter text
  int max_depth = 32;        // nesting of parentheses, not, and value paths
  int max_terms = 256;       // comparisons + presence tests
};

// Fails with kInvalidFilter; the detail names the offending token and its
// 0-based character position ("unexpected ')' at 17").
Result<NodePtr> Parse(std::string_view text, const ParseLimits& limits = {});

// As Parse, for a filter embedded in a larger text that starts `base`
// characters before `text` (a PATCH valuePath): positions in error details are
// reported in the larger text.
Result<NodePtr> ParseAt(std::string_view text, size_t base, const ParseLimits& limits = {});

}  // namespace scimd::scim::filter

#endif  // SCIMD_SCIM_FILTER_PARSER_H_
