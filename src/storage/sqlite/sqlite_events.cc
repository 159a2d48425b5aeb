// The change feed of the SQLite backend (event_log.h, docs/events.md).
#include "storage/sqlite/sqlite_events.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <string>
#include <system_error>
#include <utility>

#include "storage/sqlite/sqlite_rows.h"
#include "storage/sqlite/sqlite_store.h"

namespace scimd::storage::sqlite {
namespace {

Result<EventRecord> ReadEvent(const Statement& stmt, std::string_view directory_id) {
  EventRecord event;
  event.directory_id = std::string(directory_id);
  event.seq = stmt.Int(0);
  event.time_ms = stmt.Int(1);
  event.type = std::string(stmt.Text(2));
  event.resource_type = std::string(stmt.Text(3));
  event.resource_id = std::string(stmt.Text(4));
  std::error_code ec;
  boost::json::value detail = boost::json::parse(stmt.Text(5), ec);
  if (ec || !detail.is_object()) return Internal("stored event detail is not a JSON object");
  event.detail = std::move(detail.get_object());
  event.request_id = std::string(stmt.Text(6));
  return event;
}

// (last_seq, pruned_seq) of the directory; zeros before its first event.
Result<std::pair<int64_t, int64_t>> ReadCounter(Connection& db, std::string_view directory_id) {
  SCIMD_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("SELECT last_seq, pruned_seq FROM event_counters WHERE directory_id = ?"));
  stmt.Bind(directory_id);
  SCIMD_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return std::pair<int64_t, int64_t>(0, 0);
  return std::pair<int64_t, int64_t>(stmt.Int(0), stmt.Int(1));
}

}  // namespace

Status AppendEvents(Connection& db, std::string_view directory_id, int64_t now_ms,
                    std::vector<EventRecord> events) {
  if (events.empty()) return Status::Ok();
  const int64_t n = static_cast<int64_t>(events.size());
  SCIMD_ASSIGN_OR_RETURN(
      Statement bump,
      db.Prepare("INSERT INTO event_counters (directory_id, last_seq) VALUES (?, ?) "
                 "ON CONFLICT (directory_id) DO UPDATE SET last_seq = last_seq + excluded.last_seq "
                 "RETURNING last_seq"));
  bump.Bind(directory_id).Bind(n);
  SCIMD_ASSIGN_OR_RETURN(bool row, bump.Step());
  if (!row) return Internal("the event counter returned no row");
  const int64_t first = bump.Int(0) - n + 1;
  bump.Reset();
  SCIMD_ASSIGN_OR_RETURN(
      Statement insert,
      db.Prepare("INSERT INTO events (directory_id, seq, time_ms, type, resource_type, "
                 "resource_id, detail, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
  for (int64_t i = 0; i < n; ++i) {
    const EventRecord& event = events[i];
    insert.Reset();
    insert.Bind(directory_id).Bind(first + i).Bind(now_ms).Bind(event.type);
    insert.Bind(event.resource_type).Bind(event.resource_id);
    insert.Bind(boost::json::serialize(event.detail)).Bind(event.request_id);
    SCIMD_RETURN_IF_ERROR(insert.Exec());
  }
  return Status::Ok();
}

Status DropEvents(Connection& db, std::string_view directory_id) {
  for (const char* sql : {"DELETE FROM events WHERE directory_id = ?",
                          "DELETE FROM event_counters WHERE directory_id = ?"}) {
    SCIMD_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(sql));
    stmt.Bind(directory_id);
    SCIMD_RETURN_IF_ERROR(stmt.Exec());
  }
  return Status::Ok();
}

Result<EventPage> SqliteStore::ListEvents(std::string_view directory_id, int64_t after_seq,
                                          int64_t limit) {
  SCIMD_ASSIGN_OR_RETURN(ReaderPool::Lease db, readers_.Acquire());
  SCIMD_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(*db, Transaction::Kind::kDeferred));
  SCIMD_ASSIGN_OR_RETURN(bool exists, DirectoryExists(*db, directory_id));
  if (!exists) return NotFound("directory " + std::string(directory_id) + " not found");
  EventPage page;
  SCIMD_ASSIGN_OR_RETURN(auto counter, ReadCounter(*db, directory_id));
  page.last_seq = counter.first;
  page.pruned_seq = counter.second;
  SCIMD_ASSIGN_OR_RETURN(
      Statement stmt,
      db->Prepare("SELECT seq, time_ms, type, resource_type, resource_id, detail, request_id "
                  "FROM events WHERE directory_id = ? AND seq > ? ORDER BY seq LIMIT ?"));
  stmt.Bind(directory_id).Bind(after_seq).Bind(limit);
  while (true) {
    SCIMD_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    SCIMD_ASSIGN_OR_RETURN(EventRecord event, ReadEvent(stmt, directory_id));
    page.events.push_back(std::move(event));
  }
  return page;
}

