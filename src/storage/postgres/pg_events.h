// The change feed in PostgreSQL: appending a write's events inside its
// transaction, reading, pruning and snapshots (pg_events.cc).
#ifndef SCIMD_STORAGE_POSTGRES_PG_EVENTS_H_
#define SCIMD_STORAGE_POSTGRES_PG_EVENTS_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "storage/event_log.h"
#include "storage/postgres/pg_connection.h"

namespace scimd::storage::postgres {

// Numbers `events` from the directory's counter row (created on first use)
// and inserts them at `now_ms`, in the caller's open write transaction. The
// counter's row lock is held to COMMIT, so a directory's events commit in
// sequence order on every node. Call it last in the transaction.
Status AppendEvents(PgConnection& db, std::string_view directory_id, int64_t now_ms,
                    std::vector<EventRecord> events);

// Removes the directory's events and counter, in the caller's transaction.
Status DropEvents(PgConnection& db, std::string_view directory_id);

}  // namespace scimd::storage::postgres

#endif  // SCIMD_STORAGE_POSTGRES_PG_EVENTS_H_
