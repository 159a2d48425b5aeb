#include "storage/postgres/pg_members.h"

namespace scimd::storage::postgres {
namespace {

// FOR KEY SHARE blocks a concurrent DELETE of the member until this
// transaction ends (and makes this one wait for a delete in flight), without
// blocking updates of the member's attributes.
constexpr const char* kLockMemberSql =
    "SELECT 1 FROM resources WHERE directory_id = $1 AND kind IN (0, 1) AND id = $2 "
    "FOR KEY SHARE";

Status RemoveMembers(PgConnection& db, std::string_view directory_id, std::string_view group_id,
                     const std::vector<std::string>& member_ids) {
  for (const std::string& member_id : member_ids) {
    SCIMD_ASSIGN_OR_RETURN(
        PgResult removed,
        db.ExecPrepared(
            "DELETE FROM members WHERE directory_id = $1 AND group_id = $2 AND member_id = $3",
            PgParams().Add(directory_id).Add(group_id).Add(member_id)));
  }
  return Status::Ok();
}

}  // namespace

Status AddMembers(PgConnection& db, std::string_view directory_id, std::string_view group_id,
                  const std::vector<std::string>& member_ids) {
  for (const std::string& member_id : member_ids) {
    if (member_id == group_id) {
      return InvalidValue("a group cannot be a member of itself: " + member_id);
    }
    SCIMD_ASSIGN_OR_RETURN(
        PgResult found,
        db.ExecPrepared(kLockMemberSql, PgParams().Add(directory_id).Add(member_id)));
    if (found.Rows() == 0) {
      return InvalidValue("member " + member_id + " is not a user or group of this directory");
    }
    SCIMD_ASSIGN_OR_RETURN(
        PgResult inserted,
        db.ExecPrepared("INSERT INTO members (directory_id, group_id, member_id) "
                        "VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                        PgParams().Add(directory_id).Add(group_id).Add(member_id)));
  }
  return Status::Ok();
}

Status ApplyMemberChanges(PgConnection& db, std::string_view directory_id,
                          std::string_view group_id,
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

Result<std::vector<scim::Member>> ReadMembers(PgConnection& db, std::string_view directory_id,
                                              std::string_view group_id) {
  // A user's display is its displayName, else its userName (RFC 7643 §4.1.1
  // leaves it to the provider); a group's is its displayName.
  SCIMD_ASSIGN_OR_RETURN(
      PgResult result,
      db.ExecPrepared("SELECT m.member_id, r.kind, CASE r.kind "
                      "WHEN 0 THEN coalesce(r.data ->> 'displayName', r.data ->> 'userName') "
                      "ELSE r.data ->> 'displayName' END "
                      "FROM members m JOIN resources r ON r.directory_id = m.directory_id "
                      "AND r.kind IN (0, 1) AND r.id = m.member_id "
                      "WHERE m.directory_id = $1 AND m.group_id = $2 ORDER BY m.member_id",
                      PgParams().Add(directory_id).Add(group_id)));
  std::vector<scim::Member> members;
  members.reserve(result.Rows());
  for (int row = 0; row < result.Rows(); ++row) {
    scim::Member member;
    member.id = std::string(result.Text(row, 0));
    member.kind = result.Int(row, 1) == 1 ? scim::ResourceKind::kGroup : scim::ResourceKind::kUser;
    member.display = std::string(result.Text(row, 2));
    members.push_back(std::move(member));
  }
  return members;
}

Result<std::vector<scim::GroupRef>> ReadGroupsOf(PgConnection& db, std::string_view directory_id,
                                                 std::string_view member_id) {
  SCIMD_ASSIGN_OR_RETURN(
      PgResult result,
      db.ExecPrepared("SELECT m.group_id, r.data ->> 'displayName' "
                      "FROM members m JOIN resources r ON r.directory_id = m.directory_id "
                      "AND r.kind = 1 AND r.id = m.group_id "
                      "WHERE m.directory_id = $1 AND m.member_id = $2 ORDER BY m.group_id",
                      PgParams().Add(directory_id).Add(member_id)));
  std::vector<scim::GroupRef> groups;
  for (int row = 0; row < result.Rows(); ++row) {
    groups.push_back({std::string(result.Text(row, 0)), std::string(result.Text(row, 1))});
  }
  return groups;
}

Status UnlinkMember(PgConnection& db, std::string_view directory_id, std::string_view member_id,
                    int64_t now_ms) {
  SCIMD_ASSIGN_OR_RETURN(
      PgResult bumped,
      db.ExecPrepared("UPDATE resources SET version = version + 1, modified_ms = $1 "
                      "WHERE directory_id = $2 AND kind = 1 AND id IN "
                      "(SELECT group_id FROM members WHERE directory_id = $2 AND member_id = $3)",
                      PgParams().Add(now_ms).Add(directory_id).Add(member_id)));
  SCIMD_ASSIGN_OR_RETURN(
      PgResult removed,
      db.ExecPrepared("DELETE FROM members WHERE directory_id = $1 AND member_id = $2",
                      PgParams().Add(directory_id).Add(member_id)));
  return Status::Ok();
}

Status UnlinkAllMembers(PgConnection& db, std::string_view directory_id,
                        std::string_view group_id) {
  SCIMD_ASSIGN_OR_RETURN(
      PgResult removed,
      db.ExecPrepared("DELETE FROM members WHERE directory_id = $1 AND group_id = $2",
                      PgParams().Add(directory_id).Add(group_id)));
  return Status::Ok();
}

}  // namespace scimd::storage::postgres
