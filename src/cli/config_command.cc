// The configuration file: applied to `serve` before the command line is
// parsed, and `scimd config check` to validate it and print the result.
//
// Precedence is flags > environment > file > defaults: file values become the
// serve options' defaults, which CLI11 then lets the environment variable and
// the command line override.
#include <cstdlib>
#include <iostream>
#include <set>

#include "cli/commands.h"
#include "ops/config_file.h"

namespace scimd::cli {
namespace {

// The --config value from argv (only after `serve`), else SCIMD_CONFIG.
std::string ConfigPathFromArgs(int argc, char** argv) {
  bool in_serve = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "serve") in_serve = true;
    if (!in_serve) continue;
    if (arg == "--config" && i + 1 < argc) return argv[i + 1];
    if (arg.starts_with("--config=")) return std::string(arg.substr(9));
  }
  if (!in_serve) return "";
  const char* env = std::getenv("SCIMD_CONFIG");
  return env == nullptr ? "" : env;
}

std::string KnownKeys(CLI::App& serve) {
  std::string out;
  for (const CLI::Option* option : serve.get_options()) {
    std::string name = option->get_single_name();
    if (name.empty() || name == "help" || name == "config") continue;
    out += (out.empty() ? "" : ", ") + name;
  }
  return out;
}

void PrintEffective(CLI::App& serve, const std::set<std::string>& from_file) {
  for (const CLI::Option* option : serve.get_options()) {
    std::string name = option->get_single_name();
    if (name.empty() || name == "help" || name == "config") continue;
    std::string value = option->get_default_str();
    std::string source = "default";
    if (from_file.count(name) != 0) source = "file";
    const std::string& env_name = option->get_envname();
    if (!env_name.empty()) {
      if (const char* env = std::getenv(env_name.c_str())) {
        value = env;
        source = "env " + env_name;
      }
    }
    std::cout << name << " = \"" << ops::MaskSecrets(name, value) << "\"  # " << source << "\n";
  }
}

}  // namespace

// Every key becomes the default of the serve flag of that name.
static Status ApplyConfigFile(CLI::App& serve, const std::string& path,
                              std::set<std::string>* applied = nullptr) {
  SCIMD_ASSIGN_OR_RETURN(std::vector<ops::ConfigEntry> entries, ops::LoadConfigFile(path));
  for (const ops::ConfigEntry& entry : entries) {
    const std::string where = path + ":" + std::to_string(entry.line) + ": ";
    CLI::Option* option = entry.key == "config" || entry.key == "help"
                              ? nullptr
                              : serve.get_option_no_throw("--" + entry.key);
    if (option == nullptr) {
      return InvalidValue(where + "unknown key '" + entry.key +
                          "'; the keys are the serve flags: " + KnownKeys(serve));
    }
    try {
      option->run_callback_for_default()->default_val(entry.value);
      if (applied != nullptr) applied->insert(entry.key);
    } catch (const CLI::Error& e) {
      return InvalidValue(where + entry.key + ": " + e.what());
    }
  }
  return Status();
}

int ApplyConfigFromArgs(CLI::App& app, int argc, char** argv) {
  std::string path = ConfigPathFromArgs(argc, argv);
  if (path.empty()) return 0;
  Status status = ApplyConfigFile(*app.get_subcommand("serve"), path);
  if (status.ok()) return 0;
  std::cerr << "scimd: " << status.detail() << "\n";
  return 2;
}

void AddConfigCommand(CLI::App& app, ExitCode& exit_code) {
  CLI::App* config = app.add_subcommand("config", "Validate the configuration file");
  config->require_subcommand(1);
  auto path = std::make_shared<std::string>();
  CLI::App* check = config->add_subcommand(
      "check",
      "Validate a scimd.toml and print the effective serve configuration (file, environment "
      "and defaults; secrets masked). Exit status 1 when it is invalid.");
  check->add_option("--config", *path, "The file to check. Env: SCIMD_CONFIG")
      ->envname("SCIMD_CONFIG");
  check->callback([path, &exit_code] {
    CLI::App scratch;
    ExitCode unused;
    AddServeCommand(scratch, unused);
    CLI::App& serve = *scratch.get_subcommand("serve");
    std::set<std::string> from_file;
    if (!path->empty()) {
      Status status = ApplyConfigFile(serve, *path, &from_file);
      if (!status.ok()) {
        std::cerr << "scimd: " << status.detail() << "\n";
        exit_code.value = 1;
        return;
      }
    }
    std::cout << "# effective configuration" << (path->empty() ? "" : " from " + *path) << "\n";
    PrintEffective(serve, from_file);
  });
}

}  // namespace scimd::cli
