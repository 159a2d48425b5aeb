// Admin tokens: bearer tokens for the admin REST API and console.
//
// A token is 32 CSPRNG bytes in base64url prefixed "scimd_admin_" (so it is
// recognisable in a leak scan); only its SHA-256 hash is stored. Presented
// tokens are hashed and compared against every stored hash in constant time.
//
// Thread-safety: functions are safe to call concurrently; they share state
// only through the ResourceStore.
#ifndef SCIMD_ADMIN_ADMIN_TOKENS_H_
#define SCIMD_ADMIN_ADMIN_TOKENS_H_

#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/status.h"
#include "storage/resource_store.h"

namespace scimd::admin {

struct NewAdminToken {
  storage::AdminTokenRecord record;
  std::string token;  // the only time the plain token exists
};

// Creates and stores a token named `name` ("" becomes "admin").
Result<NewAdminToken> CreateAdminToken(storage::ResourceStore& store, std::string_view name,
                                       const NowMs& now = SystemNowMs);

// When the store holds no admin token yet, creates one named "initial" and
// returns it; otherwise nullopt.
Result<std::optional<NewAdminToken>> EnsureInitialAdminToken(storage::ResourceStore& store,
                                                             const NowMs& now = SystemNowMs);

// Checks an Authorization header ("Bearer <token>", scheme case-insensitive)
// against the stored tokens; records the use (at most once a minute per
// token). kUnauthorized without saying why otherwise.
Result<storage::AdminTokenRecord> AuthenticateAdmin(storage::ResourceStore& store,
                                                    std::string_view authorization_header,
                                                    const NowMs& now = SystemNowMs);

}  // namespace scimd::admin

#endif  // SCIMD_ADMIN_ADMIN_TOKENS_H_
