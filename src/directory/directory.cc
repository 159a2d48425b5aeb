#include "directory/directory.h"

#include <algorithm>

#include "common/crypto.h"
#include "common/random.h"

namespace scimd::directory {

bool IsKnownIdp(std::string_view idp) {
  return std::find(kIdps.begin(), kIdps.end(), idp) != kIdps.end();
}

std::string NewDirectoryId() { return RandomString(12, "abcdefghijklmnopqrstuvwxyz0123456789"); }

std::string NewSecret() { return Base64Url(RandomBytes(32)); }

std::string HashSecret(std::string_view secret) { return Sha256Hex(secret); }

std::string BaseUrl(std::string_view public_url, std::string_view directory_id) {
  while (!public_url.empty() && public_url.back() == '/') public_url.remove_suffix(1);
  std::string url(public_url);
  url += "/scim/";
  url += directory_id;
  url += "/v2";
  return url;
}

Result<NewDirectory> AddDirectory(storage::ResourceStore& store, std::string_view name,
                                  std::string_view idp, const NowMs& now) {
  if (name.empty()) return InvalidValue("a directory needs a name");
  if (!IsKnownIdp(idp)) {
    return InvalidValue("unknown identity provider '" + std::string(idp) +
                        "' (onelogin, entra, okta, pingone, jumpcloud or generic)");
  }
  NewDirectory created;
  created.secret = NewSecret();
  created.record.name = std::string(name);
  created.record.idp = std::string(idp);
  created.record.secret_hash = HashSecret(created.secret);
  created.record.created_ms = now();
  // Ids are random; a clash is astronomically unlikely but cheap to retry.
  for (int attempt = 0; attempt < 3; ++attempt) {
    created.record.id = NewDirectoryId();
    Status status = store.CreateDirectory(created.record);
    if (status.ok()) return created;
    if (status.code() != Code::kUniqueness) return status;
  }
  return Internal("could not find a free directory id");
}

Result<RotatedSecret> RotateSecret(storage::ResourceStore& store, std::string_view directory_id,
                                   std::chrono::milliseconds grace, const NowMs& now) {
  if (grace.count() < 0 || grace > kMaxGrace) {
    return InvalidValue("the grace period must be between 0 and 7 days");
  }
  SCIMD_ASSIGN_OR_RETURN(storage::DirectoryRecord record, store.GetDirectory(directory_id));
  RotatedSecret rotated;
  rotated.secret = NewSecret();
  if (grace.count() == 0) {
    record.previous_secret_hash.clear();
    record.previous_secret_expires_ms = 0;
  } else {
    rotated.previous_expires_ms = now() + grace.count();
    record.previous_secret_hash = std::move(record.secret_hash);
    record.previous_secret_expires_ms = rotated.previous_expires_ms;
  }
  record.secret_hash = HashSecret(rotated.secret);
  SCIMD_RETURN_IF_ERROR(store.UpdateDirectory(record));
  return rotated;
}

bool PreviousSecretValid(const storage::DirectoryRecord& directory, int64_t now_ms) {
  return !directory.previous_secret_hash.empty() && now_ms < directory.previous_secret_expires_ms;
}

Status Authenticate(const storage::DirectoryRecord& directory,
                    std::string_view authorization_header, int64_t now_ms) {
  static constexpr std::string_view kScheme = "bearer ";
  // Stands in for an absent previous hash so both comparisons always run
  // over 64 characters; no hex digest equals it.
  static constexpr std::string_view kNoHash =
      "----------------------------------------------------------------";
  static_assert(kNoHash.size() == 64, "a hex SHA-256 digest has 64 characters");
  const Status denied(Code::kUnauthorized, "a valid bearer token is required");
  if (authorization_header.size() <= kScheme.size()) return denied;
  for (size_t i = 0; i < kScheme.size(); ++i) {
    char c = authorization_header[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != kScheme[i]) return denied;
  }
  std::string_view token = authorization_header.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  // Hash first so the comparisons are over fixed-length digests.
  const std::string hash = HashSecret(token);
  const std::string_view previous =
      directory.previous_secret_hash.empty() ? kNoHash : directory.previous_secret_hash;
  // Non-short-circuiting: both comparisons run whatever the first found.
  const bool current_matches = ConstantTimeEquals(hash, directory.secret_hash);
  const bool previous_matches = ConstantTimeEquals(hash, previous);
  if (!(current_matches | (previous_matches & PreviousSecretValid(directory, now_ms)))) {
    return denied;
  }
  return Status::Ok();
}

}  // namespace scimd::directory
