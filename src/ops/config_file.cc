#include "ops/config_file.h"

#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace scimd::ops {
namespace {

std::string Where(std::string_view source, const toml::source_region& region) {
  return std::string(source) + ":" + std::to_string(region.begin.line) + ":" +
         std::to_string(region.begin.column);
}

// The command-line text of a scalar; kInvalidValue for tables and dates.
Result<std::string> ScalarText(const toml::node& node, std::string_view source,
                               std::string_view key) {
  if (auto v = node.as_string()) return v->get();
  if (auto v = node.as_integer()) return std::to_string(v->get());
  if (auto v = node.as_boolean()) return std::string(v->get() ? "true" : "false");
  if (auto v = node.as_floating_point()) {
    std::ostringstream out;
    out << v->get();
    return out.str();
  }
  return InvalidValue(Where(source, node.source()) + ": key '" + std::string(key) +
                      "' must be a string, number, boolean or an array of those");
}

}  // namespace

Result<std::vector<ConfigEntry>> ParseConfig(std::string_view text, std::string_view source) {
  // Debian builds toml++ with exceptions: a syntax error arrives as one.
  toml::table table;
  try {
    table = toml::parse(text, source);
  } catch (const toml::parse_error& error) {
    return InvalidValue(Where(source, error.source()) + ": " + std::string(error.description()));
  }
  std::vector<ConfigEntry> entries;
  for (auto&& [key, node] : table) {
    ConfigEntry entry;
    entry.key = std::string(key.str());
    entry.line = static_cast<int>(node.source().begin.line);
    if (node.is_table()) {
      return InvalidValue(Where(source, node.source()) + ": [" + entry.key +
                          "]: sections are not supported; every key is a serve flag at the top "
                          "level");
    }
    if (auto array = node.as_array()) {
      for (auto&& item : *array) {
        SCIMD_ASSIGN_OR_RETURN(std::string text_value, ScalarText(item, source, entry.key));
        if (!entry.value.empty()) entry.value += ",";
        entry.value += text_value;
      }
    } else {
      SCIMD_ASSIGN_OR_RETURN(entry.value, ScalarText(node, source, entry.key));
    }
    entries.push_back(std::move(entry));
  }
  std::sort(entries.begin(), entries.end(),
            [](const ConfigEntry& a, const ConfigEntry& b) { return a.line < b.line; });
  return entries;
}

Result<std::vector<ConfigEntry>> LoadConfigFile(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return NotFound("no configuration file " + path);
  std::ifstream in(path);
  if (!in) return InvalidValue("cannot read configuration file " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return ParseConfig(buffer.str(), path);
}

std::string MaskSecrets(std::string_view key, std::string_view value) {
  std::string out(value);
  if (key.find("secret") != std::string_view::npos || key.find("token") != std::string_view::npos ||
      key.find("password") != std::string_view::npos) {
    return out.empty() ? out : "****";
  }
  // scheme://user:password@host
  size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    size_t at = out.find('@', scheme + 3);
    size_t colon = out.find(':', scheme + 3);
    if (at != std::string::npos && colon != std::string::npos && colon < at) {
      out.replace(colon + 1, at - colon - 1, "****");
    }
  }
  // password=... in a query string or a libpq keyword string
  for (size_t pos = out.find("password="); pos != std::string::npos;
       pos = out.find("password=", pos + 1)) {
    size_t begin = pos + 9;
    size_t end = out.find_first_of("& ", begin);
    if (end == std::string::npos) end = out.size();
    out.replace(begin, end - begin, "****");
  }
  return out;
}

}  // namespace scimd::ops
