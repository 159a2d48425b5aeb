#include "storage/resource_store.h"

#include <filesystem>
#include <string>
#include <system_error>

#include "storage/postgres/pg_store.h"
#include "storage/sqlite/sqlite_store.h"

namespace scimd::storage {
namespace {

constexpr std::string_view kSqliteScheme = "sqlite:";

Result<std::unique_ptr<ResourceStore>> OpenSqlite(std::string_view path) {
  if (path.empty()) return InvalidValue("sqlite: needs a file path (sqlite:PATH)");
  // Every connection of the store must see the same database, which an
  // in-memory or temporary database cannot offer.
  if (path == ":memory:" || path.find("mode=memory") != std::string_view::npos) {
    return InvalidValue("sqlite: in-memory databases are not supported; give a file path");
  }
  std::filesystem::path file(path);
  if (file.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
    if (ec) {
      return Unavailable("cannot create folder " + file.parent_path().string() + ": " +
                         ec.message());
    }
  }
  SCIMD_ASSIGN_OR_RETURN(std::unique_ptr<sqlite::SqliteStore> store,
                         sqlite::SqliteStore::Open(std::string(path)));
  return std::unique_ptr<ResourceStore>(std::move(store));
}

}  // namespace

Result<std::unique_ptr<ResourceStore>> OpenStore(std::string_view url) {
  if (url.starts_with(kSqliteScheme)) return OpenSqlite(url.substr(kSqliteScheme.size()));
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    SCIMD_ASSIGN_OR_RETURN(postgres::PgOptions options, postgres::ParsePgUrl(url));
    SCIMD_ASSIGN_OR_RETURN(std::unique_ptr<postgres::PgStore> store,
                           postgres::PgStore::Open(std::move(options)));
    return std::unique_ptr<ResourceStore>(std::move(store));
  }
  return InvalidValue("unknown store URL \"" + std::string(url) +
                      "\"; expected sqlite:PATH or postgresql://...");
}

}  // namespace scimd::storage
