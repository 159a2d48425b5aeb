// Registration of each subcommand on the CLI11 application. Each Add* function
// declares the flags and installs the callback that runs the command.
#ifndef SCIMD_CLI_COMMANDS_H_
#define SCIMD_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

#include "common/status.h"
#include "storage/resource_store.h"

namespace scimd::cli {

inline constexpr char kDefaultDb[] = "sqlite:./data/scimd.db";
inline constexpr char kDefaultListen[] = "127.0.0.1:5501";
inline constexpr char kDefaultAdminListen[] = "127.0.0.1:5500";

// Set by a command that failed; Main returns it.
struct ExitCode {
  int value = 0;
};

void AddServeCommand(CLI::App& app, ExitCode& exit_code);
void AddDirectoryCommand(CLI::App& app, ExitCode& exit_code);
// scimd import --directory ID [--batch N] FILE: bulk-load SCIM JSON lines.
void AddImportCommand(CLI::App& app, ExitCode& exit_code);
// scimd admin token create|list|revoke: tokens for the admin API and console.
void AddAdminCommand(CLI::App& app, ExitCode& exit_code);
// scimd config check [--config FILE]: validate scimd.toml, print the result.
void AddConfigCommand(CLI::App& app, ExitCode& exit_code);
// scimd backup --to FILE / scimd restore --from FILE: SQLite online backup.
void AddBackupCommands(CLI::App& app, ExitCode& exit_code);

// scimd webhook add|list|remove|deliveries: signed webhooks of a directory.
void AddWebhookCommand(CLI::App& app, ExitCode& exit_code);

// Applies serve's configuration file (--config after `serve`, or
// SCIMD_CONFIG) as defaults of its options. Before app.parse; returns 0, or
// an exit status after printing why the file is invalid.
int ApplyConfigFromArgs(CLI::App& app, int argc, char** argv);

// "--db" with its environment variable and default, shared by every command.
CLI::Option* AddDbOption(CLI::App& command, std::string& db);

// Prints "scimd: <detail>" on stderr; returns the exit status 1.
int Fail(const Status& status);

// Opens the store named by `db` and runs `command` on it. Returns the
// command's exit status, or Fail's when the store cannot be opened.
int RunWithStore(const std::string& db, const std::function<int(storage::ResourceStore&)>& command);

// "http://<listen>" unless `public_url` is set.
std::string PublicUrlOr(const std::string& public_url, const std::string& listen);

}  // namespace scimd::cli

#endif  // SCIMD_CLI_COMMANDS_H_
