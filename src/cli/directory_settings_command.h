// `scimd directory set` and `scimd directory log`: a directory's settings and
// its SCIM request log.
#ifndef SCIMD_CLI_DIRECTORY_SETTINGS_COMMAND_H_
#define SCIMD_CLI_DIRECTORY_SETTINGS_COMMAND_H_

#include <CLI/CLI.hpp>

#include "cli/commands.h"

namespace scimd::cli {

// Registers `set ID --KEY VALUE...` on the `directory` command: validates
// every value (exit 1 with the accepted values otherwise) and prints the
// effective settings.
void AddDirectorySetCommand(CLI::App& directory, ExitCode& exit_code);

// Registers `log ID [--limit N] [--json]`: the newest requests first.
void AddDirectoryLogCommand(CLI::App& directory, ExitCode& exit_code);

}  // namespace scimd::cli

#endif  // SCIMD_CLI_DIRECTORY_SETTINGS_COMMAND_H_
