#include "cli/app.h"

#include <iostream>
#include <memory>

#include "cli/commands.h"

namespace scimd::cli {

CLI::Option* AddDbOption(CLI::App& command, std::string& db) {
  return command
      .add_option("--db", db,
                  "Database URL: sqlite:PATH (the file is created if missing). Env: SCIMD_DB")
      ->envname("SCIMD_DB")
      ->capture_default_str();
}

int Fail(const Status& status) {
  std::cerr << "scimd: " << status.detail() << "\n";
  return 1;
}

int RunWithStore(const std::string& db,
                 const std::function<int(storage::ResourceStore&)>& command) {
  Result<std::unique_ptr<storage::ResourceStore>> store = storage::OpenStore(db);
  if (!store.ok()) return Fail(store.status());
  return command(**store);
}

std::string PublicUrlOr(const std::string& public_url, const std::string& listen) {
  if (!public_url.empty()) return public_url;
  return "http://" + listen;
}

int Main(int argc, char** argv) {
  CLI::App app{"scimd: a SCIM 2.0 provisioning server for identity providers"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "scimd 0.1.0");
  ExitCode exit_code;
  AddServeCommand(app, exit_code);
  AddDirectoryCommand(app, exit_code);
  AddImportCommand(app, exit_code);
  AddAdminCommand(app, exit_code);
  AddConfigCommand(app, exit_code);
  AddBackupCommands(app, exit_code);
  AddWebhookCommand(app, exit_code);
  if (int rc = ApplyConfigFromArgs(app, argc, argv); rc != 0) return rc;
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return exit_code.value;
}

}  // namespace scimd::cli
