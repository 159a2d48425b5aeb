// Paged group members and admin tokens (table admin_tokens, migration step 3)
// of the PostgreSQL backend.
#include <algorithm>

#include "storage/postgres/pg_rows.h"
#include "storage/postgres/pg_store.h"

namespace scimd::storage::postgres {

Result<std::vector<Member>> PgStore::ListMembersPage(std::string_view directory_id,
                                                     std::string_view group_id,
                                                     std::string_view after_id, int64_t limit) {
  std::vector<Member> members;
  SCIMD_RETURN_IF_ERROR(Run(Txn::kSnapshot, [&](PgConnection& db) -> Status {
    members.clear();
    SCIMD_ASSIGN_OR_RETURN(bool exists,
                           ResourceExists(db, directory_id, ResourceKind::kGroup, group_id));
    if (!exists) return NotFound("group " + std::string(group_id) + " not found");
    // Walks the (directory_id, group_id, member_id) primary key from after_id.
    SCIMD_ASSIGN_OR_RETURN(
        PgResult rows,
        db.ExecPrepared("SELECT m.member_id, r.kind, CASE r.kind "
                        "WHEN 0 THEN coalesce(r.data ->> 'displayName', r.data ->> 'userName') "
                        "ELSE r.data ->> 'displayName' END "
                        "FROM members m JOIN resources r ON r.directory_id = m.directory_id "
                        "AND r.kind IN (0, 1) AND r.id = m.member_id "
                        "WHERE m.directory_id = $1 AND m.group_id = $2 AND m.member_id > $3 "
                        "ORDER BY m.member_id LIMIT $4",
                        PgParams()
                            .Add(directory_id)
                            .Add(group_id)
                            .Add(after_id)
                            .Add(std::max<int64_t>(limit, 0))));
    for (int row = 0; row < rows.Rows(); ++row) {
      Member& member = members.emplace_back();
      member.id = std::string(rows.Text(row, 0));
      member.kind = rows.Int(row, 1) == 1 ? ResourceKind::kGroup : ResourceKind::kUser;
      member.display = std::string(rows.Text(row, 2));
    }
    return Status::Ok();
  }));
  return members;
}

Result<int64_t> PgStore::CountMembers(std::string_view directory_id, std::string_view group_id) {
  int64_t count = 0;
  SCIMD_RETURN_IF_ERROR(Run(Txn::kSnapshot, [&](PgConnection& db) -> Status {
    SCIMD_ASSIGN_OR_RETURN(bool exists,
                           ResourceExists(db, directory_id, ResourceKind::kGroup, group_id));
    if (!exists) return NotFound("group " + std::string(group_id) + " not found");
    SCIMD_ASSIGN_OR_RETURN(
        PgResult rows,
        db.ExecPrepared("SELECT count(*) FROM members WHERE directory_id = $1 AND group_id = $2",
                        PgParams().Add(directory_id).Add(group_id)));
    count = rows.Int(0, 0);
    return Status::Ok();
  }));
  return count;
}

Status PgStore::CreateAdminToken(const AdminTokenRecord& token) {
  Status status = Run(Txn::kNone, [&](PgConnection& db) -> Status {
    SCIMD_ASSIGN_OR_RETURN(
        PgResult inserted,
        db.Exec("INSERT INTO admin_tokens (id, name, token_hash, created_ms, last_used_ms) "
                "VALUES ($1, $2, $3, $4, $5)",
                PgParams()
                    .Add(token.id)
                    .Add(token.name)
                    .Add(token.token_hash)
                    .Add(token.created_ms)
                    .Add(token.last_used_ms)));
    return Status::Ok();
  });
  if (status.code() == Code::kUniqueness) {
    return Uniqueness("admin token " + token.id + " already exists");
  }
  return status;
}

Result<std::vector<AdminTokenRecord>> PgStore::ListAdminTokens() {
  std::vector<AdminTokenRecord> tokens;
  SCIMD_RETURN_IF_ERROR(Run(Txn::kNone, [&](PgConnection& db) -> Status {
    tokens.clear();
    SCIMD_ASSIGN_OR_RETURN(PgResult rows,
                           db.Exec("SELECT id, name, token_hash, created_ms, last_used_ms "
                                   "FROM admin_tokens ORDER BY created_ms, id"));
    for (int row = 0; row < rows.Rows(); ++row) {
      AdminTokenRecord& token = tokens.emplace_back();
      token.id = std::string(rows.Text(row, 0));
      token.name = std::string(rows.Text(row, 1));
      token.token_hash = std::string(rows.Text(row, 2));
      token.created_ms = rows.Int(row, 3);
      token.last_used_ms = rows.Int(row, 4);
    }
    return Status::Ok();
  }));
  return tokens;
}

Status PgStore::DeleteAdminToken(std::string_view id) {
  return Run(Txn::kNone, [&](PgConnection& db) -> Status {
    SCIMD_ASSIGN_OR_RETURN(PgResult deleted,
                           db.Exec("DELETE FROM admin_tokens WHERE id = $1", PgParams().Add(id)));
    if (deleted.Affected() == 0) return NotFound("admin token " + std::string(id) + " not found");
    return Status::Ok();
  });
}

Status PgStore::TouchAdminToken(std::string_view id, int64_t used_ms) {
  return Run(Txn::kNone, [&](PgConnection& db) -> Status {
    SCIMD_ASSIGN_OR_RETURN(PgResult updated,
                           db.Exec("UPDATE admin_tokens SET last_used_ms = $1 WHERE id = $2",
                                   PgParams().Add(used_ms).Add(id)));
    if (updated.Affected() == 0) return NotFound("admin token " + std::string(id) + " not found");
    return Status::Ok();
  });
}

}  // namespace scimd::storage::postgres