Result<int64_t> SqliteStore::PruneEvents(int64_t older_than_ms, int64_t keep_per_directory) {
  return WriteDurably([&](uint64_t& ticket) -> Result<int64_t> {
    SCIMD_ASSIGN_OR_RETURN(Transaction txn,
                           Transaction::Begin(*writer_, Transaction::Kind::kImmediate));
    // The first statement moves each directory's pruned_seq to the newest
    // event about to go, so readers behind it learn that they missed events.
    SCIMD_ASSIGN_OR_RETURN(
        Statement mark,
        writer_->Prepare("UPDATE event_counters SET pruned_seq = max(pruned_seq, last_seq - ?, "
                         "coalesce((SELECT max(seq) FROM events e WHERE e.directory_id = "
                         "event_counters.directory_id AND e.time_ms < ?), 0))"));
    mark.Bind(keep_per_directory).Bind(older_than_ms);
    SCIMD_RETURN_IF_ERROR(mark.Exec());
    SCIMD_ASSIGN_OR_RETURN(
        Statement remove,
        writer_->Prepare("DELETE FROM events WHERE seq <= (SELECT pruned_seq FROM event_counters c "
                         "WHERE c.directory_id = events.directory_id)"));
    SCIMD_RETURN_IF_ERROR(remove.Exec());
    int64_t removed = writer_->Changes();
    SCIMD_RETURN_IF_ERROR(CommitForSync(txn, ticket));
    return removed;
  });
}

Result<SnapshotPage> SqliteStore::Snapshot(std::string_view directory_id, ResourceKind kind,
                                           std::string_view after_id, int64_t limit) {
  SCIMD_ASSIGN_OR_RETURN(ReaderPool::Lease db, readers_.Acquire());
  // One read transaction: the page and the sequence number agree.
  SCIMD_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(*db, Transaction::Kind::kDeferred));
  SCIMD_ASSIGN_OR_RETURN(bool exists, DirectoryExists(*db, directory_id));
  if (!exists) return NotFound("directory " + std::string(directory_id) + " not found");
  SnapshotPage page;
  SCIMD_ASSIGN_OR_RETURN(auto counter, ReadCounter(*db, directory_id));
  page.seq = counter.first;
  SCIMD_ASSIGN_OR_RETURN(
      Statement stmt,
      db->Prepare(std::string("SELECT ") + kResourceColumns +
                  " FROM resources r WHERE r.directory_id = ? AND r.kind = ? AND r.id > ? "
                  "ORDER BY r.id LIMIT ?"));
  stmt.Bind(directory_id).Bind(KindCode(kind)).Bind(after_id).Bind(limit);
  while (true) {
    SCIMD_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    SnapshotItem item;
    SCIMD_ASSIGN_OR_RETURN(item.resource, ReadResource(stmt));
    page.items.push_back(std::move(item));
  }
  if (kind == ResourceKind::kGroup) {
    SCIMD_ASSIGN_OR_RETURN(
        Statement members,
        db->Prepare("SELECT member_id FROM members WHERE directory_id = ? AND group_id = ? "
                    "ORDER BY member_id"));
    for (SnapshotItem& item : page.items) {
      members.Reset();
      members.Bind(directory_id).Bind(item.resource.id);
      while (true) {
        SCIMD_ASSIGN_OR_RETURN(bool row, members.Step());
        if (!row) break;
        item.member_ids.emplace_back(members.Text(0));
      }
    }
  }
  return page;
}

}  // namespace scimd::storage::sqlite
