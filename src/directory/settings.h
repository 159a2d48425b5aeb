// Per-directory settings: how scimd adapts to one identity provider.
//
// A directory stores only the settings an admin set explicitly
// (DirectoryRecord.settings, string values keyed by the names below). The
// effective settings are those explicit values over the defaults of the
// directory's IdP, over the global defaults. Changing `idp` therefore changes
// every setting the admin did not set.
//
// Keys and values (all strings):
//   link-existing          on | off (off): a POST whose userName / externalId
//                          (users) or displayName (groups) matches an existing
//                          resource adopts it instead of answering 409.
//   response-content-type  application/scim+json | application/json
//                          (application/scim+json; application/json for OneLogin)
//   deprovision            delete | deactivate (delete): what DELETE /Users/{id} does.
//   groups                 enabled | disabled (enabled): disabled answers 403 on
//                          /Groups and hides Group from discovery.
//
// Pure; thread-safe.
#ifndef SCIMD_DIRECTORY_SETTINGS_H_
#define SCIMD_DIRECTORY_SETTINGS_H_

#include <array>
#include <boost/json/object.hpp>
#include <string>
#include <string_view>

#include "common/status.h"
#include "storage/resource_store.h"

namespace scimd::directory {

enum class Deprovision { kDelete, kDeactivate };

struct Settings {
  bool link_existing = false;
  std::string response_content_type = "application/scim+json";
  Deprovision deprovision = Deprovision::kDelete;
  bool groups_enabled = true;
};

// One setting as the command line describes it.
struct SettingSpec {
  std::string_view key;
  std::string_view help;                   // one sentence, for --help
  std::array<std::string_view, 2> values;  // the accepted values, default of `generic` first
};

inline constexpr std::array<SettingSpec, 4> kSettingSpecs = {{
    {"link-existing",
     "A POST whose userName or externalId (users) or displayName (groups) matches an existing "
     "resource adopts it (201 with its id) instead of answering 409",
     {"off", "on"}},
    {"response-content-type",
     "Content-Type of SCIM responses (OneLogin default: application/json)",
     {"application/scim+json", "application/json"}},
    {"deprovision",
     "What DELETE /Users/{id} does: delete the user, or deactivate it (active=false, kept)",
     {"delete", "deactivate"}},
    {"groups",
     "enabled, or disabled: /Groups answers 403 and discovery no longer lists Group",
     {"enabled", "disabled"}},
}};

// The defaults an IdP brings (only keys that differ from the global defaults).
boost::json::object IdpDefaults(std::string_view idp);

// Every key with its effective value: explicit over IdP defaults over global.
boost::json::object EffectiveSettingsJson(const storage::DirectoryRecord& directory);

// The effective settings, typed. Unknown or invalid stored values fall back to
// the default, so a hand-edited row can never break request handling.
Settings EffectiveSettings(const storage::DirectoryRecord& directory);

// Validates and stores an explicit setting in `directory.settings`. `key` may
// also be "idp" (changes directory.idp). kInvalidValue naming the accepted
// values when the key or value is unknown.
Status SetSetting(storage::DirectoryRecord& directory, std::string_view key,
                  std::string_view value);

}  // namespace scimd::directory

#endif  // SCIMD_DIRECTORY_SETTINGS_H_
