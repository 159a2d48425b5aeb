#include "ops/timed_store.h"

namespace scimd::ops {

using storage::AdminTokenRecord;
using storage::DirectoryRecord;
using storage::EventPage;
using storage::GroupRef;
using storage::Member;
using storage::Mutator;
using storage::Query;
using storage::QueryResult;
using storage::RequestLogEntry;
using storage::Resource;
using storage::ResourceKind;
using storage::SnapshotPage;
using storage::WebhookProgress;
using storage::WebhookRecord;

Status TimedStore::CreateDirectory(const DirectoryRecord& directory) {
  return Timed("CreateDirectory", [&] { return inner_->CreateDirectory(directory); });
}

Result<DirectoryRecord> TimedStore::GetDirectory(std::string_view id) {
  return Timed("GetDirectory", [&] { return inner_->GetDirectory(id); });
}

Result<std::vector<DirectoryRecord>> TimedStore::ListDirectories() {
  return Timed("ListDirectories", [&] { return inner_->ListDirectories(); });
}

Status TimedStore::UpdateDirectory(const DirectoryRecord& directory) {
  return Timed("UpdateDirectory", [&] { return inner_->UpdateDirectory(directory); });
}

Status TimedStore::DeleteDirectory(std::string_view id) {
  return Timed("DeleteDirectory", [&] { return inner_->DeleteDirectory(id); });
}

Result<int64_t> TimedStore::Count(std::string_view directory_id, ResourceKind kind) {
  return Timed("Count", [&] { return inner_->Count(directory_id, kind); });
}

Result<Resource> TimedStore::Create(std::string_view directory_id, const Resource& resource,
                                    const std::vector<std::string>& member_ids) {
  return Timed("Create", [&] { return inner_->Create(directory_id, resource, member_ids); });
}

Result<Resource> TimedStore::Get(std::string_view directory_id, ResourceKind kind,
                                 std::string_view id) {
  return Timed("Get", [&] { return inner_->Get(directory_id, kind, id); });
}

Result<Resource> TimedStore::Update(std::string_view directory_id, ResourceKind kind,
                                    std::string_view id, const Mutator& mutate) {
  return Timed("Update", [&] { return inner_->Update(directory_id, kind, id, mutate); });
}

Status TimedStore::Delete(std::string_view directory_id, ResourceKind kind, std::string_view id) {
  return Timed("Delete", [&] { return inner_->Delete(directory_id, kind, id); });
}

Result<QueryResult> TimedStore::Find(std::string_view directory_id, ResourceKind kind,
                                     const Query& query) {
  return Timed("Find", [&] { return inner_->Find(directory_id, kind, query); });
}

Status TimedStore::Import(std::string_view directory_id, const std::vector<Resource>& resources,
                          const std::vector<std::pair<std::string, std::string>>& memberships) {
  return Timed("Import", [&] { return inner_->Import(directory_id, resources, memberships); });
}

Result<std::vector<Member>> TimedStore::ListMembers(std::string_view directory_id,
                                                    std::string_view group_id) {
  return Timed("ListMembers", [&] { return inner_->ListMembers(directory_id, group_id); });
}

Result<std::vector<Member>> TimedStore::ListMembersPage(std::string_view directory_id,
                                                        std::string_view group_id,
                                                        std::string_view after_id, int64_t limit) {
  return Timed("ListMembersPage",
               [&] { return inner_->ListMembersPage(directory_id, group_id, after_id, limit); });
}

Result<int64_t> TimedStore::CountMembers(std::string_view directory_id, std::string_view group_id) {
  return Timed("CountMembers", [&] { return inner_->CountMembers(directory_id, group_id); });
}

Result<std::vector<GroupRef>> TimedStore::GroupsOf(std::string_view directory_id,
                                                   std::string_view member_id) {
  return Timed("GroupsOf", [&] { return inner_->GroupsOf(directory_id, member_id); });
}

Status TimedStore::AppendRequestLog(std::string_view directory_id, const RequestLogEntry& entry,
                                    int64_t keep) {
  return Timed("AppendRequestLog",
               [&] { return inner_->AppendRequestLog(directory_id, entry, keep); });
}

Result<std::vector<RequestLogEntry>> TimedStore::ListRequestLog(std::string_view directory_id,
                                                                int64_t limit) {
  return Timed("ListRequestLog", [&] { return inner_->ListRequestLog(directory_id, limit); });
}

Status TimedStore::CreateAdminToken(const AdminTokenRecord& token) {
  return Timed("CreateAdminToken", [&] { return inner_->CreateAdminToken(token); });
}

Result<std::vector<AdminTokenRecord>> TimedStore::ListAdminTokens() {
  return Timed("ListAdminTokens", [&] { return inner_->ListAdminTokens(); });
}

Status TimedStore::DeleteAdminToken(std::string_view id) {
  return Timed("DeleteAdminToken", [&] { return inner_->DeleteAdminToken(id); });
}

Status TimedStore::TouchAdminToken(std::string_view id, int64_t used_ms) {
  return Timed("TouchAdminToken", [&] { return inner_->TouchAdminToken(id, used_ms); });
}

Result<EventPage> TimedStore::ListEvents(std::string_view directory_id, int64_t after_seq,
                                         int64_t limit) {
  return Timed("ListEvents", [&] { return inner_->ListEvents(directory_id, after_seq, limit); });
}

Result<int64_t> TimedStore::PruneEvents(int64_t older_than_ms, int64_t keep_per_directory) {
  return Timed("PruneEvents",
               [&] { return inner_->PruneEvents(older_than_ms, keep_per_directory); });
}

Result<SnapshotPage> TimedStore::Snapshot(std::string_view directory_id, ResourceKind kind,
                                          std::string_view after_id, int64_t limit) {
  return Timed("Snapshot", [&] { return inner_->Snapshot(directory_id, kind, after_id, limit); });
}

Status TimedStore::CreateWebhook(const WebhookRecord& webhook) {
  return Timed("CreateWebhook", [&] { return inner_->CreateWebhook(webhook); });
}

Result<std::vector<WebhookRecord>> TimedStore::ListWebhooks(std::string_view directory_id) {
  return Timed("ListWebhooks", [&] { return inner_->ListWebhooks(directory_id); });
}

Result<WebhookRecord> TimedStore::GetWebhook(std::string_view directory_id, std::string_view id) {
  return Timed("GetWebhook", [&] { return inner_->GetWebhook(directory_id, id); });
}

Status TimedStore::DeleteWebhook(std::string_view directory_id, std::string_view id) {
  return Timed("DeleteWebhook", [&] { return inner_->DeleteWebhook(directory_id, id); });
}

Result<std::vector<WebhookRecord>> TimedStore::DueWebhooks(int64_t now_ms) {
  return Timed("DueWebhooks", [&] { return inner_->DueWebhooks(now_ms); });
}

Result<bool> TimedStore::LeaseWebhook(std::string_view id, std::string_view owner, int64_t now_ms,
                                      int64_t until_ms) {
  return Timed("LeaseWebhook", [&] { return inner_->LeaseWebhook(id, owner, now_ms, until_ms); });
}

Result<bool> TimedStore::FinishWebhook(std::string_view id, std::string_view owner,
                                       const WebhookProgress& progress) {
  return Timed("FinishWebhook", [&] { return inner_->FinishWebhook(id, owner, progress); });
}

}  // namespace scimd::ops
