#include "directory/settings.h"

#include "directory/directory.h"

namespace scimd::directory {
namespace {

const SettingSpec* FindSpec(std::string_view key) {
  for (const SettingSpec& spec : kSettingSpecs) {
    if (spec.key == key) return &spec;
  }
  return nullptr;
}

std::string_view Effective(const boost::json::object& effective, std::string_view key) {
  const boost::json::value* value = effective.if_contains(key);
  return value && value->is_string() ? std::string_view(value->get_string()) : std::string_view();
}

}  // namespace

boost::json::object IdpDefaults(std::string_view idp) {
  // OneLogin's guide asks for application/json responses; the others accept
  // the SCIM media type.
  if (idp == "onelogin") return {{"response-content-type", "application/json"}};
  return {};
}

boost::json::object EffectiveSettingsJson(const storage::DirectoryRecord& directory) {
  boost::json::object effective;
  const boost::json::object idp_defaults = IdpDefaults(directory.idp);
  for (const SettingSpec& spec : kSettingSpecs) {
    effective[spec.key] = spec.values[0];
    for (const boost::json::object* layer : {&idp_defaults, &directory.settings}) {
      const boost::json::value* value = layer->if_contains(spec.key);
      if (!value || !value->is_string()) continue;
      std::string_view text = value->get_string();
      if (text == spec.values[0] || text == spec.values[1]) effective[spec.key] = text;
    }
  }
  return effective;
}

Settings EffectiveSettings(const storage::DirectoryRecord& directory) {
  boost::json::object effective = EffectiveSettingsJson(directory);
  Settings settings;
  settings.link_existing = Effective(effective, "link-existing") == "on";
  settings.response_content_type = std::string(Effective(effective, "response-content-type"));
  settings.deprovision = Effective(effective, "deprovision") == "deactivate"
                             ? Deprovision::kDeactivate
                             : Deprovision::kDelete;
  settings.groups_enabled = Effective(effective, "groups") != "disabled";
  return settings;
}

Status SetSetting(storage::DirectoryRecord& directory, std::string_view key,
                  std::string_view value) {
  if (key == "idp") {
    if (!IsKnownIdp(value)) {
      return InvalidValue(
          "idp must be onelogin, entra, okta, pingone, jumpcloud or generic, got '" +
          std::string(value) + "'");
    }
    directory.idp = std::string(value);
    return Status::Ok();
  }
  const SettingSpec* spec = FindSpec(key);
  if (spec == nullptr) return InvalidValue("unknown setting '" + std::string(key) + "'");
  if (value != spec->values[0] && value != spec->values[1]) {
    return InvalidValue(std::string(key) + " must be " + std::string(spec->values[0]) + " or " +
                        std::string(spec->values[1]) + ", got '" + std::string(value) + "'");
  }
  directory.settings[key] = value;
  return Status::Ok();
}

}  // namespace scimd::directory
