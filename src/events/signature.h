// The webhook signature scheme (docs/events.md): the header
//   X-Scimd-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
// A receiver recomputes the HMAC over the raw body, compares in constant
// time, and rejects timestamps outside its replay window (5 minutes).
//
// Thread-safety: pure functions.
#ifndef SCIMD_EVENTS_SIGNATURE_H_
#define SCIMD_EVENTS_SIGNATURE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace scimd::events {

inline constexpr int64_t kReplayWindowSeconds = 300;

// The header value for `body` signed at `unix_seconds`.
std::string SignatureHeader(std::string_view secret, int64_t unix_seconds, std::string_view body);

// OK when `header` is a valid signature of `body` under `secret` made within
// kReplayWindowSeconds of `now_seconds`; kUnauthorized otherwise (malformed,
// wrong HMAC, or too old / too far in the future).
Status VerifySignature(std::string_view secret, std::string_view header, std::string_view body,
                       int64_t now_seconds);

}  // namespace scimd::events

#endif  // SCIMD_EVENTS_SIGNATURE_H_
