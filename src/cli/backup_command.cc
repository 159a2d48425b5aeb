// scimd backup / scimd restore for SQLite databases, through SQLite's online
// backup API: a backup is a consistent snapshot even while `scimd serve`
// writes (each step copies pages under a read transaction; a write in between
// restarts the copy of the changed pages). PostgreSQL is backed up with
// pg_dump (docs/deploy.md).
#include <sqlite3.h>

#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "ops/readiness.h"

namespace scimd::cli {
namespace {

constexpr int kPagesPerStep = 256;

struct Db {
  sqlite3* handle = nullptr;
  ~Db() { sqlite3_close(handle); }
};

Status SqliteFailure(std::string context, sqlite3* db) {
  return Unavailable(context + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

// Copies every page of `from` into `to` (replacing its content), then checks
// the copy's integrity.
Status Copy(const std::string& from, const std::string& to, bool from_must_exist) {
  std::error_code ec;
  if (from_must_exist && !std::filesystem::is_regular_file(from, ec)) {
    return NotFound("no database file " + from);
  }
  Db source, target;
  if (sqlite3_open_v2(from.c_str(), &source.handle, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    return SqliteFailure("cannot open " + from, source.handle);
  }
  sqlite3_busy_timeout(source.handle, 5000);
  if (sqlite3_open_v2(to.c_str(), &target.handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                      nullptr) != SQLITE_OK) {
    return SqliteFailure("cannot create " + to, target.handle);
  }
  sqlite3_busy_timeout(target.handle, 5000);
  sqlite3_backup* backup = sqlite3_backup_init(target.handle, "main", source.handle, "main");
  if (backup == nullptr) return SqliteFailure("cannot start the backup", target.handle);
  int rc;
  do {
    rc = sqlite3_backup_step(backup, kPagesPerStep);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(10);
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) return SqliteFailure("backup failed", target.handle);
  // The copy keeps the source's journal mode (WAL); fold it into one file.
  sqlite3_exec(target.handle, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
  sqlite3_stmt* check = nullptr;
  if (sqlite3_prepare_v2(target.handle, "PRAGMA integrity_check", -1, &check, nullptr) !=
      SQLITE_OK) {
    return SqliteFailure("cannot check the copy", target.handle);
  }
  std::string verdict;
  if (sqlite3_step(check) == SQLITE_ROW) {
    verdict = reinterpret_cast<const char*>(sqlite3_column_text(check, 0));
  }
  sqlite3_finalize(check);
  if (verdict != "ok") return Internal("the copy failed its integrity check: " + verdict);
  return Status();
}

Result<std::string> SqliteOnly(const std::string& db, std::string_view verb) {
  std::string path = ops::SqlitePath(db);
  if (path.empty()) {
    return InvalidValue(std::string(verb) + " works on sqlite: databases; for PostgreSQL use " +
                        "pg_dump and pg_restore as described in docs/deploy.md");
  }
  return path;
}

int Report(const Status& status, const std::string& done) {
  if (!status.ok()) {
    std::cerr << "scimd: " << status.detail() << "\n";
    return 1;
  }
  std::cout << done << "\n";
  return 0;
}

int Backup(const std::string& db, const std::string& to, bool force) {
  Result<std::string> path = SqliteOnly(db, "backup");
  if (!path.ok()) return Report(path.status(), "");
  std::error_code ec;
  if (std::filesystem::exists(to, ec) && !force) {
    return Report(InvalidValue(to + " exists; pass --force to replace it"), "");
  }
  std::filesystem::remove(to, ec);
  Status status = Copy(*path, to, true);
  if (!status.ok()) std::filesystem::remove(to, ec);
  return Report(status, "scimd: backed up " + *path + " to " + to);
}

int Restore(const std::string& from, const std::string& db, bool force) {
  Result<std::string> path = SqliteOnly(db, "restore");
  if (!path.ok()) return Report(path.status(), "");
  std::error_code ec;
  if (std::filesystem::exists(*path, ec) && !force) {
    return Report(InvalidValue(*path + " exists; stop scimd and pass --force to overwrite it"), "");
  }
  // Restore into a side file and rename: a failed restore leaves no half database.
  const std::string staging = *path + ".restoring";
  std::filesystem::remove(staging, ec);
  Status status = Copy(from, staging, true);
  if (status.ok()) {
    for (const char* suffix : {"-wal", "-shm"}) std::filesystem::remove(*path + suffix, ec);
    std::filesystem::rename(staging, *path, ec);
    if (ec) status = Unavailable("cannot move the restored database into place: " + ec.message());
  }
  if (!status.ok()) std::filesystem::remove(staging, ec);
  return Report(status, "scimd: restored " + from + " into " + *path);
}

}  // namespace

void AddBackupCommands(CLI::App& app, ExitCode& exit_code) {
  struct Flags {
    std::string db = kDefaultDb;
    std::string file;
    bool force = false;
  };
  auto backup_flags = std::make_shared<Flags>();
  CLI::App* backup = app.add_subcommand(
      "backup", "Copy a SQLite database to FILE; consistent while scimd serves it");
  AddDbOption(*backup, backup_flags->db);
  backup->add_option("--to", backup_flags->file, "The backup file to write")->required();
  backup->add_flag("--force", backup_flags->force, "Replace FILE if it exists");
  backup->callback([backup_flags, &exit_code] {
    exit_code.value = Backup(backup_flags->db, backup_flags->file, backup_flags->force);
  });
  auto restore_flags = std::make_shared<Flags>();
  CLI::App* restore = app.add_subcommand(
      "restore", "Restore a backup into a SQLite database (refuses to overwrite without --force)");
  restore->add_option("--from", restore_flags->file, "The backup file")->required();
  AddDbOption(*restore, restore_flags->db);
  restore->add_flag("--force", restore_flags->force,
                    "Overwrite an existing database (stop scimd first)");
  restore->callback([restore_flags, &exit_code] {
    exit_code.value = Restore(restore_flags->file, restore_flags->db, restore_flags->force);
  });
}

}  // namespace scimd::cli
