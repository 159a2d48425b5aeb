#include "ops/trusted_proxies.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>
#include <optional>

namespace scimd::ops {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The 16-byte form and whether it was IPv4.
std::optional<std::pair<std::array<uint8_t, 16>, bool>> ParseAddress(std::string_view text) {
  text = Trim(text);
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') {
    text = text.substr(1, text.size() - 2);
  }
  std::string s(text);
  std::array<uint8_t, 16> bytes{};
  in_addr v4{};
  if (inet_pton(AF_INET, s.c_str(), &v4) == 1) {
    bytes[10] = bytes[11] = 0xff;
    std::memcpy(bytes.data() + 12, &v4, 4);
    return std::make_pair(bytes, true);
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, s.c_str(), &v6) == 1) {
    std::memcpy(bytes.data(), &v6, 16);
    static constexpr uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    return std::make_pair(bytes, std::memcmp(bytes.data(), kMapped, 12) == 0);
  }
  return std::nullopt;
}

bool SafeHeaderToken(std::string_view s) {
  if (s.empty() || s.size() > 255) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '-' || c == ':' || c == '[' || c == ']' || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::string_view FirstListItem(std::string_view value) {
  return Trim(value.substr(0, value.find(',')));
}

}  // namespace

Result<TrustedProxies> TrustedProxies::Parse(std::string_view list) {
  TrustedProxies out;
  while (!list.empty()) {
    size_t comma = list.find(',');
    std::string_view entry = Trim(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    if (entry.empty()) continue;
    size_t slash = entry.find('/');
    auto address = ParseAddress(entry.substr(0, slash));
    if (!address) {
      return InvalidValue("trusted proxy '" + std::string(entry) +
                          "' is not an IP address or CIDR");
    }
    int max_bits = address->second ? 32 : 128;
    int bits = max_bits;
    if (slash != std::string_view::npos) {
      std::string_view digits = entry.substr(slash + 1);
      auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), bits);
      if (ec != std::errc() || ptr != digits.data() + digits.size() || bits < 0 ||
          bits > max_bits) {
        return InvalidValue("trusted proxy '" + std::string(entry) + "' has a bad prefix length");
      }
    }
    out.ranges_.push_back({address->first, address->second ? bits + 96 : bits});
  }
  return out;
}

bool TrustedProxies::Contains(std::string_view address) const {
  auto parsed = ParseAddress(address);
  if (!parsed) return false;
  for (const Range& range : ranges_) {
    int bits = range.prefix;
    bool match = true;
    for (int i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
      uint8_t mask = bits >= 8 ? 0xff : static_cast<uint8_t>(0xff << (8 - bits));
      if ((parsed->first[i] & mask) != (range.bytes[i] & mask)) {
        match = false;
        break;
      }
    }
    if (match) return true;
  }
  return false;
}

std::string TrustedProxies::ClientAddress(const http::Request& request) const {
  if (!Contains(request.remote_address)) return request.remote_address;
  std::string_view forwarded = request.Header("x-forwarded-for");
  std::string client = request.remote_address;
  // Right to left: each trusted hop vouches for the one before it.
  while (!forwarded.empty()) {
    size_t comma = forwarded.rfind(',');
    std::string_view hop =
        Trim(comma == std::string_view::npos ? forwarded : forwarded.substr(comma + 1));
    forwarded = comma == std::string_view::npos ? std::string_view() : forwarded.substr(0, comma);
    if (!ParseAddress(hop)) break;
    client = std::string(hop);
    if (!Contains(hop)) break;
  }
  return client;
}

std::string TrustedProxies::ForwardedOrigin(const http::Request& request) const {
  if (!Contains(request.remote_address)) return "";
  std::string_view proto = FirstListItem(request.Header("x-forwarded-proto"));
  std::string_view host = FirstListItem(request.Header("x-forwarded-host"));
  if (proto.empty() && host.empty()) return "";
  if (proto.empty()) proto = "http";
  if (host.empty()) host = request.Header("host");
  if (proto != "http" && proto != "https") return "";
  if (!SafeHeaderToken(host)) return "";
  return std::string(proto) + "://" + std::string(host);
}

}  // namespace scimd::ops
