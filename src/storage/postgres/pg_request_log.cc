// The SCIM request log of the PostgreSQL backend: table request_log
// (migration step 2), a bounded ring per directory.
#include <algorithm>
#include <string>

#include "storage/postgres/pg_rows.h"
#include "storage/postgres/pg_store.h"

namespace scimd::storage::postgres {
namespace {

// PostgreSQL text must be valid UTF-8 without NUL, while a logged body is
// whatever the client sent. Invalid bytes become U+FFFD so the entry is
// still kept.
std::string ValidText(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  size_t i = 0;
  while (i < in.size()) {
    const auto c = static_cast<unsigned char>(in[i]);
    size_t len = c < 0x80           ? 1
                 : (c >> 5) == 0x6  ? 2
                 : (c >> 4) == 0xE  ? 3
                 : (c >> 3) == 0x1E ? 4
                                    : 0;
    bool valid = len > 0 && i + len <= in.size() && c != 0 && c != 0xC0 && c != 0xC1 && c <= 0xF4;
    for (size_t k = 1; valid && k < len; ++k) {
      valid = (static_cast<unsigned char>(in[i + k]) & 0xC0) == 0x80;
    }
    if (valid) {
      out.append(in.substr(i, len));
      i += len;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

}  // namespace

Status PgStore::AppendRequestLog(std::string_view directory_id, const RequestLogEntry& entry,
                                 int64_t keep) {
  return Run(Txn::kWrite, [&](PgConnection& db) -> Status {
    // A log entry is diagnostics, not an acknowledged write: its commit need
    // not wait for the WAL flush (a crash may lose the newest entries, never
    // a resource), so logging a GET does not cost an fsync.
    SCIMD_RETURN_IF_ERROR(db.Exec("SET LOCAL synchronous_commit TO OFF").status());
    SCIMD_ASSIGN_OR_RETURN(bool exists, DirectoryExists(db, directory_id));
    if (!exists) return NotFound("directory " + std::string(directory_id) + " not found");
    SCIMD_ASSIGN_OR_RETURN(
        PgResult inserted,
        db.ExecPrepared("INSERT INTO request_log (directory_id, time_ms, method, target, status, "
                        "latency_ms, request_id, request_body, response_body) "
                        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                        PgParams()
                            .Add(directory_id)
                            .Add(entry.time_ms)
                            .Add(ValidText(entry.method))
                            .Add(ValidText(entry.target))
                            .Add(int64_t{entry.status})
                            .Add(entry.latency_ms)
                            .Add(ValidText(entry.request_id))
                            .Add(ValidText(entry.request_body))
                            .Add(ValidText(entry.response_body))));
    // The ring: everything at or below the id of the (keep+1)-th newest row
    // goes; both the subquery and the delete walk the (directory_id, id) index.
    SCIMD_ASSIGN_OR_RETURN(
        PgResult pruned,
        db.ExecPrepared("DELETE FROM request_log WHERE directory_id = $1 AND id <= ("
                        "SELECT id FROM request_log WHERE directory_id = $1 "
                        "ORDER BY id DESC LIMIT 1 OFFSET $2)",
                        PgParams().Add(directory_id).Add(std::max<int64_t>(keep, 0))));
    return Status::Ok();
  });
}

Result<std::vector<RequestLogEntry>> PgStore::ListRequestLog(std::string_view directory_id,
                                                             int64_t limit) {
  std::vector<RequestLogEntry> entries;
  SCIMD_RETURN_IF_ERROR(Run(Txn::kSnapshot, [&](PgConnection& db) -> Status {
    entries.clear();
    SCIMD_ASSIGN_OR_RETURN(bool exists, DirectoryExists(db, directory_id));
    if (!exists) return NotFound("directory " + std::string(directory_id) + " not found");
    SCIMD_ASSIGN_OR_RETURN(
        PgResult rows,
        db.ExecPrepared("SELECT id, time_ms, method, target, status, latency_ms, request_id, "
                        "request_body, response_body FROM request_log WHERE directory_id = $1 "
                        "ORDER BY id DESC LIMIT $2",
                        PgParams().Add(directory_id).Add(std::max<int64_t>(limit, 0))));
    for (int row = 0; row < rows.Rows(); ++row) {
      RequestLogEntry& entry = entries.emplace_back();
      entry.id = rows.Int(row, 0);
      entry.time_ms = rows.Int(row, 1);
      entry.method = std::string(rows.Text(row, 2));
      entry.target = std::string(rows.Text(row, 3));
      entry.status = static_cast<int>(rows.Int(row, 4));
      entry.latency_ms = rows.Int(row, 5);
      entry.request_id = std::string(rows.Text(row, 6));
      entry.request_body = std::string(rows.Text(row, 7));
      entry.response_body = std::string(rows.Text(row, 8));
    }
    return Status::Ok();
  }));
  return entries;
}

}  // namespace scimd::storage::postgres
