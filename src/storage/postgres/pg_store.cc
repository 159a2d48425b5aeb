#include "storage/postgres/pg_store.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <system_error>
#include <thread>
#include <utility>

#include "storage/postgres/pg_members.h"
#include "storage/postgres/pg_events.h"
#include "storage/postgres/pg_migrations.h"
#include "storage/postgres/pg_rows.h"

namespace scimd::storage::postgres {
namespace {

int64_t SystemNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

constexpr const char* kDirectoryColumns =
    "id, name, idp, secret_hash, settings::text, created_ms, previous_secret_hash, "
    "previous_secret_expires_ms";

Result<DirectoryRecord> ReadDirectory(const PgResult& result, int row) {
  DirectoryRecord directory;
  directory.id = std::string(result.Text(row, 0));
  directory.name = std::string(result.Text(row, 1));
  directory.idp = std::string(result.Text(row, 2));
  directory.secret_hash = std::string(result.Text(row, 3));
  std::error_code ec;
  boost::json::value settings = boost::json::parse(result.Text(row, 4), ec);
  if (ec || !settings.is_object()) {
    return Internal("settings of directory " + directory.id + " are not a JSON object");
  }
  directory.settings = std::move(settings.get_object());
  directory.created_ms = result.Int(row, 5);
  directory.previous_secret_hash = std::string(result.Text(row, 6));
  directory.previous_secret_expires_ms = result.Int(row, 7);
  return directory;
}

}  // namespace

Result<PgOptions> ParsePgUrl(std::string_view url) {
  PgOptions options;
  size_t question = url.find('?');
  std::string base(url.substr(0, question));
  std::string kept;
  if (question != std::string_view::npos) {
    std::string_view query = url.substr(question + 1);
    while (!query.empty()) {
      size_t amp = query.find('&');
      std::string_view pair = query.substr(0, amp);
      query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
      if (pair.empty()) continue;
      size_t eq = pair.find('=');
      std::string_view key = pair.substr(0, eq);
      std::string value =
          PercentDecode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
      if (key == "pool") {
        size_t size = 0;
        auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), size);
        if (ec != std::errc() || end != value.data() + value.size() || size < 1 || size > 1000) {
          return InvalidValue("pool= must be a number of connections from 1 to 1000, not \"" +
                              value + "\"");
        }
        options.pool_size = size;
      } else if (key == "schema") {
        if (value.empty()) return InvalidValue("schema= needs a schema name");
        options.schema = value;
      } else {
        kept += (kept.empty() ? "?" : "&") + std::string(pair);
      }
    }
  }
  options.conninfo = base + kept;
  return options;
}

Result<std::unique_ptr<PgStore>> PgStore::Open(PgOptions options) {
  std::unique_ptr<PgStore> store(new PgStore(std::move(options)));
  SCIMD_ASSIGN_OR_RETURN(PgPool::Lease first, store->pool_.Acquire());
  SCIMD_RETURN_IF_ERROR(Migrate(*first, store->schema_));
  return store;
}

PgStore::PgStore(PgOptions options)
    : now_ms_(options.now_ms ? std::move(options.now_ms) : SystemNowMs),
      max_attempts_(options.max_attempts < 1 ? 1 : options.max_attempts),
      schema_(options.schema),
      pool_(std::move(options.conninfo), options.schema,
            options.pool_size < 1 ? 1 : options.pool_size, options.acquire_timeout) {}

