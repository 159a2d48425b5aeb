#include "cli/directory_settings_command.h"

#include <boost/json.hpp>
#include <iostream>
#include <map>
#include <memory>

#include "directory/directory.h"
#include "directory/settings.h"
#include "scim/serialize/render.h"
#include "storage/resource_store.h"

namespace scimd::cli {
namespace {

struct SetFlags {
  std::string db = kDefaultDb;
  std::string id;
  bool json = false;
  std::map<std::string, std::string> values;  // key -> value, only flags given
};

int Set(const SetFlags& flags) {
  Result<std::unique_ptr<storage::ResourceStore>> store = storage::OpenStore(flags.db);
  if (!store.ok()) return Fail(store.status());
  Result<storage::DirectoryRecord> record = (*store)->GetDirectory(flags.id);
  if (!record.ok()) return Fail(record.status());
  if (flags.values.empty()) {
    return Fail(InvalidValue("nothing to set; see scimd directory set --help"));
  }
  for (const auto& [key, value] : flags.values) {
    Status status = directory::SetSetting(*record, key, value);
    if (!status.ok()) return Fail(status);
  }
  Status updated = (*store)->UpdateDirectory(*record);
  if (!updated.ok()) return Fail(updated);
  boost::json::object out{{"id", record->id},
                          {"idp", record->idp},
                          {"settings", directory::EffectiveSettingsJson(*record)}};
  if (flags.json) {
    std::cout << boost::json::serialize(out) << "\n";
    return 0;
  }
  std::cout << "Settings of directory " << record->id << " (idp " << record->idp << "):\n";
  for (const auto& field : out["settings"].as_object()) {
    std::cout << "  " << field.key() << ": " << field.value().as_string().c_str() << "\n";
  }
  return 0;
}

struct LogFlags {
  std::string db = kDefaultDb;
  std::string id;
  bool json = false;
  int64_t limit = 50;
};

boost::json::object Describe(const storage::RequestLogEntry& entry) {
  return {{"time", scim::FormatTime(entry.time_ms)},
          {"method", entry.method},
          {"path", entry.target},
          {"status", entry.status},
          {"latency_ms", entry.latency_ms},
          {"request_id", entry.request_id},
          {"request_body", entry.request_body},
          {"response_body", entry.response_body}};
}

int Log(const LogFlags& flags) {
  Result<std::unique_ptr<storage::ResourceStore>> store = storage::OpenStore(flags.db);
  if (!store.ok()) return Fail(store.status());
  Result<std::vector<storage::RequestLogEntry>> entries =
      (*store)->ListRequestLog(flags.id, flags.limit);
  if (!entries.ok()) return Fail(entries.status());
  if (flags.json) {
    boost::json::array out;
    for (const auto& entry : *entries) out.push_back(Describe(entry));
    std::cout << boost::json::serialize(out) << "\n";
    return 0;
  }
  if (entries->empty()) std::cout << "No SCIM requests logged for this directory yet.\n";
  for (const auto& entry : *entries) {
    std::cout << scim::FormatTime(entry.time_ms) << "  " << entry.status << "  " << entry.method
              << " " << entry.target << "  " << entry.latency_ms << " ms  " << entry.request_id
              << "\n";
    if (!entry.request_body.empty()) std::cout << "    > " << entry.request_body << "\n";
    if (!entry.response_body.empty()) std::cout << "    < " << entry.response_body << "\n";
  }
  return 0;
}

}  // namespace

void AddDirectorySetCommand(CLI::App& directory, ExitCode& exit_code) {
  auto flags = std::make_shared<SetFlags>();
  CLI::App* command = directory.add_subcommand(
      "set",
      "Change a directory's settings. Settings not set explicitly follow the IdP's defaults");
  AddDbOption(*command, flags->db);
  command->add_flag("--json", flags->json, "Print the effective settings as one JSON document");
  command->add_option("ID", flags->id, "The directory id")->required();
  // Each flag only records its value; validation is SetSetting's, so the
  // messages match whatever path changes a setting.
  command
      ->add_option_function<std::string>(
          "--idp", [flags](const std::string& v) { flags->values["idp"] = v; },
          "The identity provider (onelogin, entra, okta, pingone, jumpcloud, generic); its "
          "defaults apply to every setting not set explicitly")
      ->type_name("IDP");
  for (const directory::SettingSpec& spec : directory::kSettingSpecs) {
    std::string key(spec.key);
    std::string help = std::string(spec.help) + ". Values: " + std::string(spec.values[0]) +
                       " (default) or " + std::string(spec.values[1]);
    command
        ->add_option_function<std::string>(
            "--" + key, [flags, key](const std::string& v) { flags->values[key] = v; }, help)
        ->type_name("VALUE");
  }
  command->callback([flags, &exit_code] { exit_code.value = Set(*flags); });
}

void AddDirectoryLogCommand(CLI::App& directory, ExitCode& exit_code) {
  auto flags = std::make_shared<LogFlags>();
  CLI::App* command = directory.add_subcommand(
      "log", "Show the directory's recent SCIM requests, newest first (passwords redacted)");
  AddDbOption(*command, flags->db);
  command->add_flag("--json", flags->json, "Print one JSON array of entries");
  command->add_option("ID", flags->id, "The directory id")->required();
  command->add_option("--limit", flags->limit, "How many entries to show (the log keeps 500)")
      ->check(CLI::Range(int64_t{1}, int64_t{100000}))
      ->capture_default_str();
  command->callback([flags, &exit_code] { exit_code.value = Log(*flags); });
}

}  // namespace scimd::cli
