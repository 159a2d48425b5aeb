// Group membership on the `members` table. Every function works on the
// connection it is given, inside the caller's transaction, and touches only
// the rows it names: adding or removing k members costs O(k log n).
//
// Thread-safety: as the connection (one thread at a time).
#ifndef SCIMD_STORAGE_SQLITE_SQLITE_MEMBERS_H_
#define SCIMD_STORAGE_SQLITE_SQLITE_MEMBERS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "scim/resource/resource.h"
#include "storage/sqlite/sqlite_connection.h"

namespace scimd::storage::sqlite {

// Links each of `member_ids` to the group (already linked: no change).
// kInvalidValue naming the id when one is not a user or group of the
// directory, or is the group itself.
Status AddMembers(Connection& db, std::string_view directory_id, std::string_view group_id,
                  const std::vector<std::string>& member_ids);

// Applies `changes` in order.
Status ApplyMemberChanges(Connection& db, std::string_view directory_id, std::string_view group_id,
                          const std::vector<scim::MemberChange>& changes);

// Members ordered by member id, each with its kind and display name.
Result<std::vector<scim::Member>> ReadMembers(Connection& db, std::string_view directory_id,
                                              std::string_view group_id);

// Groups that directly contain `member_id`, ordered by group id.
Result<std::vector<scim::GroupRef>> ReadGroupsOf(Connection& db, std::string_view directory_id,
                                                 std::string_view member_id);

// Gives every group containing `member_id` a new version and modified time,
// then removes those membership rows.
Status UnlinkMember(Connection& db, std::string_view directory_id, std::string_view member_id,
                    int64_t now_ms);

// Removes every membership row of the group.
Status UnlinkAllMembers(Connection& db, std::string_view directory_id, std::string_view group_id);

}  // namespace scimd::storage::sqlite

#endif  // SCIMD_STORAGE_SQLITE_SQLITE_MEMBERS_H_
