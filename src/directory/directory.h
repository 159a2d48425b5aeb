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

// Replaces the secret; the old one stops working at once. Returns the new
// secret. kNotFound when the directory does not exist.
Result<std::string> RotateSecret(storage::ResourceStore& store, std::string_view directory_id);

// Checks an HTTP Authorization header ("Bearer <secret>", scheme
// case-insensitive) against the directory's secret hash in constant time.
// kUnauthorized (without saying which part was wrong) otherwise.
Status Authenticate(const storage::DirectoryRecord& directory,
                    std::string_view authorization_header);

}  // namespace scimd::directory

#endif  // SCIMD_DIRECTORY_DIRECTORY_H_
