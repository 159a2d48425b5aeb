#include "admin/admin_tokens.h"

#include "common/crypto.h"
#include "common/random.h"

namespace scimd::admin {
namespace {

constexpr std::string_view kPrefix = "scimd_admin_";
constexpr int64_t kTouchIntervalMs = 60 * 1000;

std::string_view BearerToken(std::string_view header) {
  static constexpr std::string_view kScheme = "bearer ";
  if (header.size() <= kScheme.size()) return {};
  for (size_t i = 0; i < kScheme.size(); ++i) {
    char c = header[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != kScheme[i]) return {};
  }
  std::string_view token = header.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  return token;
}

}  // namespace

Result<NewAdminToken> CreateAdminToken(storage::ResourceStore& store, std::string_view name,
                                       const NowMs& now) {
  NewAdminToken created;
  created.token = std::string(kPrefix) + Base64Url(RandomBytes(32));
  created.record.name = name.empty() ? "admin" : std::string(name);
  created.record.token_hash = Sha256Hex(created.token);
  created.record.created_ms = now();
  for (int attempt = 0; attempt < 3; ++attempt) {
    created.record.id = RandomString(12, "abcdefghijklmnopqrstuvwxyz0123456789");
    Status status = store.CreateAdminToken(created.record);
    if (status.ok()) return created;
    if (status.code() != Code::kUniqueness) return status;
  }
  return Internal("could not find a free admin token id");
}

Result<std::optional<NewAdminToken>> EnsureInitialAdminToken(storage::ResourceStore& store,
                                                             const NowMs& now) {
  SCIMD_ASSIGN_OR_RETURN(std::vector<storage::AdminTokenRecord> tokens, store.ListAdminTokens());
  if (!tokens.empty()) return std::optional<NewAdminToken>();
  SCIMD_ASSIGN_OR_RETURN(NewAdminToken created, CreateAdminToken(store, "initial", now));
  return std::optional<NewAdminToken>(std::move(created));
}

Result<storage::AdminTokenRecord> AuthenticateAdmin(storage::ResourceStore& store,
                                                    std::string_view authorization_header,
                                                    const NowMs& now) {
  const Status denied(Code::kUnauthorized, "a valid admin token is required");
  std::string_view token = BearerToken(authorization_header);
  if (token.empty()) return denied;
  // Hash first so every comparison is over fixed-length digests, and compare
  // against all tokens so the time does not depend on which one matched.
  const std::string hash = Sha256Hex(token);
  SCIMD_ASSIGN_OR_RETURN(std::vector<storage::AdminTokenRecord> tokens, store.ListAdminTokens());
  const storage::AdminTokenRecord* match = nullptr;
  for (const storage::AdminTokenRecord& record : tokens) {
    if (ConstantTimeEquals(hash, record.token_hash)) match = &record;
  }
  if (match == nullptr) return denied;
  const int64_t now_ms = now();
  if (now_ms - match->last_used_ms >= kTouchIntervalMs) {
    // Bookkeeping only: a failed touch must not refuse a valid token.
    (void)store.TouchAdminToken(match->id, now_ms);
  }
  return *match;
}

}  // namespace scimd::admin
