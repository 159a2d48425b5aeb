// What the SCIM request log keeps of a request: bodies with secrets removed.
//
// Pure; thread-safe.
#ifndef SCIMD_API_REQUEST_LOG_H_
#define SCIMD_API_REQUEST_LOG_H_

#include <string>
#include <string_view>

namespace scimd::api {

// The longest body the log keeps; longer ones are cut and marked.
inline constexpr size_t kMaxLoggedBody = 64 * 1024;

// `body` fit for the log: when it is JSON, every member named "password"
// (any case, at any depth) has its value replaced with "[redacted]" and every
// string starting "Bearer " (any case) becomes "Bearer [redacted]". A body
// that is not JSON is kept as is. Bodies over kMaxLoggedBody are cut.
std::string RedactBody(std::string_view body);

}  // namespace scimd::api

#endif  // SCIMD_API_REQUEST_LOG_H_
