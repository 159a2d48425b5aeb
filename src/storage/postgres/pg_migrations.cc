#include "storage/postgres/pg_migrations.h"

#include <array>
#include <string_view>

namespace scimd::storage::postgres {
namespace {

// The layout of docs/design.md, as in the SQLite backend. Text that is
// compared or ordered uses COLLATE "C" so PostgreSQL orders bytewise like
// SQLite does, whatever the database's locale; `data` and `settings` are
// JSONB so filters reach into them with the operators of
// src/storage/sql/filter_sql.cc (Dialect::kPostgres).
constexpr std::string_view kVersion1 = R"sql(
CREATE TABLE directories (
  id          text COLLATE "C" PRIMARY KEY,
  name        text NOT NULL,
  idp         text NOT NULL,
  secret_hash text NOT NULL,
  settings    jsonb NOT NULL DEFAULT '{}',
  created_ms  bigint NOT NULL
);

CREATE TABLE resources (
  directory_id text COLLATE "C" NOT NULL REFERENCES directories (id),
  kind         smallint NOT NULL CHECK (kind IN (0, 1)),
  id           text COLLATE "C" NOT NULL,
  name_lc      text COLLATE "C" NOT NULL,
  external_id  text COLLATE "C",
  created_ms   bigint NOT NULL,
  modified_ms  bigint NOT NULL,
  version      bigint NOT NULL,
  data         jsonb NOT NULL,
  PRIMARY KEY (directory_id, kind, id)
);
CREATE UNIQUE INDEX resources_name ON resources (directory_id, kind, name_lc);
CREATE INDEX resources_external_id ON resources (directory_id, kind, external_id);
CREATE INDEX resources_created ON resources (directory_id, kind, created_ms, id);

CREATE TABLE emails (
  directory_id text COLLATE "C" NOT NULL,
  resource_id  text COLLATE "C" NOT NULL,
  value_lc     text COLLATE "C" NOT NULL,
  PRIMARY KEY (directory_id, resource_id, value_lc)
);
CREATE INDEX emails_value ON emails (directory_id, value_lc);

CREATE TABLE members (
  directory_id text COLLATE "C" NOT NULL,
  group_id     text COLLATE "C" NOT NULL,
  member_id    text COLLATE "C" NOT NULL,
  PRIMARY KEY (directory_id, group_id, member_id)
);
CREATE INDEX members_member ON members (directory_id, member_id);
)sql";

// The SCIM request log: a bounded ring per directory (pruned on append), read
// newest first, hence the (directory_id, id) index. Removing a directory
// removes its log through the cascade.
constexpr std::string_view kVersion2 = R"sql(
CREATE TABLE request_log (
  id            bigserial PRIMARY KEY,
  directory_id  text COLLATE "C" NOT NULL REFERENCES directories (id) ON DELETE CASCADE,
  time_ms       bigint NOT NULL,
  method        text NOT NULL,
  target        text NOT NULL,
  status        integer NOT NULL,
  latency_ms    bigint NOT NULL,
  request_id    text NOT NULL,
  request_body  text NOT NULL,
  response_body text NOT NULL
);
CREATE INDEX request_log_directory ON request_log (directory_id, id);
)sql";

// Admin tokens for the admin REST API and console, stored as SHA-256 hashes.
constexpr std::string_view kVersion3 = R"sql(
CREATE TABLE admin_tokens (
  id           text COLLATE "C" PRIMARY KEY,
  name         text NOT NULL,
  token_hash   text NOT NULL,
  created_ms   bigint NOT NULL,
  last_used_ms bigint NOT NULL DEFAULT 0
);
)sql";

// The change feed (docs/events.md): one counter row per directory, bumped
// (and so row-locked) in the transaction of every write, hands out gap-free
// sequence numbers and orders the commits of concurrent writers on every
// node; `pruned_seq` remembers how far retention has removed events.
constexpr std::string_view kVersion4 = R"sql(
CREATE TABLE event_counters (
  directory_id text COLLATE "C" PRIMARY KEY,
  last_seq     bigint NOT NULL,
  pruned_seq   bigint NOT NULL DEFAULT 0
);

CREATE TABLE events (
  directory_id  text COLLATE "C" NOT NULL,
  seq           bigint NOT NULL,
  time_ms       bigint NOT NULL,
  type          text NOT NULL,
  resource_type text NOT NULL,
  resource_id   text COLLATE "C" NOT NULL,
  detail        jsonb NOT NULL,
  request_id    text NOT NULL,
  PRIMARY KEY (directory_id, seq)
);
CREATE INDEX events_time ON events (time_ms);
)sql";

