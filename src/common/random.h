// Randomness from OpenSSL's CSPRNG, for ids and secrets.
//
// Thread-safety: safe from any thread (RAND_bytes is thread-safe).
#ifndef SCIMD_COMMON_RANDOM_H_
#define SCIMD_COMMON_RANDOM_H_

#include <cstddef>
#include <string>

namespace scimd {

// `n` bytes from the CSPRNG. Throws std::runtime_error if the CSPRNG fails
// (it cannot be seeded): continuing without randomness would be a bug.
std::string RandomBytes(size_t n);

// An RFC 9562 version 4 UUID in lower-case canonical form.
std::string NewUuid();

// `length` characters drawn uniformly from `alphabet` (rejection sampling, no
// modulo bias).
std::string RandomString(size_t length, std::string_view alphabet);

}  // namespace scimd

#endif  // SCIMD_COMMON_RANDOM_H_
