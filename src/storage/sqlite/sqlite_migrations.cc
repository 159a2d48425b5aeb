#include "storage/sqlite/sqlite_migrations.h"

#include <array>
#include <string>
#include <string_view>

namespace scimd::storage::sqlite {
namespace {

// The layout is the one src/storage/sql/filter_sql.h compiles filters
// against; docs/design.md ("Storage model") explains each table and index.
constexpr std::string_view kVersion1 = R"sql(
CREATE TABLE directories (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  idp         TEXT NOT NULL,
  secret_hash TEXT NOT NULL,
  settings    TEXT NOT NULL DEFAULT '{}',
  created_ms  INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE resources (
  directory_id TEXT NOT NULL REFERENCES directories (id),
  kind         INTEGER NOT NULL CHECK (kind IN (0, 1)),
  id           TEXT NOT NULL,
  name_lc      TEXT NOT NULL,
  external_id  TEXT,
  created_ms   INTEGER NOT NULL,
  modified_ms  INTEGER NOT NULL,
  version      INTEGER NOT NULL,
  data         TEXT NOT NULL,
  PRIMARY KEY (directory_id, kind, id)
);
CREATE UNIQUE INDEX resources_name ON resources (directory_id, kind, name_lc);
CREATE INDEX resources_external_id ON resources (directory_id, kind, external_id);
CREATE INDEX resources_created ON resources (directory_id, kind, created_ms, id);

CREATE TABLE emails (
  directory_id TEXT NOT NULL,
  resource_id  TEXT NOT NULL,
  value_lc     TEXT NOT NULL,
  PRIMARY KEY (directory_id, resource_id, value_lc)
) WITHOUT ROWID;
CREATE INDEX emails_value ON emails (directory_id, value_lc);

CREATE TABLE members (
  directory_id TEXT NOT NULL,
  group_id     TEXT NOT NULL,
  member_id    TEXT NOT NULL,
  PRIMARY KEY (directory_id, group_id, member_id)
) WITHOUT ROWID;
CREATE INDEX members_member ON members (directory_id, member_id);
)sql";

// The SCIM request log: a bounded ring per directory (pruned on append), read
// newest first, hence the (directory_id, id) index. Removing a directory
// removes its log through the cascade.
constexpr std::string_view kVersion2 = R"sql(
CREATE TABLE request_log (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  directory_id  TEXT NOT NULL REFERENCES directories (id) ON DELETE CASCADE,
  time_ms       INTEGER NOT NULL,
  method        TEXT NOT NULL,
  target        TEXT NOT NULL,
  status        INTEGER NOT NULL,
  latency_ms    INTEGER NOT NULL,
  request_id    TEXT NOT NULL,
  request_body  TEXT NOT NULL,
  response_body TEXT NOT NULL
);
CREATE INDEX request_log_directory ON request_log (directory_id, id);
)sql";

// Admin tokens for the admin REST API and console, stored as SHA-256 hashes.
constexpr std::string_view kVersion3 = R"sql(
CREATE TABLE admin_tokens (
  id           TEXT PRIMARY KEY,
  name         TEXT NOT NULL,
  token_hash   TEXT NOT NULL,
  created_ms   INTEGER NOT NULL,
  last_used_ms INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
)sql";

// The change feed (docs/events.md): one counter row per directory, bumped in
// the transaction of every write, hands out gap-free sequence numbers;
// `pruned_seq` remembers how far retention has removed events so a reader
// behind it is told to resynchronise.
constexpr std::string_view kVersion4 = R"sql(
CREATE TABLE event_counters (
  directory_id TEXT PRIMARY KEY,
  last_seq     INTEGER NOT NULL,
  pruned_seq   INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TABLE events (
  directory_id  TEXT NOT NULL,
  seq           INTEGER NOT NULL,
  time_ms       INTEGER NOT NULL,
  type          TEXT NOT NULL,
  resource_type TEXT NOT NULL,
  resource_id   TEXT NOT NULL,
  detail        TEXT NOT NULL,
  request_id    TEXT NOT NULL,
  PRIMARY KEY (directory_id, seq)
) WITHOUT ROWID;
CREATE INDEX events_time ON events (time_ms);
)sql";

// Webhook subscriptions with their delivery state (docs/events.md); the
// lease columns let one node at a time deliver a subscription.
constexpr std::string_view kVersion5 = R"sql(
CREATE TABLE webhooks (
  id              TEXT PRIMARY KEY,
  directory_id    TEXT NOT NULL REFERENCES directories (id) ON DELETE CASCADE,
  url             TEXT NOT NULL,
  event_types     TEXT NOT NULL,
  secret          TEXT NOT NULL,
  created_ms      INTEGER NOT NULL,
  delivered_seq   INTEGER NOT NULL DEFAULT 0,
  failures        INTEGER NOT NULL DEFAULT 0,
  state           TEXT NOT NULL DEFAULT 'active',
  next_attempt_ms INTEGER NOT NULL DEFAULT 0,
  lease_owner     TEXT NOT NULL DEFAULT '',
  lease_until_ms  INTEGER NOT NULL DEFAULT 0,
  last_status     INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX webhooks_directory ON webhooks (directory_id, created_ms);
)sql";

// The App secret before a rotation with a grace period keeps working until
// previous_secret_expires_ms (docs/security.md); '' and 0 when there is none.
constexpr std::string_view kVersion6 = R"sql(
ALTER TABLE directories ADD COLUMN previous_secret_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE directories ADD COLUMN previous_secret_expires_ms INTEGER NOT NULL DEFAULT 0;
)sql";

// Index i holds the step that takes the schema from version i to i + 1.
constexpr std::array<std::string_view, 6> kSteps = {kVersion1, kVersion2, kVersion3,
                                                    kVersion4, kVersion5, kVersion6};

Result<int> UserVersion(Connection& connection) {
  SCIMD_ASSIGN_OR_RETURN(Statement stmt, connection.Prepare("PRAGMA user_version"));
  SCIMD_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return Internal("PRAGMA user_version returned no row");
  return static_cast<int>(stmt.Int(0));
}

}  // namespace

int LatestSchemaVersion() { return static_cast<int>(kSteps.size()); }

Status Migrate(Connection& connection) {
  SCIMD_ASSIGN_OR_RETURN(Transaction txn,
                         Transaction::Begin(connection, Transaction::Kind::kImmediate));
  SCIMD_ASSIGN_OR_RETURN(int version, UserVersion(connection));
  if (version > LatestSchemaVersion()) {
    return Internal("database schema version " + std::to_string(version) +
                    " is newer than this build supports (" + std::to_string(LatestSchemaVersion()) +
                    ")");
  }
  if (version == LatestSchemaVersion()) return Status::Ok();
  for (int step = version; step < LatestSchemaVersion(); ++step) {
    SCIMD_RETURN_IF_ERROR(connection.Exec(kSteps[step]));
  }
  // PRAGMA takes no bound parameters; the value is our own integer.
  SCIMD_RETURN_IF_ERROR(
      connection.Exec("PRAGMA user_version = " + std::to_string(LatestSchemaVersion())));
  return txn.Commit();
}

}  // namespace scimd::storage::sqlite
