// Group membership on the `members` table in PostgreSQL. Every function works
// on the connection it is given, inside the caller's transaction, and touches
// only the rows it names: adding or removing k members costs O(k log n).
//
// Thread-safety: as the connection.
#ifndef SCIMD_STORAGE_POSTGRES_PG_MEMBERS_H_
#define SCIMD_STORAGE_POSTGRES_PG_MEMBERS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "scim/resource/resource.h"
#include "storage/postgres/pg_connection.h"

namespace scimd::storage::postgres {

// Links each of `member_ids` to the group (already linked: no change). Each
// member's row is share-locked until commit, so a concurrent delete of that
// member on another node waits and then unlinks it. kInvalidValue naming the
// id when one is not a user or group of the directory, or is the group.
Status AddMembers(PgConnection& db, std::string_view directory_id, std::string_view group_id,
                  const std::vector<std::string>& member_ids);

// Applies `changes` in order.
Status ApplyMemberChanges(PgConnection& db, std::string_view directory_id,
                          std::string_view group_id,
                          const std::vector<scim::MemberChange>& changes);

// Members ordered by member id, each with its kind and display name.
Result<std::vector<scim::Member>> ReadMembers(PgConnection& db, std::string_view directory_id,
                                              std::string_view group_id);

// Groups that directly contain `member_id`, ordered by group id.
Result<std::vector<scim::GroupRef>> ReadGroupsOf(PgConnection& db, std::string_view directory_id,
                                                 std::string_view member_id);

// Gives every group containing `member_id` a new version and modified time,
// then removes those membership rows.
Status UnlinkMember(PgConnection& db, std::string_view directory_id, std::string_view member_id,
                    int64_t now_ms);

// Removes every membership row of the group.
Status UnlinkAllMembers(PgConnection& db, std::string_view directory_id, std::string_view group_id);

}  // namespace scimd::storage::postgres

#endif  // SCIMD_STORAGE_POSTGRES_PG_MEMBERS_H_
