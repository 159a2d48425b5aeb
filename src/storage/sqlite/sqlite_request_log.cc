// The SCIM request log of the SQLite backend: table request_log (migration
// step 2), a bounded ring per directory.
#include <mutex>

#include "storage/sqlite/sqlite_rows.h"
#include "storage/sqlite/sqlite_store.h"

namespace scimd::storage::sqlite {

Status SqliteStore::AppendRequestLog(std::string_view directory_id, const RequestLogEntry& entry,
                                     int64_t keep) {
  std::lock_guard<std::mutex> lock(writer_mu_);
  // A log entry is diagnostics, not an acknowledged write: in WAL mode
  // synchronous=NORMAL commits it without an fsync (a crash may lose the
  // newest entries, never a resource), so logging a GET costs no disk flush.
  // The writer connection goes back to FULL before any other write uses it.
  SCIMD_RETURN_IF_ERROR(writer_->Exec("PRAGMA synchronous = NORMAL"));
  Status appended = AppendRequestLogLocked(directory_id, entry, keep);
  Status restored = writer_->Exec("PRAGMA synchronous = FULL");
  if (!appended.ok()) return appended;
  return restored;
}

Status SqliteStore::AppendRequestLogLocked(std::string_view directory_id,
                                           const RequestLogEntry& entry, int64_t keep) {
  SCIMD_ASSIGN_OR_RETURN(Transaction txn,
                         Transaction::Begin(*writer_, Transaction::Kind::kImmediate));
  SCIMD_ASSIGN_OR_RETURN(bool exists, DirectoryExists(*writer_, directory_id));
  if (!exists) return NotFound("directory " + std::string(directory_id) + " not found");
  {
    SCIMD_ASSIGN_OR_RETURN(
        Statement insert,
        writer_->Prepare("INSERT INTO request_log (directory_id, time_ms, method, target, status, "
                         "latency_ms, request_id, request_body, response_body) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    insert.Bind(directory_id).Bind(entry.time_ms).Bind(entry.method).Bind(entry.target);
    insert.Bind(int64_t{entry.status}).Bind(entry.latency_ms).Bind(entry.request_id);
    insert.Bind(entry.request_body).Bind(entry.response_body);
    SCIMD_RETURN_IF_ERROR(insert.Exec());
  }
  // The ring: everything at or below the id of the (keep+1)-th newest row
  // goes. Both the subquery and the delete walk the (directory_id, id) index.
  SCIMD_ASSIGN_OR_RETURN(
      Statement prune, writer_->Prepare("DELETE FROM request_log WHERE directory_id = ? AND id <= ("
                                        "SELECT id FROM request_log WHERE directory_id = ? "
                                        "ORDER BY id DESC LIMIT 1 OFFSET ?)"));
  prune.Bind(directory_id).Bind(directory_id).Bind(std::max<int64_t>(keep, 0));
  SCIMD_RETURN_IF_ERROR(prune.Exec());
  return txn.Commit();
}

Result<std::vector<RequestLogEntry>> SqliteStore::ListRequestLog(std::string_view directory_id,
                                                                 int64_t limit) {
  SCIMD_ASSIGN_OR_RETURN(ReaderPool::Lease db, readers_.Acquire());
  SCIMD_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(*db, Transaction::Kind::kDeferred));
  SCIMD_ASSIGN_OR_RETURN(bool exists, DirectoryExists(*db, directory_id));
  if (!exists) return NotFound("directory " + std::string(directory_id) + " not found");
  SCIMD_ASSIGN_OR_RETURN(
      Statement stmt,
      db->Prepare("SELECT id, time_ms, method, target, status, latency_ms, request_id, "
                  "request_body, response_body FROM request_log WHERE directory_id = ? "
                  "ORDER BY id DESC LIMIT ?"));
  stmt.Bind(directory_id).Bind(std::max<int64_t>(limit, 0));
  std::vector<RequestLogEntry> entries;
  while (true) {
    SCIMD_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    RequestLogEntry& entry = entries.emplace_back();
    entry.id = stmt.Int(0);
    entry.time_ms = stmt.Int(1);
    entry.method = std::string(stmt.Text(2));
    entry.target = std::string(stmt.Text(3));
    entry.status = static_cast<int>(stmt.Int(4));
    entry.latency_ms = stmt.Int(5);
    entry.request_id = std::string(stmt.Text(6));
    entry.request_body = std::string(stmt.Text(7));
    entry.response_body = std::string(stmt.Text(8));
  }
  return entries;
}

}  // namespace scimd::storage::sqlite
