// Webhook subscriptions and their delivery state (table webhooks, migration
// step 5) of the PostgreSQL backend.
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <string>
#include <system_error>

#include "storage/postgres/pg_rows.h"
#include "storage/postgres/pg_store.h"

namespace scimd::storage::postgres {
namespace {

const std::string kColumns =
    "id, directory_id, url, event_types::text, secret, created_ms, delivered_seq, failures, "
    "state, next_attempt_ms, lease_owner, lease_until_ms, last_status, last_error";

std::string EncodeTypes(const std::vector<std::string>& types) {
  boost::json::array array;
  for (const std::string& type : types) array.emplace_back(type);
  return boost::json::serialize(array);
}

Result<WebhookRecord> ReadWebhook(const PgResult& rows, int row) {
  WebhookRecord webhook;
  webhook.id = std::string(rows.Text(row, 0));
  webhook.directory_id = std::string(rows.Text(row, 1));
  webhook.url = std::string(rows.Text(row, 2));
  std::error_code ec;
  boost::json::value types = boost::json::parse(rows.Text(row, 3), ec);
  if (ec || !types.is_array()) return Internal("stored webhook event types are not an array");
  for (const boost::json::value& type : types.get_array()) {
    if (type.is_string()) webhook.event_types.emplace_back(type.get_string());
  }
  webhook.secret = std::string(rows.Text(row, 4));
  webhook.created_ms = rows.Int(row, 5);
  webhook.delivered_seq = rows.Int(row, 6);
  webhook.failures = rows.Int(row, 7);
  webhook.state = std::string(rows.Text(row, 8));
  webhook.next_attempt_ms = rows.Int(row, 9);
  webhook.lease_owner = std::string(rows.Text(row, 10));
  webhook.lease_until_ms = rows.Int(row, 11);
  webhook.last_status = rows.Int(row, 12);
  webhook.last_error = std::string(rows.Text(row, 13));
  return webhook;
}

Status ReadAll(const PgResult& rows, std::vector<WebhookRecord>& out) {
  out.clear();
  for (int row = 0; row < rows.Rows(); ++row) {
    SCIMD_ASSIGN_OR_RETURN(WebhookRecord webhook, ReadWebhook(rows, row));
    out.push_back(std::move(webhook));
  }
  return Status::Ok();
}

}  // namespace

Status PgStore::CreateWebhook(const WebhookRecord& webhook) {
  Status status = Run(Txn::kWrite, [&](PgConnection& db) -> Status {
    SCIMD_ASSIGN_OR_RETURN(bool exists, DirectoryExists(db, webhook.directory_id));
    if (!exists) return NotFound("directory " + webhook.directory_id + " not found");
    SCIMD_ASSIGN_OR_RETURN(
        PgResult inserted,
        db.Exec("INSERT INTO webhooks (id, directory_id, url, event_types, secret, created_ms, "
                "delivered_seq, failures, state, next_attempt_ms, lease_owner, lease_until_ms, "
                "last_status, last_error) "
                "VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
                PgParams()
                    .Add(webhook.id)
                    .Add(webhook.directory_id)
                    .Add(webhook.url)
                    .Add(EncodeTypes(webhook.event_types))
                    .Add(webhook.secret)
                    .Add(webhook.created_ms)
                    .Add(webhook.delivered_seq)
                    .Add(webhook.failures)
                    .Add(webhook.state)
                    .Add(webhook.next_attempt_ms)
                    .Add(webhook.lease_owner)
                    .Add(webhook.lease_until_ms)
                    .Add(webhook.last_status)
                    .Add(webhook.last_error)));
    return Status::Ok();
  });
  if (status.code() == Code::kUniqueness) {
    return Uniqueness("webhook " + webhook.id + " already exists");
  }
  return status;
}

Result<std::vector<WebhookRecord>> PgStore::ListWebhooks(std::string_view directory_id) {
  std::vector<WebhookRecord> webhooks;
  SCIMD_RETURN_IF_ERROR(Run(Txn::kSnapshot, [&](PgConnection& db) -> Status {
    SCIMD_ASSIGN_OR_RETURN(bool exists, DirectoryExists(db, directory_id));
    if (!exists) return NotFound("directory " + std::string(directory_id) + " not found");
    SCIMD_ASSIGN_OR_RETURN(PgResult rows,
                           db.ExecPrepared("SELECT " + kColumns +
                                               " FROM webhooks WHERE directory_id = $1 "
                                               "ORDER BY created_ms, id",
                                           PgParams().Add(directory_id)));
    return ReadAll(rows, webhooks);
  }));
  return webhooks;
}

Result<WebhookRecord> PgStore::GetWebhook(std::string_view directory_id, std::string_view id) {
  std::vector<WebhookRecord> webhooks;
  SCIMD_RETURN_IF_ERROR(Run(Txn::kNone, [&](PgConnection& db) -> Status {
    SCIMD_ASSIGN_OR_RETURN(
        PgResult rows,
        db.ExecPrepared("SELECT " + kColumns + " FROM webhooks WHERE directory_id = $1 AND id = $2",
                        PgParams().Add(directory_id).Add(id)));
    return ReadAll(rows, webhooks);
  }));
  if (webhooks.empty()) return NotFound("webhook " + std::string(id) + " not found");
  return std::move(webhooks.front());
}

Status PgStore::DeleteWebhook(std::string_view directory_id, std::string_view id) {
  return Run(Txn::kNone, [&](PgConnection& db) -> Status {
    SCIMD_ASSIGN_OR_RETURN(PgResult deleted,
                           db.Exec("DELETE FROM webhooks WHERE directory_id = $1 AND id = $2",
                                   PgParams().Add(directory_id).Add(id)));
    if (deleted.Affected() == 0) return NotFound("webhook " + std::string(id) + " not found");
    return Status::Ok();
  });
}

Result<std::vector<WebhookRecord>> PgStore::DueWebhooks(int64_t now_ms) {
  std::vector<WebhookRecord> webhooks;
  SCIMD_RETURN_IF_ERROR(Run(Txn::kNone, [&](PgConnection& db) -> Status {
    SCIMD_ASSIGN_OR_RETURN(
        PgResult rows,
        db.ExecPrepared("SELECT " + kColumns +
                            " FROM webhooks WHERE state = 'active' AND next_attempt_ms <= $1 "
                            "AND lease_until_ms < $1 ORDER BY next_attempt_ms, id",
                        PgParams().Add(now_ms)));
    return ReadAll(rows, webhooks);
  }));
  return webhooks;
}

Result<bool> PgStore::LeaseWebhook(std::string_view id, std::string_view owner, int64_t now_ms,
                                   int64_t until_ms) {
  bool taken = false;
  SCIMD_RETURN_IF_ERROR(Run(Txn::kNone, [&](PgConnection& db) -> Status {
    // The row lock of the UPDATE makes the check-and-take atomic across nodes.
    SCIMD_ASSIGN_OR_RETURN(PgResult updated,
                           db.Exec("UPDATE webhooks SET lease_owner = $1, lease_until_ms = $2 "
                                   "WHERE id = $3 AND state = 'active' AND lease_until_ms < $4",
                                   PgParams().Add(owner).Add(until_ms).Add(id).Add(now_ms)));
    taken = updated.Affected() == 1;
    return Status::Ok();
  }));
  return taken;
}

Result<bool> PgStore::FinishWebhook(std::string_view id, std::string_view owner,
                                    const WebhookProgress& progress) {
  bool written = false;
  SCIMD_RETURN_IF_ERROR(Run(Txn::kNone, [&](PgConnection& db) -> Status {
    SCIMD_ASSIGN_OR_RETURN(
        PgResult updated,
        db.Exec("UPDATE webhooks SET delivered_seq = $1, failures = $2, state = $3, "
                "next_attempt_ms = $4, last_status = $5, last_error = $6, "
                "lease_owner = '', lease_until_ms = 0 WHERE id = $7 AND lease_owner = $8",
                PgParams()
                    .Add(progress.delivered_seq)
                    .Add(progress.failures)
                    .Add(progress.state)
                    .Add(progress.next_attempt_ms)
                    .Add(progress.last_status)
                    .Add(progress.last_error)
                    .Add(id)
                    .Add(owner)));
    written = updated.Affected() == 1;
    return Status::Ok();
  }));
  return written;
}

}  // namespace scimd::storage::postgres
