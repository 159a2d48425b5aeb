// Paged group members and admin tokens (table admin_tokens, migration step 3)
// of the SQLite backend.
#include <mutex>

#include "storage/sqlite/sqlite_rows.h"
#include "storage/sqlite/sqlite_store.h"

namespace scimd::storage::sqlite {

Result<std::vector<Member>> SqliteStore::ListMembersPage(std::string_view directory_id,
                                                         std::string_view group_id,
                                                         std::string_view after_id, int64_t limit) {
  SCIMD_ASSIGN_OR_RETURN(ReaderPool::Lease db, readers_.Acquire());
  SCIMD_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(*db, Transaction::Kind::kDeferred));
  SCIMD_ASSIGN_OR_RETURN(bool exists,
                         ResourceExists(*db, directory_id, ResourceKind::kGroup, group_id));
  if (!exists) return NotFound("group " + std::string(group_id) + " not found");
  // The (directory_id, group_id, member_id) primary key is walked from
  // after_id, so a page costs O(limit) whatever its depth.
  SCIMD_ASSIGN_OR_RETURN(
      Statement stmt,
      db->Prepare("SELECT m.member_id, r.kind, CASE r.kind "
                  "WHEN 0 THEN coalesce(json_extract(r.data, '$.displayName'), "
                  "json_extract(r.data, '$.userName')) "
                  "ELSE json_extract(r.data, '$.displayName') END "
                  "FROM members m JOIN resources r ON r.directory_id = m.directory_id "
                  "AND r.kind IN (0, 1) AND r.id = m.member_id "
                  "WHERE m.directory_id = ? AND m.group_id = ? AND m.member_id > ? "
                  "ORDER BY m.member_id LIMIT ?"));
  stmt.Bind(directory_id).Bind(group_id).Bind(after_id).Bind(std::max<int64_t>(limit, 0));
  std::vector<Member> members;
  while (true) {
    SCIMD_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    Member& member = members.emplace_back();
    member.id = std::string(stmt.Text(0));
    member.kind = stmt.Int(1) == 1 ? ResourceKind::kGroup : ResourceKind::kUser;
    member.display = std::string(stmt.Text(2));
  }
  return members;
}

Result<int64_t> SqliteStore::CountMembers(std::string_view directory_id,
                                          std::string_view group_id) {
  SCIMD_ASSIGN_OR_RETURN(ReaderPool::Lease db, readers_.Acquire());
  SCIMD_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(*db, Transaction::Kind::kDeferred));
  SCIMD_ASSIGN_OR_RETURN(bool exists,
                         ResourceExists(*db, directory_id, ResourceKind::kGroup, group_id));
  if (!exists) return NotFound("group " + std::string(group_id) + " not found");
  SCIMD_ASSIGN_OR_RETURN(
      Statement stmt,
      db->Prepare("SELECT count(*) FROM members WHERE directory_id = ? AND group_id = ?"));
  stmt.Bind(directory_id).Bind(group_id);
  SCIMD_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return Internal("count(*) returned no row");
  return stmt.Int(0);
}

Status SqliteStore::CreateAdminToken(const AdminTokenRecord& token) {
  std::lock_guard<std::mutex> lock(writer_mu_);
  SCIMD_ASSIGN_OR_RETURN(Statement stmt,
                         writer_->Prepare("INSERT INTO admin_tokens (id, name, token_hash, "
                                          "created_ms, last_used_ms) VALUES (?, ?, ?, ?, ?)"));
  stmt.Bind(token.id).Bind(token.name).Bind(token.token_hash).Bind(token.created_ms);
  stmt.Bind(token.last_used_ms);
  Status status = stmt.Exec();
  if (status.code() == Code::kUniqueness) {
    return Uniqueness("admin token " + token.id + " already exists");
  }
  return status;
}

Result<std::vector<AdminTokenRecord>> SqliteStore::ListAdminTokens() {
  SCIMD_ASSIGN_OR_RETURN(ReaderPool::Lease db, readers_.Acquire());
  SCIMD_ASSIGN_OR_RETURN(Statement stmt,
                         db->Prepare("SELECT id, name, token_hash, created_ms, last_used_ms "
                                     "FROM admin_tokens ORDER BY created_ms, id"));
  std::vector<AdminTokenRecord> tokens;
  while (true) {
    SCIMD_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    AdminTokenRecord& token = tokens.emplace_back();
    token.id = std::string(stmt.Text(0));
    token.name = std::string(stmt.Text(1));
    token.token_hash = std::string(stmt.Text(2));
    token.created_ms = stmt.Int(3);
    token.last_used_ms = stmt.Int(4);
  }
  return tokens;
}

Status SqliteStore::DeleteAdminToken(std::string_view id) {
  std::lock_guard<std::mutex> lock(writer_mu_);
  SCIMD_ASSIGN_OR_RETURN(Statement stmt, writer_->Prepare("DELETE FROM admin_tokens WHERE id = ?"));
  stmt.Bind(id);
  SCIMD_RETURN_IF_ERROR(stmt.Exec());
  if (writer_->Changes() == 0) return NotFound("admin token " + std::string(id) + " not found");
  return Status::Ok();
}

Status SqliteStore::TouchAdminToken(std::string_view id, int64_t used_ms) {
  std::lock_guard<std::mutex> lock(writer_mu_);
  SCIMD_ASSIGN_OR_RETURN(Statement stmt,
                         writer_->Prepare("UPDATE admin_tokens SET last_used_ms = ? WHERE id = ?"));
  stmt.Bind(used_ms).Bind(id);
  SCIMD_RETURN_IF_ERROR(stmt.Exec());
  if (writer_->Changes() == 0) return NotFound("admin token " + std::string(id) + " not found");
  return Status::Ok();
}

}  // namespace scimd::storage::sqlite
