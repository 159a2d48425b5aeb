// The configuration file (scimd.toml): TOML with one top-level key per serve
// flag, named as the flag without its dashes:
//
//   db = "sqlite:/var/lib/scimd/scimd.db"
//   listen = "0.0.0.0:5501"
//   max-body-bytes = 1048576
//   trusted-proxies = ["127.0.0.1", "::1"]
//
// Values are strings, integers, floats, booleans or arrays of those (joined
// with commas). Tables are refused: every key is a flag. Which keys exist is
// the caller's business (cli/config_command.cc checks them against the serve
// flags and fails on unknown ones).
//
// Thread-safety: pure functions (LoadConfigFile reads the file).
#ifndef SCIMD_OPS_CONFIG_FILE_H_
#define SCIMD_OPS_CONFIG_FILE_H_

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace scimd::ops {

struct ConfigEntry {
  std::string key;
  std::string value;  // as the flag would receive it on the command line
  int line = 0;       // 1-based, for messages
};

// kInvalidValue with "FILE:LINE:COLUMN: reason" for TOML syntax errors and
// unsupported values (tables, dates); kNotFound when the file is missing.
Result<std::vector<ConfigEntry>> LoadConfigFile(const std::string& path);
Result<std::vector<ConfigEntry>> ParseConfig(std::string_view text, std::string_view source);

// `value` fit to print: the password of a URL ("postgresql://u:pw@h" ->
// "postgresql://u:****@h") and of a "password=" parameter is replaced by
// "****"; keys naming a secret or token are masked whole.
std::string MaskSecrets(std::string_view key, std::string_view value);

}  // namespace scimd::ops

#endif  // SCIMD_OPS_CONFIG_FILE_H_
