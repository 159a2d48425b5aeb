#include "storage/sqlite/sqlite_members.h"

namespace scimd::storage::sqlite {
namespace {

// `kind IN (0, 1)` lets SQLite seek the (directory_id, kind, id) primary key
// once per kind instead of scanning the directory.
constexpr const char* kExistsSql =
    "SELECT 1 FROM resources WHERE directory_id = ? AND kind IN (0, 1) AND id = ?";

Status CheckMember(Statement& exists, std::string_view directory_id, std::string_view group_id,
                   const std::string& member_id) {
  if (member_id == group_id) {
    return InvalidValue("a group cannot be a member of itself: " + member_id);
  }
  exists.Reset();
  exists.Bind(directory_id).Bind(member_id);
  SCIMD_ASSIGN_OR_RETURN(bool found, exists.Step());
  if (!found) {
    return InvalidValue("member " + member_id + " is not a user or group of this directory");
  }
  return Status::Ok();
}

Status RemoveMembers(Connection& db, std::string_view directory_id, std::string_view group_id,
                     const std::vector<std::string>& member_ids) {
  SCIMD_ASSIGN_OR_RETURN(
      Statement remove,
      db.Prepare("DELETE FROM members WHERE directory_id = ? AND group_id = ? AND member_id = ?"));
  for (const std::string& member_id : member_ids) {
    remove.Reset();
    remove.Bind(directory_id).Bind(group_id).Bind(member_id);
    SCIMD_RETURN_IF_ERROR(remove.Exec());
  }
  return Status::Ok();
}

}  // namespace

Status AddMembers(Connection& db, std::string_view directory_id, std::string_view group_id,
                  const std::vector<std::string>& member_ids) {
  SCIMD_ASSIGN_OR_RETURN(Statement exists, db.Prepare(kExistsSql));
  SCIMD_ASSIGN_OR_RETURN(
      Statement insert,
      db.Prepare("INSERT OR IGNORE INTO members (directory_id, group_id, member_id) "
                 "VALUES (?, ?, ?)"));
  for (const std::string& member_id : member_ids) {
    SCIMD_RETURN_IF_ERROR(CheckMember(exists, directory_id, group_id, member_id));
    insert.Reset();
    insert.Bind(directory_id).Bind(group_id).Bind(member_id);
    SCIMD_RETURN_IF_ERROR(insert.Exec());
  }
  return Status::Ok();
}

Status ApplyMemberChanges(Connection& db, std::string_view directory_id, std::string_view group_id,
                          const std::vector<scim::MemberChange>& changes) {
  for (const scim::MemberChange& change : changes) {
    switch (change.kind) {
      case scim::MemberChange::Kind::kAdd:
        SCIMD_RETURN_IF_ERROR(AddMembers(db, directory_id, group_id, change.ids));
        break;
      case scim::MemberChange::Kind::kRemove:
        SCIMD_RETURN_IF_ERROR(RemoveMembers(db, directory_id, group_id, change.ids));
        break;
      case scim::MemberChange::Kind::kRemoveAll:
        SCIMD_RETURN_IF_ERROR(UnlinkAllMembers(db, directory_id, group_id));
        break;
    }
  }
  return Status::Ok();
}

Result<std::vector<scim::Member>> ReadMembers(Connection& db, std::string_view directory_id,
                                              std::string_view group_id) {
  // A user's display is its displayName, else its userName (RFC 7643 §4.1.1
  // leaves it to the provider); a group's is its displayName.
  SCIMD_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("SELECT m.member_id, r.kind, CASE r.kind "
                 "WHEN 0 THEN coalesce(json_extract(r.data, '$.displayName'), "
                 "json_extract(r.data, '$.userName')) "
                 "ELSE json_extract(r.data, '$.displayName') END "
                 "FROM members m JOIN resources r ON r.directory_id = m.directory_id "
                 "AND r.kind IN (0, 1) AND r.id = m.member_id "
                 "WHERE m.directory_id = ? AND m.group_id = ? ORDER BY m.member_id"));
  stmt.Bind(directory_id).Bind(group_id);
  std::vector<scim::Member> members;
  while (true) {
    SCIMD_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    scim::Member member;
    member.id = std::string(stmt.Text(0));
    member.kind = stmt.Int(1) == 1 ? scim::ResourceKind::kGroup : scim::ResourceKind::kUser;
    member.display = std::string(stmt.Text(2));
    members.push_back(std::move(member));
  }
  return members;
}

Result<std::vector<scim::GroupRef>> ReadGroupsOf(Connection& db, std::string_view directory_id,
                                                 std::string_view member_id) {
  SCIMD_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("SELECT m.group_id, json_extract(r.data, '$.displayName') "
                 "FROM members m JOIN resources r ON r.directory_id = m.directory_id "
                 "AND r.kind = 1 AND r.id = m.group_id "
                 "WHERE m.directory_id = ? AND m.member_id = ? ORDER BY m.group_id"));
  stmt.Bind(directory_id).Bind(member_id);
  std::vector<scim::GroupRef> groups;
  while (true) {
    SCIMD_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    groups.push_back({std::string(stmt.Text(0)), std::string(stmt.Text(1))});
  }
  return groups;
}

Status UnlinkMember(Connection& db, std::string_view directory_id, std::string_view member_id,
                    int64_t now_ms) {
  SCIMD_ASSIGN_OR_RETURN(
      Statement bump,
      db.Prepare("UPDATE resources SET version = version + 1, modified_ms = ? "
                 "WHERE directory_id = ? AND kind = 1 AND id IN "
                 "(SELECT group_id FROM members WHERE directory_id = ? AND member_id = ?)"));
  bump.Bind(now_ms).Bind(directory_id).Bind(directory_id).Bind(member_id);
  SCIMD_RETURN_IF_ERROR(bump.Exec());
  SCIMD_ASSIGN_OR_RETURN(
      Statement remove, db.Prepare("DELETE FROM members WHERE directory_id = ? AND member_id = ?"));
  remove.Bind(directory_id).Bind(member_id);
  return remove.Exec();
}

Status UnlinkAllMembers(Connection& db, std::string_view directory_id, std::string_view group_id) {
  SCIMD_ASSIGN_OR_RETURN(Statement remove,
                         db.Prepare("DELETE FROM members WHERE directory_id = ? AND group_id = ?"));
  remove.Bind(directory_id).Bind(group_id);
  return remove.Exec();
}

}  // namespace scimd::storage::sqlite