// Webhook subscriptions with their delivery state (docs/events.md); the
// lease columns let one node at a time deliver a subscription.
constexpr std::string_view kVersion5 = R"sql(
CREATE TABLE webhooks (
  id              text COLLATE "C" PRIMARY KEY,
  directory_id    text COLLATE "C" NOT NULL REFERENCES directories (id) ON DELETE CASCADE,
  url             text NOT NULL,
  event_types     jsonb NOT NULL,
  secret          text NOT NULL,
  created_ms      bigint NOT NULL,
  delivered_seq   bigint NOT NULL DEFAULT 0,
  failures        bigint NOT NULL DEFAULT 0,
  state           text NOT NULL DEFAULT 'active',
  next_attempt_ms bigint NOT NULL DEFAULT 0,
  lease_owner     text NOT NULL DEFAULT '',
  lease_until_ms  bigint NOT NULL DEFAULT 0,
  last_status     bigint NOT NULL DEFAULT 0,
  last_error      text NOT NULL DEFAULT ''
);
CREATE INDEX webhooks_directory ON webhooks (directory_id, created_ms);
)sql";

// The App secret before a rotation with a grace period keeps working until
// previous_secret_expires_ms (docs/security.md); '' and 0 when there is none.
constexpr std::string_view kVersion6 = R"sql(
ALTER TABLE directories ADD COLUMN previous_secret_hash text NOT NULL DEFAULT '';
ALTER TABLE directories ADD COLUMN previous_secret_expires_ms bigint NOT NULL DEFAULT 0;
)sql";

// Index i holds the step that takes the schema from version i to i + 1.
constexpr std::array<std::string_view, 6> kSteps = {kVersion1, kVersion2, kVersion3,
                                                    kVersion4, kVersion5, kVersion6};

// One advisory lock key per schema, so test schemas migrate independently.
constexpr const char* kLockSql = "SELECT pg_advisory_lock(hashtext('scimd.migrate.' || $1::text))";
constexpr const char* kUnlockSql =
    "SELECT pg_advisory_unlock(hashtext('scimd.migrate.' || $1::text))";

Status MigrateLocked(PgConnection& connection, const std::string& schema) {
  if (!schema.empty()) {
    SCIMD_RETURN_IF_ERROR(
        connection.ExecScript("CREATE SCHEMA IF NOT EXISTS " + connection.QuoteIdentifier(schema)));
  }
  SCIMD_RETURN_IF_ERROR(
      connection.ExecScript("CREATE TABLE IF NOT EXISTS scimd_schema_version "
                            "(version integer NOT NULL)"));
  SCIMD_ASSIGN_OR_RETURN(int version, SchemaVersion(connection));
  if (version > LatestSchemaVersion()) {
    return Internal("database schema version " + std::to_string(version) +
                    " is newer than this build supports (" + std::to_string(LatestSchemaVersion()) +
                    ")");
  }
  if (version == LatestSchemaVersion()) return Status::Ok();
  SCIMD_RETURN_IF_ERROR(connection.ExecScript("BEGIN"));
  Status status = Status::Ok();
  for (int step = version; step < LatestSchemaVersion() && status.ok(); ++step) {
    status = connection.ExecScript(kSteps[step]);
  }
  if (status.ok()) {
    Result<PgResult> cleared = connection.Exec("DELETE FROM scimd_schema_version");
    if (!cleared.ok()) status = cleared.status();
  }
  if (status.ok()) {
    Result<PgResult> recorded =
        connection.Exec("INSERT INTO scimd_schema_version (version) VALUES ($1)",
                        PgParams().Add(static_cast<int64_t>(LatestSchemaVersion())));
    if (!recorded.ok()) status = recorded.status();
  }
  if (!status.ok()) {
    (void)connection.ExecScript("ROLLBACK");
    return status;
  }
  return connection.ExecScript("COMMIT");
}

}  // namespace

int LatestSchemaVersion() { return static_cast<int>(kSteps.size()); }

Result<int> SchemaVersion(PgConnection& connection) {
  SCIMD_ASSIGN_OR_RETURN(
      PgResult result,
      connection.Exec("SELECT coalesce(max(version), 0) FROM scimd_schema_version"));
  return static_cast<int>(result.Int(0, 0));
}

Status Migrate(PgConnection& connection, const std::string& schema) {
  SCIMD_ASSIGN_OR_RETURN(PgResult locked, connection.Exec(kLockSql, PgParams().Add(schema)));
  Status status = MigrateLocked(connection, schema);
  // A session lock outlives transactions; release it even after a failure
  // (closing the connection would too).
  Result<PgResult> unlocked = connection.Exec(kUnlockSql, PgParams().Add(schema));
  if (status.ok() && !unlocked.ok()) return unlocked.status();
  return status;
}

}  // namespace scimd::storage::postgres
