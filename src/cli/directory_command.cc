#include <boost/json.hpp>
#include <chrono>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/directory_settings_command.h"
#include "directory/directory.h"
#include "directory/duration.h"
#include "directory/settings.h"
#include "scim/serialize/render.h"
#include "storage/resource_store.h"

namespace scimd::cli {
namespace {

struct DirectoryFlags {
  std::string db = kDefaultDb;
  std::string public_url;
  bool json = false;
  std::string name;
  std::string idp = "generic";
  std::string id;
  std::string grace = "0";
};

std::string PublicUrl(const DirectoryFlags& flags) {
  const char* listen = std::getenv("SCIMD_LISTEN");
  return PublicUrlOr(flags.public_url, listen ? listen : kDefaultListen);
}

boost::json::object Describe(const storage::DirectoryRecord& record, const DirectoryFlags& flags) {
  return {{"id", record.id},
          {"name", record.name},
          {"idp", record.idp},
          {"base_url", directory::BaseUrl(PublicUrl(flags), record.id)},
          {"created", scim::FormatTime(record.created_ms)}};
}

int Add(storage::ResourceStore& store, const DirectoryFlags& flags) {
  Result<directory::NewDirectory> added = directory::AddDirectory(store, flags.name, flags.idp);
  if (!added.ok()) return Fail(added.status());
  boost::json::object out = Describe(added->record, flags);
  if (flags.json) {
    out["secret"] = added->secret;
    std::cout << boost::json::serialize(out) << "\n";
    return 0;
  }
  std::cout << "Directory added.\n"
            << "  Name:        " << added->record.name << "\n"
            << "  IdP:         " << added->record.idp << "\n"
            << "  Id:          " << added->record.id << "\n"
            << "  Base URL:    " << out["base_url"].as_string().c_str() << "\n"
            << "  App secret:  " << added->secret << "\n\n"
            << "Paste the Base URL and the App secret (the bearer token) into your identity\n"
            << "provider now: the secret is stored only as a hash and is never shown again.\n"
            << "Lost it? Issue a new one with: scimd directory rotate-secret " << added->record.id
            << "\n";
  return 0;
}

int List(storage::ResourceStore& store, const DirectoryFlags& flags) {
  Result<std::vector<storage::DirectoryRecord>> all = store.ListDirectories();
  if (!all.ok()) return Fail(all.status());
  boost::json::array out;
  for (const auto& record : *all) out.push_back(Describe(record, flags));
  if (flags.json) {
    std::cout << boost::json::serialize(out) << "\n";
    return 0;
  }
  if (all->empty())
    std::cout << "No directories yet. Add one with: scimd directory add --name NAME\n";
  for (const auto& item : out) {
    const auto& o = item.as_object();
    std::cout << o.at("id").as_string().c_str() << "  " << o.at("idp").as_string().c_str() << "  "
              << o.at("name").as_string().c_str() << "  " << o.at("base_url").as_string().c_str()
              << "\n";
  }
  return 0;
}

int Show(storage::ResourceStore& store, const DirectoryFlags& flags) {
  Result<storage::DirectoryRecord> record = store.GetDirectory(flags.id);
  if (!record.ok()) return Fail(record.status());
  boost::json::object out = Describe(*record, flags);
  Result<int64_t> users = store.Count(flags.id, scim::ResourceKind::kUser);
  Result<int64_t> groups = store.Count(flags.id, scim::ResourceKind::kGroup);
  if (!users.ok()) return Fail(users.status());
  if (!groups.ok()) return Fail(groups.status());
  out["users"] = *users;
  out["groups"] = *groups;
  // Whether the secret replaced by the last rotation still works; never its hash.
  out["previous_secret_valid_until"] =
      directory::PreviousSecretValid(*record, SystemNowMs())
          ? boost::json::value(scim::FormatTime(record->previous_secret_expires_ms))
          : boost::json::value(nullptr);
  out["settings"] = directory::EffectiveSettingsJson(*record);
  out["explicit_settings"] = record->settings;
  if (flags.json) {
    std::cout << boost::json::serialize(out) << "\n";
    return 0;
  }
  for (const auto& field : out) {
    std::cout << field.key() << ": "
              << (field.value().is_string() ? std::string(field.value().get_string())
                  : field.value().is_null() ? std::string("none")
                                            : boost::json::serialize(field.value()))
              << "\n";
  }
  return 0;
}

int Rotate(storage::ResourceStore& store, const DirectoryFlags& flags) {
  Result<std::chrono::milliseconds> grace = directory::ParseDuration(flags.grace);
  if (!grace.ok()) return Fail(grace.status());
  Result<directory::RotatedSecret> rotated = directory::RotateSecret(store, flags.id, *grace);
  if (!rotated.ok()) return Fail(rotated.status());
  const bool overlap = rotated->previous_expires_ms != 0;
  const std::string until = overlap ? scim::FormatTime(rotated->previous_expires_ms) : "";
  if (flags.json) {
    boost::json::object out{{"id", flags.id},
                            {"base_url", directory::BaseUrl(PublicUrl(flags), flags.id)},
                            {"secret", rotated->secret},
                            {"previous_secret_valid_until", nullptr}};
    if (overlap) out["previous_secret_valid_until"] = until;
    std::cout << boost::json::serialize(out) << "\n";
    return 0;
  }
  std::cout << "New App secret: " << rotated->secret << "\n";
  if (overlap) {
    std::cout << "The previous secret keeps working until " << until << " ("
              << directory::FormatDuration(*grace) << "). Update your identity provider\n"
              << "before then; this secret is not shown again.\n";
  } else {
    std::cout << "The previous secret no longer works. Update your identity provider now;\n"
              << "this secret is not shown again.\n";
  }
  return 0;
}

int Remove(storage::ResourceStore& store, const DirectoryFlags& flags) {
  Status removed = store.DeleteDirectory(flags.id);
  if (!removed.ok()) return Fail(removed);
  if (flags.json) {
    std::cout << boost::json::serialize(boost::json::object{{"id", flags.id}, {"removed", true}})
              << "\n";
    return 0;
  }
  std::cout << "Directory " << flags.id << " removed with all its users and groups.\n";
  return 0;
}

using Action = int (*)(storage::ResourceStore&, const DirectoryFlags&);

void AddAction(CLI::App& parent, const std::string& name, const std::string& help, Action action,
               bool takes_id, ExitCode& exit_code) {
  auto flags = std::make_shared<DirectoryFlags>();
  CLI::App* command = parent.add_subcommand(name, help);
  AddDbOption(*command, flags->db);
  command->add_flag("--json", flags->json, "Print one JSON document instead of text");
  command
      ->add_option("--public-url", flags->public_url,
                   "Scheme://host[:port] the IdP reaches scimd at, for the Base URL. "
                   "Default: http://$SCIMD_LISTEN or http://127.0.0.1:5501. Env: "
                   "SCIMD_PUBLIC_URL")
      ->envname("SCIMD_PUBLIC_URL");
  if (takes_id) command->add_option("ID", flags->id, "The directory id")->required();
  if (name == "add") {
    command->add_option("--name", flags->name, "A name for the directory, e.g. \"OneLogin\"")
        ->required();
    command
        ->add_option("--idp", flags->idp,
                     "The identity provider: onelogin, entra, okta, pingone, jumpcloud or "
                     "generic")
        ->check(CLI::IsMember({"onelogin", "entra", "okta", "pingone", "jumpcloud", "generic"}))
        ->capture_default_str();
  }
  if (name == "rotate-secret") {
    command
        ->add_option("--grace", flags->grace,
                     "How long the old secret keeps working beside the new one, so the IdP can "
                     "be updated without an outage: e.g. 30m, 24h, 7d (at most). 0 stops it at "
                     "once. Env: SCIMD_SECRET_GRACE")
        ->envname("SCIMD_SECRET_GRACE")
        ->capture_default_str();
  }
  command->callback([flags, action, &exit_code] {
    exit_code.value = RunWithStore(
        flags->db, [&](storage::ResourceStore& store) { return action(store, *flags); });
  });
}

}  // namespace

void AddDirectoryCommand(CLI::App& app, ExitCode& exit_code) {
  CLI::App* directory = app.add_subcommand(
      "directory",
      "Add, list, show, configure and remove directories (one per identity-provider connection)");
  directory->require_subcommand(1);
  AddAction(*directory, "add", "Add a directory and print its Base URL and App secret (once)", Add,
            false, exit_code);
  AddAction(*directory, "list", "List directories", List, false, exit_code);
  AddAction(*directory, "show", "Show a directory, its settings and counts", Show, true, exit_code);
  AddAction(*directory, "rotate-secret",
            "Issue a new App secret; the old one stops working at once, or after --grace", Rotate,
            true, exit_code);
  AddDirectorySetCommand(*directory, exit_code);
  AddDirectoryLogCommand(*directory, exit_code);
  AddAction(*directory, "remove", "Remove a directory with all its users and groups", Remove, true,
            exit_code);
}

}  // namespace scimd::cli
