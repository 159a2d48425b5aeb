#include "events/signature.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <charconv>

#include "common/crypto.h"

namespace scimd::events {
namespace {

std::string HmacHex(std::string_view secret, std::string_view message) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0xf]);
  }
  return hex;
}

}  // namespace

std::string SignatureHeader(std::string_view secret, int64_t unix_seconds, std::string_view body) {
  std::string t = std::to_string(unix_seconds);
  return "t=" + t + ",v1=" + HmacHex(secret, t + "." + std::string(body));
}

Status VerifySignature(std::string_view secret, std::string_view header, std::string_view body,
                       int64_t now_seconds) {
  size_t comma = header.find(',');
  if (!header.starts_with("t=") || comma == std::string_view::npos ||
      header.substr(comma + 1, 3) != "v1=") {
    return Status(Code::kUnauthorized, "malformed signature header");
  }
  std::string_view t = header.substr(2, comma - 2);
  int64_t seconds = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), seconds);
  if (ec != std::errc() || end != t.data() + t.size()) {
    return Status(Code::kUnauthorized, "malformed signature timestamp");
  }
  if (seconds < now_seconds - kReplayWindowSeconds ||
      seconds > now_seconds + kReplayWindowSeconds) {
    return Status(Code::kUnauthorized, "signature timestamp outside the replay window");
  }
  std::string expected = HmacHex(secret, std::string(t) + "." + std::string(body));
  if (!ConstantTimeEquals(expected, header.substr(comma + 4))) {
    return Status(Code::kUnauthorized, "signature does not match");
  }
  return Status::Ok();
}

}  // namespace scimd::events