Status PgStore::Run(Txn txn, const Body& body) {
  Status status = Status::Ok();
  for (int attempt = 1;; ++attempt) {
    if (attempt > 1) {
      // Let the transaction that won the conflict finish before trying again.
      std::this_thread::sleep_for(std::chrono::milliseconds(2 * attempt * attempt));
    }
    Result<PgPool::Lease> lease = pool_.Acquire();
    if (!lease.ok()) return lease.status();
    PgConnection& db = **lease;
    bool retryable = false;
    switch (txn) {
      case Txn::kNone:
        status = body(db);
        retryable = !status.ok() && (db.last_failure() == PgFailure::kRetry ||
                                     db.last_failure() == PgFailure::kConnection);
        break;
      case Txn::kWrite:
      case Txn::kSnapshot: {
        status = db.ExecScript(txn == Txn::kWrite ? "BEGIN"
                                                  : "BEGIN ISOLATION LEVEL REPEATABLE READ "
                                                    "READ ONLY");
        if (status.ok()) status = body(db);
        // Capture before ROLLBACK overwrites it.
        PgFailure failure = db.last_failure();
        if (!status.ok()) {
          if (!db.broken() || failure != PgFailure::kConnection) {
            (void)db.ExecScript("ROLLBACK");
          }
          // Nothing was committed, so running again is safe.
          retryable = failure == PgFailure::kRetry || failure == PgFailure::kConnection;
          break;
        }
        status = db.ExecScript("COMMIT");
        // A serialization failure at COMMIT means it rolled back; a lost
        // connection at COMMIT leaves the outcome unknown, so no retry.
        retryable = !status.ok() && db.last_failure() == PgFailure::kRetry;
        break;
      }
    }
    if (status.ok() || !retryable || attempt >= max_attempts_) return status;
  }
}

// --- Directories -------------------------------------------------------------

Status PgStore::CreateDirectory(const DirectoryRecord& directory) {
  Status status = Run(Txn::kNone, [&](PgConnection& db) -> Status {
    SCIMD_ASSIGN_OR_RETURN(
        PgResult inserted,
        db.Exec("INSERT INTO directories (id, name, idp, secret_hash, settings, created_ms, "
                "previous_secret_hash, previous_secret_expires_ms) "
                "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                PgParams()
                    .Add(directory.id)
                    .Add(directory.name)
                    .Add(directory.idp)
                    .Add(directory.secret_hash)
                    .Add(boost::json::serialize(directory.settings))
                    .Add(directory.created_ms)
                    .Add(directory.previous_secret_hash)
                    .Add(directory.previous_secret_expires_ms)));
    return Status::Ok();
  });
  if (status.code() == Code::kUniqueness) {
    return Uniqueness("directory " + directory.id + " already exists");
  }
  return status;
}

Result<DirectoryRecord> PgStore::GetDirectory(std::string_view id) {
  DirectoryRecord directory;
  SCIMD_RETURN_IF_ERROR(Run(Txn::kNone, [&](PgConnection& db) -> Status {
    SCIMD_ASSIGN_OR_RETURN(PgResult result,
                           db.ExecPrepared(std::string("SELECT ") + kDirectoryColumns +
                                               " FROM directories WHERE id = $1",
                                           PgParams().Add(id)));
    if (result.Rows() == 0) return NotFound("directory " + std::string(id) + " not found");
    SCIMD_ASSIGN_OR_RETURN(directory, ReadDirectory(result, 0));
    return Status::Ok();
  }));
  return directory;
}

Result<std::vector<DirectoryRecord>> PgStore::ListDirectories() {
  std::vector<DirectoryRecord> directories;
  SCIMD_RETURN_IF_ERROR(Run(Txn::kNone, [&](PgConnection& db) -> Status {
    directories.clear();
    SCIMD_ASSIGN_OR_RETURN(PgResult result, db.Exec(std::string("SELECT ") + kDirectoryColumns +
                                                    " FROM directories ORDER BY created_ms, id"));
    for (int row = 0; row < result.Rows(); ++row) {
      SCIMD_ASSIGN_OR_RETURN(DirectoryRecord directory, ReadDirectory(result, row));
      directories.push_back(std::move(directory));
    }
    return Status::Ok();
  }));
  return directories;
}

