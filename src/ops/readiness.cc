#include "ops/readiness.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace scimd::ops {

std::string SqlitePath(const std::string& db_url) {
  constexpr std::string_view kScheme = "sqlite:";
  if (!db_url.starts_with(kScheme)) return "";
  std::string path = db_url.substr(kScheme.size());
  if (path.starts_with("//")) path = path.substr(2);
  return path.substr(0, path.find('?'));
}

Status CheckDatabaseFile(const std::string& db_url) {
  std::string path = SqlitePath(db_url);
  if (path.empty()) return Status();
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    return Unavailable("database file " + path + ": " + std::strerror(errno));
  }
  if (!S_ISREG(info.st_mode)) return Unavailable("database " + path + " is not a regular file");
  return Status();
}

}  // namespace scimd::ops
