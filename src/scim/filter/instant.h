// RFC 3339 / xsd:dateTime instants, as filters compare them (RFC 7643 §2.3.5).
//
// Self-contained so that both the in-memory evaluator and the SQL compiler
// (which compares against epoch-millisecond columns) read literals the same way.
//
// Pure; thread-safe.
#ifndef SCIMD_SCIM_FILTER_INSTANT_H_
#define SCIMD_SCIM_FILTER_INSTANT_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace scimd::scim::filter {

// Milliseconds since the Unix epoch for "YYYY-MM-DDThh:mm:ss[.fff…](Z|±hh:mm)".
// A lower-case 't'/'z' and a missing zone (read as UTC, as xsd:dateTime allows)
// are accepted; fractions beyond milliseconds are truncated. nullopt when the
// text is not such a timestamp or a field is out of range.
std::optional<int64_t> ParseInstantMillis(std::string_view text);

}  // namespace scimd::scim::filter

#endif  // SCIMD_SCIM_FILTER_INSTANT_H_
