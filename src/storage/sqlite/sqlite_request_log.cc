// The SCIM request log of the SQLite backend: table request_log (migration
// step 2), a bounded ring per directory. Entries are queued in memory and
// written in batches by one flusher thread per store.
#include <algorithm>
#include <chrono>
#include <functional>
#include <iostream>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "storage/sqlite/sqlite_rows.h"
#include "storage/sqlite/sqlite_store.h"

namespace scimd::storage::sqlite {

Status SqliteStore::AppendRequestLog(std::string_view directory_id, const RequestLogEntry& entry,
                                     int64_t keep) {
  {
    // Checked here so the caller still hears kNotFound; a read, so logging a
    // request never waits for the writer.
    SCIMD_ASSIGN_OR_RETURN(ReaderPool::Lease db, readers_.Acquire());
    SCIMD_ASSIGN_OR_RETURN(bool exists, DirectoryExists(*db, directory_id));
    if (!exists) return NotFound("directory " + std::string(directory_id) + " not found");
  }
  std::lock_guard<std::mutex> lock(log_mu_);
  // A full queue means the disk cannot keep up; a request must not wait for
  // its log entry, so the entry goes.
  if (log_queue_.size() >= log_queue_limit_) {
    ++log_dropped_;
    return Unavailable("the request log queue is full; entry dropped");
  }
  log_queue_.push_back(QueuedLogEntry{std::string(directory_id), entry, keep});
  if (log_queue_.size() == 1 || log_queue_.size() == log_batch_) log_cv_.notify_one();
  return Status::Ok();
}

uint64_t SqliteStore::RequestLogDropped() {
  std::lock_guard<std::mutex> lock(log_mu_);
  return log_dropped_;
}

Status SqliteStore::FlushRequestLog() {
  // Held from taking the batch to its commit, so a flush that finds the
  // queue empty returns only after the batch in flight is written.
  std::lock_guard<std::mutex> flushing(log_flush_mu_);
  std::vector<QueuedLogEntry> batch;
  {
    std::lock_guard<std::mutex> lock(log_mu_);
    batch.swap(log_queue_);
  }
  if (batch.empty()) return Status::Ok();
  return WriteRequestLog(batch);
}

Status SqliteStore::WriteRequestLog(const std::vector<QueuedLogEntry>& batch) {
  std::lock_guard<std::mutex> lock(writer_mu_);
  // Diagnostics, not an acknowledged write: committed without an fsync (a
  // crash may lose the newest entries, never a resource).
  sync_mode_ = SyncMode::kNone;
  struct Restore {
    SyncMode& mode;
    ~Restore() { mode = SyncMode::kInline; }
  } restore{sync_mode_};
  SCIMD_ASSIGN_OR_RETURN(Transaction txn,
                         Transaction::Begin(*writer_, Transaction::Kind::kImmediate));
  // Per directory: whether it still exists, and the ring size to prune to.
  std::map<std::string, int64_t, std::less<>> keep_of;
  SCIMD_ASSIGN_OR_RETURN(
      Statement insert,
      writer_->Prepare("INSERT INTO request_log (directory_id, time_ms, method, target, status, "
                       "latency_ms, request_id, request_body, response_body) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  for (const QueuedLogEntry& queued : batch) {
    auto it = keep_of.find(queued.directory_id);
    if (it == keep_of.end()) {
      SCIMD_ASSIGN_OR_RETURN(bool exists, DirectoryExists(*writer_, queued.directory_id));
      it = keep_of.emplace(queued.directory_id, exists ? 0 : -1).first;
    }
    if (it->second < 0) continue;  // the directory was removed after the append
    it->second = std::max<int64_t>(queued.keep, 0);
    const RequestLogEntry& entry = queued.entry;
    insert.Bind(queued.directory_id).Bind(entry.time_ms).Bind(entry.method).Bind(entry.target);
    insert.Bind(int64_t{entry.status}).Bind(entry.latency_ms).Bind(entry.request_id);
    insert.Bind(entry.request_body).Bind(entry.response_body);
    SCIMD_RETURN_IF_ERROR(insert.Exec());
    insert.Reset();
  }
  // The ring: everything at or below the id of the (keep+1)-th newest row
  // goes. Both the subquery and the delete walk the (directory_id, id) index.
  SCIMD_ASSIGN_OR_RETURN(
      Statement prune, writer_->Prepare("DELETE FROM request_log WHERE directory_id = ? AND id <= ("
                                        "SELECT id FROM request_log WHERE directory_id = ? "
                                        "ORDER BY id DESC LIMIT 1 OFFSET ?)"));
  for (const auto& [directory_id, keep] : keep_of) {
    if (keep < 0) continue;
    prune.Bind(directory_id).Bind(directory_id).Bind(keep);
    SCIMD_RETURN_IF_ERROR(prune.Exec());
    prune.Reset();
  }
  return txn.Commit();
}

void SqliteStore::RunRequestLogFlusher() {
  std::unique_lock<std::mutex> lock(log_mu_);
  while (true) {
    log_cv_.wait(lock, [this] { return log_stop_ || !log_queue_.empty(); });
    if (log_stop_) return;
    // Let a batch gather, one transaction for many requests: until the batch
    // is full or the interval is over. A queue that stays idle for a moment
    // is written at once, so a quiet server's log is current almost
    // immediately (other processes, e.g. `scimd directory log`, read it too);
    // under load there is no idle moment and batches fill up.
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(log_flush_ms_);
    while (!log_stop_ && log_queue_.size() < log_batch_ &&
           std::chrono::steady_clock::now() < deadline) {
      const size_t seen = log_queue_.size();
      log_cv_.wait_for(lock, std::chrono::milliseconds(log_idle_ms_));
      if (log_queue_.size() == seen) break;
    }
    lock.unlock();
    Status flushed = FlushRequestLog();
    if (!flushed.ok()) std::cerr << "scimd: sqlite: request log: " << flushed.detail() << "\n";
    lock.lock();
  }
}

void SqliteStore::StopRequestLogFlusher() {
  {
    std::lock_guard<std::mutex> lock(log_mu_);
    log_stop_ = true;
  }
  log_cv_.notify_all();
  if (log_flusher_.joinable()) log_flusher_.join();
  Status flushed = FlushRequestLog();
  if (!flushed.ok()) std::cerr << "scimd: sqlite: request log: " << flushed.detail() << "\n";
}

Result<std::vector<RequestLogEntry>> SqliteStore::ListRequestLog(std::string_view directory_id,
                                                                 int64_t limit) {
  SCIMD_RETURN_IF_ERROR(FlushRequestLog());
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
