// The change feed in SQLite: appending a write's events inside its
// transaction (the writer's), reading, pruning and snapshots.
#ifndef SCIMD_STORAGE_SQLITE_SQLITE_EVENTS_H_
#define SCIMD_STORAGE_SQLITE_SQLITE_EVENTS_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "storage/event_log.h"
#include "storage/sqlite/sqlite_connection.h"

namespace scimd::storage::sqlite {

// Numbers `events` from the directory's counter row (created on first use)
// and inserts them, all at `now_ms`, in the caller's open write
// transaction: one counter update plus one insert per event.
Status AppendEvents(Connection& db, std::string_view directory_id, int64_t now_ms,
                    std::vector<EventRecord> events);

// Removes the directory's events and counter (inside the caller's
// transaction), when the directory itself is removed.
Status DropEvents(Connection& db, std::string_view directory_id);

}  // namespace scimd::storage::sqlite

#endif  // SCIMD_STORAGE_SQLITE_SQLITE_EVENTS_H_
