// Hashing and comparison helpers for secrets (OpenSSL).
//
// Thread-safety: pure functions.
#ifndef SCIMD_COMMON_CRYPTO_H_
#define SCIMD_COMMON_CRYPTO_H_

#include <string>
#include <string_view>

namespace scimd {

// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

// Equality whose running time depends only on the lengths, not on where the
// inputs differ (CRYPTO_memcmp), so a token cannot be guessed byte by byte.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// RFC 4648 §5 base64url without padding.
std::string Base64Url(std::string_view data);

}  // namespace scimd

#endif  // SCIMD_COMMON_CRYPTO_H_