Status PgStore::UpdateDirectory(const DirectoryRecord& directory) {
  return Run(Txn::kWrite, [&](PgConnection& db) -> Status {
    // The record before the change (locked), to describe it in the change feed.
    SCIMD_ASSIGN_OR_RETURN(PgResult read,
                           db.ExecPrepared(std::string("SELECT ") + kDirectoryColumns +
                                               " FROM directories WHERE id = $1 FOR UPDATE",
                                           PgParams().Add(directory.id)));
    if (read.Rows() == 0) return NotFound("directory " + directory.id + " not found");
    SCIMD_ASSIGN_OR_RETURN(DirectoryRecord before, ReadDirectory(read, 0));
    SCIMD_ASSIGN_OR_RETURN(
        PgResult updated,
        db.Exec("UPDATE directories SET name = $1, idp = $2, secret_hash = $3, settings = $4, "
                "previous_secret_hash = $5, previous_secret_expires_ms = $6 WHERE id = $7",
                PgParams()
                    .Add(directory.name)
                    .Add(directory.idp)
                    .Add(directory.secret_hash)
                    .Add(boost::json::serialize(directory.settings))
                    .Add(directory.previous_secret_hash)
                    .Add(directory.previous_secret_expires_ms)
                    .Add(directory.id)));
    if (updated.Affected() == 0) return NotFound("directory " + directory.id + " not found");
    return AppendEvents(db, directory.id, Now(), DirectoryEvents(before, directory));
  });
}

Status PgStore::DeleteDirectory(std::string_view id) {
  return Run(Txn::kWrite, [&](PgConnection& db) -> Status {
    // Children first: resources reference directories, and every child table
    // is keyed by directory_id first, so each DELETE is a range delete.
    SCIMD_RETURN_IF_ERROR(DropEvents(db, id));
    int64_t affected = 0;
    for (const char* sql : {"DELETE FROM members WHERE directory_id = $1",
                            "DELETE FROM emails WHERE directory_id = $1",
                            "DELETE FROM resources WHERE directory_id = $1",
                            "DELETE FROM directories WHERE id = $1"}) {
      SCIMD_ASSIGN_OR_RETURN(PgResult deleted, db.Exec(sql, PgParams().Add(id)));
      affected = deleted.Affected();
    }
    if (affected == 0) return NotFound("directory " + std::string(id) + " not found");
    return Status::Ok();
  });
}

Result<int64_t> PgStore::Count(std::string_view directory_id, ResourceKind kind) {
  int64_t count = 0;
  SCIMD_RETURN_IF_ERROR(Run(Txn::kSnapshot, [&](PgConnection& db) -> Status {
    SCIMD_ASSIGN_OR_RETURN(bool exists, DirectoryExists(db, directory_id));
    if (!exists) return NotFound("directory " + std::string(directory_id) + " not found");
    SCIMD_ASSIGN_OR_RETURN(
        PgResult result,
        db.ExecPrepared("SELECT count(*) FROM resources WHERE directory_id = $1 AND kind = $2",
                        PgParams().Add(directory_id).Add(KindCode(kind))));
    count = result.Int(0, 0);
    return Status::Ok();
  }));
  return count;
}

// --- Membership reads -------------------------------------------------------

Result<std::vector<Member>> PgStore::ListMembers(std::string_view directory_id,
                                                 std::string_view group_id) {
  std::vector<Member> members;
  SCIMD_RETURN_IF_ERROR(Run(Txn::kSnapshot, [&](PgConnection& db) -> Status {
    SCIMD_ASSIGN_OR_RETURN(bool exists,
                           ResourceExists(db, directory_id, ResourceKind::kGroup, group_id));
    if (!exists) return NotFound("group " + std::string(group_id) + " not found");
    SCIMD_ASSIGN_OR_RETURN(members, ReadMembers(db, directory_id, group_id));
    return Status::Ok();
  }));
  return members;
}

Result<std::vector<GroupRef>> PgStore::GroupsOf(std::string_view directory_id,
                                                std::string_view member_id) {
  std::vector<GroupRef> groups;
  SCIMD_RETURN_IF_ERROR(Run(Txn::kNone, [&](PgConnection& db) -> Status {
    SCIMD_ASSIGN_OR_RETURN(groups, ReadGroupsOf(db, directory_id, member_id));
    return Status::Ok();
  }));
  return groups;
}

}  // namespace scimd::storage::postgres
