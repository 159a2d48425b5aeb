// The change feed of the PostgreSQL backend (event_log.h, docs/events.md).
#include "storage/postgres/pg_events.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <string>
#include <system_error>
#include <utility>

#include "storage/postgres/pg_rows.h"
#include "storage/postgres/pg_store.h"

namespace scimd::storage::postgres {
namespace {

Result<EventRecord> ReadEvent(const PgResult& result, int row, std::string_view directory_id) {
  EventRecord event;
  event.directory_id = std::string(directory_id);
  event.seq = result.Int(row, 0);
  event.time_ms = result.Int(row, 1);
  event.type = std::string(result.Text(row, 2));
  event.resource_type = std::string(result.Text(row, 3));
  event.resource_id = std::string(result.Text(row, 4));
  std::error_code ec;
  boost::json::value detail = boost::json::parse(result.Text(row, 5), ec);
  if (ec || !detail.is_object()) return Internal("stored event detail is not a JSON object");
  event.detail = std::move(detail.get_object());
  event.request_id = std::string(result.Text(row, 6));
  return event;
}

// (last_seq, pruned_seq) of the directory; zeros before its first event.
Result<std::pair<int64_t, int64_t>> ReadCounter(PgConnection& db, std::string_view directory_id) {
  SCIMD_ASSIGN_OR_RETURN(
      PgResult result,
      db.ExecPrepared("SELECT last_seq, pruned_seq FROM event_counters WHERE directory_id = $1",
                      PgParams().Add(directory_id)));
  if (result.Rows() == 0) return std::pair<int64_t, int64_t>(0, 0);
  return std::pair<int64_t, int64_t>(result.Int(0, 0), result.Int(0, 1));
}

}  // namespace

Status AppendEvents(PgConnection& db, std::string_view directory_id, int64_t now_ms,
                    std::vector<EventRecord> events) {
  if (events.empty()) return Status::Ok();
  const int64_t n = static_cast<int64_t>(events.size());
  SCIMD_ASSIGN_OR_RETURN(
      PgResult bumped,
      db.ExecPrepared("INSERT INTO event_counters (directory_id, last_seq) VALUES ($1, $2) "
                      "ON CONFLICT (directory_id) DO UPDATE "
                      "SET last_seq = event_counters.last_seq + excluded.last_seq "
                      "RETURNING last_seq",
                      PgParams().Add(directory_id).Add(n)));
  if (bumped.Rows() != 1) return Internal("the event counter returned no row");
  const int64_t first = bumped.Int(0, 0) - n + 1;
  for (int64_t i = 0; i < n; ++i) {
    const EventRecord& event = events[i];
    SCIMD_ASSIGN_OR_RETURN(
        PgResult inserted,
        db.ExecPrepared("INSERT INTO events (directory_id, seq, time_ms, type, resource_type, "
                        "resource_id, detail, request_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                        PgParams()
                            .Add(directory_id)
                            .Add(first + i)
                            .Add(now_ms)
                            .Add(event.type)
                            .Add(event.resource_type)
                            .Add(event.resource_id)
                            .Add(boost::json::serialize(event.detail))
                            .Add(event.request_id)));
  }
  return Status::Ok();
}

Status DropEvents(PgConnection& db, std::string_view directory_id) {
  for (const char* sql : {"DELETE FROM events WHERE directory_id = $1",
                          "DELETE FROM event_counters WHERE directory_id = $1"}) {
    SCIMD_ASSIGN_OR_RETURN(PgResult deleted, db.Exec(sql, PgParams().Add(directory_id)));
  }
  return Status::Ok();
}

Result<EventPage> PgStore::ListEvents(std::string_view directory_id, int64_t after_seq,
                                      int64_t limit) {
  EventPage page;
  SCIMD_RETURN_IF_ERROR(Run(Txn::kSnapshot, [&](PgConnection& db) -> Status {
    page = EventPage();
    SCIMD_ASSIGN_OR_RETURN(bool exists, DirectoryExists(db, directory_id));
    if (!exists) return NotFound("directory " + std::string(directory_id) + " not found");
    SCIMD_ASSIGN_OR_RETURN(auto counter, ReadCounter(db, directory_id));
    page.last_seq = counter.first;
    page.pruned_seq = counter.second;
    SCIMD_ASSIGN_OR_RETURN(
        PgResult result,
        db.ExecPrepared("SELECT seq, time_ms, type, resource_type, resource_id, detail::text, "
                        "request_id FROM events WHERE directory_id = $1 AND seq > $2 "
                        "ORDER BY seq LIMIT $3",
                        PgParams().Add(directory_id).Add(after_seq).Add(limit)));
    for (int row = 0; row < result.Rows(); ++row) {
      SCIMD_ASSIGN_OR_RETURN(EventRecord event, ReadEvent(result, row, directory_id));
      page.events.push_back(std::move(event));
    }
    return Status::Ok();
  }));
  return page;
}

Result<int64_t> PgStore::PruneEvents(int64_t older_than_ms, int64_t keep_per_directory) {
  int64_t removed = 0;
  SCIMD_RETURN_IF_ERROR(Run(Txn::kWrite, [&](PgConnection& db) -> Status {
    // pruned_seq first, under the counters' row locks, so readers behind it
    // learn that they missed events.
    SCIMD_ASSIGN_OR_RETURN(
        PgResult marked,
        db.ExecPrepared(
            "UPDATE event_counters c SET pruned_seq = greatest(c.pruned_seq, c.last_seq - $1, "
            "coalesce((SELECT max(seq) FROM events e WHERE e.directory_id = c.directory_id "
            "AND e.time_ms < $2), 0))",
            PgParams().Add(keep_per_directory).Add(older_than_ms)));
    SCIMD_ASSIGN_OR_RETURN(
        PgResult deleted,
        db.ExecPrepared("DELETE FROM events e USING event_counters c "
                        "WHERE e.directory_id = c.directory_id AND e.seq <= c.pruned_seq"));
    removed = deleted.Affected();
    return Status::Ok();
  }));
  return removed;
}

Result<SnapshotPage> PgStore::Snapshot(std::string_view directory_id, ResourceKind kind,
                                       std::string_view after_id, int64_t limit) {
  SnapshotPage page;
  SCIMD_RETURN_IF_ERROR(Run(Txn::kSnapshot, [&](PgConnection& db) -> Status {
    page = SnapshotPage();
    SCIMD_ASSIGN_OR_RETURN(bool exists, DirectoryExists(db, directory_id));
    if (!exists) return NotFound("directory " + std::string(directory_id) + " not found");
    SCIMD_ASSIGN_OR_RETURN(auto counter, ReadCounter(db, directory_id));
    page.seq = counter.first;
    SCIMD_ASSIGN_OR_RETURN(
        PgResult result,
        db.ExecPrepared(std::string("SELECT ") + kResourceColumns +
                            " FROM resources r WHERE r.directory_id = $1 AND r.kind = $2 "
                            "AND r.id > $3 ORDER BY r.id LIMIT $4",
                        PgParams().Add(directory_id).Add(KindCode(kind)).Add(after_id).Add(limit)));
    for (int row = 0; row < result.Rows(); ++row) {
      SnapshotItem item;
      SCIMD_ASSIGN_OR_RETURN(item.resource, ReadResource(result, row));
      page.items.push_back(std::move(item));
    }
    if (kind != ResourceKind::kGroup) return Status::Ok();
    for (SnapshotItem& item : page.items) {
      SCIMD_ASSIGN_OR_RETURN(
          PgResult members,
          db.ExecPrepared("SELECT member_id FROM members WHERE directory_id = $1 AND "
                          "group_id = $2 ORDER BY member_id",
                          PgParams().Add(directory_id).Add(item.resource.id)));
      for (int row = 0; row < members.Rows(); ++row) {
        item.member_ids.emplace_back(members.Text(row, 0));
      }
    }
    return Status::Ok();
  }));
  return page;
}

}  // namespace scimd::storage::postgres
