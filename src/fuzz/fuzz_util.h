// Shared helpers for the libFuzzer targets in this folder.
#ifndef SCIMD_FUZZ_FUZZ_UTIL_H_
#define SCIMD_FUZZ_FUZZ_UTIL_H_

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace scimd::fuzz {

inline std::string_view AsText(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Parses `text` with the options the SCIM API uses for request bodies, so the
// fuzzers see exactly the documents a client can get past ParseBody.
inline std::optional<boost::json::value> ParseJson(std::string_view text) {
  boost::json::parse_options options;
  options.max_depth = 64;
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(text, ec, {}, options);
  if (ec) return std::nullopt;
  return value;
}

// A user and a group with most attribute shapes present, for PATCH targets.
inline constexpr std::string_view kUserJson = R"({
  "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
  "userName": "bjensen", "externalId": "e1", "displayName": "Babs", "active": true,
  "name": {"givenName": "Barbara", "familyName": "Jensen", "formatted": "Barbara Jensen"},
  "emails": [{"value": "bjensen@work.example", "type": "work", "primary": true},
             {"value": "babs@home.example", "type": "home"}],
  "phoneNumbers": [{"value": "+1 555 0100", "type": "work"}],
  "addresses": [{"streetAddress": "1 Main St", "locality": "Town", "type": "work"}],
  "roles": [{"value": "admin"}],
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
    "employeeNumber": "42", "department": "R&D", "manager": {"value": "m1"}}
})";

inline constexpr std::string_view kGroupJson = R"({
  "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
  "displayName": "Engineering", "externalId": "g-ext"
})";

}  // namespace scimd::fuzz

#endif  // SCIMD_FUZZ_FUZZ_UTIL_H_
