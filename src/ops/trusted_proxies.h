// Reverse-proxy awareness: which peers may speak for the client through
// X-Forwarded-For, X-Forwarded-Proto and X-Forwarded-Host.
//
// Headers from a peer outside the list are ignored, so a client talking to
// scimd directly cannot forge its address or the URLs scimd renders.
//
// Thread-safety: immutable after Parse; const methods may run concurrently.
#ifndef SCIMD_OPS_TRUSTED_PROXIES_H_
#define SCIMD_OPS_TRUSTED_PROXIES_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "http/message.h"

namespace scimd::ops {

class TrustedProxies {
 public:
  // Comma-separated CIDRs or plain addresses, IPv4 or IPv6 ("10.0.0.0/8,
  // ::1, fd00::/8"); empty: trust nobody. kInvalidValue names the bad entry.
  static Result<TrustedProxies> Parse(std::string_view list);

  // Whether `address` (an IP literal; IPv4-mapped IPv6 counts as IPv4) lies
  // in one of the ranges. False for anything that is not an address.
  bool Contains(std::string_view address) const;
  bool empty() const { return ranges_.empty(); }

  // The client's address: the peer, unless the peer is trusted and sent
  // X-Forwarded-For, then the right-most entry that is not itself trusted.
  std::string ClientAddress(const http::Request& request) const;

  // "scheme://host" from X-Forwarded-Proto and X-Forwarded-Host (or Host)
  // when the peer is trusted and sent X-Forwarded-Proto or X-Forwarded-Host;
  // "" otherwise or when a value looks unsafe.
  std::string ForwardedOrigin(const http::Request& request) const;

 private:
  struct Range {
    std::array<uint8_t, 16> bytes;  // IPv4 as IPv4-mapped IPv6
    int prefix;                     // bits, over the 128-bit form
  };
  std::vector<Range> ranges_;
};

}  // namespace scimd::ops

#endif  // SCIMD_OPS_TRUSTED_PROXIES_H_
