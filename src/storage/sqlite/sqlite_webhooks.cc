// Webhook subscriptions and their delivery state (table webhooks, migration
// step 5) of the SQLite backend.
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <mutex>
#include <string>
#include <system_error>

#include "storage/sqlite/sqlite_rows.h"
#include "storage/sqlite/sqlite_store.h"

namespace scimd::storage::sqlite {
namespace {

constexpr const char* kColumns =
    "id, directory_id, url, event_types, secret, created_ms, delivered_seq, failures, state, "
    "next_attempt_ms, lease_owner, lease_until_ms, last_status, last_error";

std::string EncodeTypes(const std::vector<std::string>& types) {
  boost::json::array array;
  for (const std::string& type : types) array.emplace_back(type);
  return boost::json::serialize(array);
}

Result<WebhookRecord> ReadWebhook(const Statement& stmt) {
  WebhookRecord webhook;
  webhook.id = std::string(stmt.Text(0));
  webhook.directory_id = std::string(stmt.Text(1));
  webhook.url = std::string(stmt.Text(2));
  std::error_code ec;
  boost::json::value types = boost::json::parse(stmt.Text(3), ec);
  if (ec || !types.is_array()) return Internal("stored webhook event types are not an array");
  for (const boost::json::value& type : types.get_array()) {
    if (type.is_string()) webhook.event_types.emplace_back(type.get_string());
  }
  webhook.secret = std::string(stmt.Text(4));
  webhook.created_ms = stmt.Int(5);
  webhook.delivered_seq = stmt.Int(6);
  webhook.failures = stmt.Int(7);
  webhook.state = std::string(stmt.Text(8));
  webhook.next_attempt_ms = stmt.Int(9);
  webhook.lease_owner = std::string(stmt.Text(10));
  webhook.lease_until_ms = stmt.Int(11);
  webhook.last_status = stmt.Int(12);
  webhook.last_error = std::string(stmt.Text(13));
  return webhook;
}

Result<std::vector<WebhookRecord>> ReadAll(Statement& stmt) {
  std::vector<WebhookRecord> webhooks;
  while (true) {
    SCIMD_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    SCIMD_ASSIGN_OR_RETURN(WebhookRecord webhook, ReadWebhook(stmt));
    webhooks.push_back(std::move(webhook));
  }
  return webhooks;
}

}  // namespace

Status SqliteStore::CreateWebhook(const WebhookRecord& webhook) {
  return WriteDurably([&](uint64_t& ticket) -> Status {
    SCIMD_ASSIGN_OR_RETURN(Transaction txn,
                           Transaction::Begin(*writer_, Transaction::Kind::kImmediate));
    SCIMD_ASSIGN_OR_RETURN(bool exists, DirectoryExists(*writer_, webhook.directory_id));
    if (!exists) return NotFound("directory " + webhook.directory_id + " not found");
    SCIMD_ASSIGN_OR_RETURN(Statement stmt,
                           writer_->Prepare(std::string("INSERT INTO webhooks (") + kColumns +
                                            ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    stmt.Bind(webhook.id).Bind(webhook.directory_id).Bind(webhook.url);
    stmt.Bind(EncodeTypes(webhook.event_types)).Bind(webhook.secret).Bind(webhook.created_ms);
    stmt.Bind(webhook.delivered_seq).Bind(webhook.failures).Bind(webhook.state);
    stmt.Bind(webhook.next_attempt_ms).Bind(webhook.lease_owner).Bind(webhook.lease_until_ms);
    stmt.Bind(webhook.last_status).Bind(webhook.last_error);
    Status status = stmt.Exec();
    if (status.code() == Code::kUniqueness) {
      return Uniqueness("webhook " + webhook.id + " already exists");
    }
    SCIMD_RETURN_IF_ERROR(status);
    return CommitForSync(txn, ticket);
  });
}

Result<std::vector<WebhookRecord>> SqliteStore::ListWebhooks(std::string_view directory_id) {
  SCIMD_ASSIGN_OR_RETURN(ReaderPool::Lease db, readers_.Acquire());
  SCIMD_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(*db, Transaction::Kind::kDeferred));
  SCIMD_ASSIGN_OR_RETURN(bool exists, DirectoryExists(*db, directory_id));
  if (!exists) return NotFound("directory " + std::string(directory_id) + " not found");
  SCIMD_ASSIGN_OR_RETURN(Statement stmt, db->Prepare(std::string("SELECT ") + kColumns +
                                                     " FROM webhooks WHERE directory_id = ? "
                                                     "ORDER BY created_ms, id"));
  stmt.Bind(directory_id);
  return ReadAll(stmt);
}

Result<WebhookRecord> SqliteStore::GetWebhook(std::string_view directory_id, std::string_view id) {
  SCIMD_ASSIGN_OR_RETURN(ReaderPool::Lease db, readers_.Acquire());
  SCIMD_ASSIGN_OR_RETURN(Statement stmt,
                         db->Prepare(std::string("SELECT ") + kColumns +
                                     " FROM webhooks WHERE directory_id = ? AND id = ?"));
  stmt.Bind(directory_id).Bind(id);
  SCIMD_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return NotFound("webhook " + std::string(id) + " not found");
  return ReadWebhook(stmt);
}

Status SqliteStore::DeleteWebhook(std::string_view directory_id, std::string_view id) {
  std::lock_guard<std::mutex> lock(writer_mu_);
  SCIMD_ASSIGN_OR_RETURN(
      Statement stmt, writer_->Prepare("DELETE FROM webhooks WHERE directory_id = ? AND id = ?"));
  stmt.Bind(directory_id).Bind(id);
  SCIMD_RETURN_IF_ERROR(stmt.Exec());
  if (writer_->Changes() == 0) return NotFound("webhook " + std::string(id) + " not found");
  return Status::Ok();
}

Result<std::vector<WebhookRecord>> SqliteStore::DueWebhooks(int64_t now_ms) {
  SCIMD_ASSIGN_OR_RETURN(ReaderPool::Lease db, readers_.Acquire());
  SCIMD_ASSIGN_OR_RETURN(
      Statement stmt, db->Prepare(std::string("SELECT ") + kColumns +
                                  " FROM webhooks WHERE state = 'active' AND next_attempt_ms <= ? "
                                  "AND lease_until_ms < ? ORDER BY next_attempt_ms, id"));
  stmt.Bind(now_ms).Bind(now_ms);
  return ReadAll(stmt);
}

Result<bool> SqliteStore::LeaseWebhook(std::string_view id, std::string_view owner, int64_t now_ms,
                                       int64_t until_ms) {
  std::lock_guard<std::mutex> lock(writer_mu_);
  SCIMD_ASSIGN_OR_RETURN(
      Statement stmt, writer_->Prepare("UPDATE webhooks SET lease_owner = ?, lease_until_ms = ? "
                                       "WHERE id = ? AND state = 'active' AND lease_until_ms < ?"));
  stmt.Bind(owner).Bind(until_ms).Bind(id).Bind(now_ms);
  SCIMD_RETURN_IF_ERROR(stmt.Exec());
  return writer_->Changes() == 1;
}

Result<bool> SqliteStore::FinishWebhook(std::string_view id, std::string_view owner,
                                        const WebhookProgress& progress) {
  std::lock_guard<std::mutex> lock(writer_mu_);
  SCIMD_ASSIGN_OR_RETURN(
      Statement stmt,
      writer_->Prepare("UPDATE webhooks SET delivered_seq = ?, failures = ?, state = ?, "
                       "next_attempt_ms = ?, last_status = ?, last_error = ?, "
                       "lease_owner = '', lease_until_ms = 0 WHERE id = ? AND lease_owner = ?"));
  stmt.Bind(progress.delivered_seq).Bind(progress.failures).Bind(progress.state);
  stmt.Bind(progress.next_attempt_ms).Bind(progress.last_status).Bind(progress.last_error);
  stmt.Bind(id).Bind(owner);
  SCIMD_RETURN_IF_ERROR(stmt.Exec());
  return writer_->Changes() == 1;
}

}  // namespace scimd::storage::sqlite
