// Directories: one per identity-provider connection. Each has a 12-character
// id, a Base URL (<public-url>/scim/<id>/v2) and an App secret — the bearer
// token the IdP sends — stored only as a SHA-256 hash and shown once.
//
// The secret carries 256 bits from OpenSSL's CSPRNG, so a fast hash is
// enough: there is nothing to brute-force that a slow hash would protect.
//
// Thread-safety: functions are safe to call concurrently; they share state
// only through the ResourceStore.
#ifndef SCIMD_DIRECTORY_DIRECTORY_H_
#define SCIMD_DIRECTORY_DIRECTORY_H_

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/status.h"
#include "storage/resource_store.h"

namespace scimd::directory {

// The identity providers a directory can be set up for.
inline constexpr std::array<std::string_view, 6> kIdps = {"onelogin", "entra",     "okta",
                                                          "pingone",  "jumpcloud", "generic"};
bool IsKnownIdp(std::string_view idp);

// 12 characters from [a-z0-9].
std::string NewDirectoryId();
// 32 CSPRNG bytes, base64url: 43 characters.
std::string NewSecret();
std::string HashSecret(std::string_view secret);

// "<public_url>/scim/<id>/v2" (a trailing '/' on public_url is ignored).
std::string BaseUrl(std::string_view public_url, std::string_view directory_id);

struct NewDirectory {
  storage::DirectoryRecord record;
  std::string secret;  // the only time the plain secret exists
};

// Creates a directory. kInvalidValue for an empty name or an unknown idp.
Result<NewDirectory> AddDirectory(storage::ResourceStore& store, std::string_view name,
                                  std::string_view idp, const NowMs& now = SystemNowMs);

// The longest grace period RotateSecret accepts: long enough to reach
// whoever administers the IdP, short enough that a leaked old secret dies.
inline constexpr std::chrono::milliseconds kMaxGrace = std::chrono::hours(7 * 24);

struct RotatedSecret {
  std::string secret;  // the only time the plain new secret exists
  // When the replaced secret stops working (ms since the epoch); 0 when it
  // stopped at once (no grace).
  int64_t previous_expires_ms = 0;
};

// Replaces the secret. With `grace` 0 the old secret stops working at once
// and any earlier previous secret is dropped too. With a grace the old
// secret keeps working until now + grace, so the IdP can be updated without
// an outage.
//
// Only one previous secret is kept: rotating again within a grace period
// makes the then-current secret the previous one (with the new grace) and
// the older previous secret stops working at once.
//
// kInvalidValue when `grace` is negative or longer than kMaxGrace;
// kNotFound when the directory does not exist. Two rotations of the same
// directory at the same moment are read-modify-write: the last one wins.
Result<RotatedSecret> RotateSecret(storage::ResourceStore& store, std::string_view directory_id,
                                   std::chrono::milliseconds grace = {},
                                   const NowMs& now = SystemNowMs);

// Whether the directory's previous secret still authenticates at `now_ms`.
bool PreviousSecretValid(const storage::DirectoryRecord& directory, int64_t now_ms);

// Checks an HTTP Authorization header ("Bearer <secret>", scheme
// case-insensitive) against the directory's current secret hash, and against
// the previous one while `now_ms` is before its expiry. Both comparisons run
// every time, in constant time, so timing reveals neither the secret nor
// which one matched. kUnauthorized (without saying which part was wrong)
// otherwise.
Status Authenticate(const storage::DirectoryRecord& directory,
                    std::string_view authorization_header, int64_t now_ms);

}  // namespace scimd::directory

#endif  // SCIMD_DIRECTORY_DIRECTORY_H_
