// Import: a bulk load of users, groups and memberships in one transaction.
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "storage/postgres/pg_members.h"
#include "storage/postgres/pg_rows.h"
#include "storage/postgres/pg_store.h"
#include "storage/postgres/pg_events.h"
#include "storage/sqlite/sqlite_rows.h"

namespace scimd::storage::postgres {

Status PgStore::Import(std::string_view directory_id, const std::vector<Resource>& resources,
                       const std::vector<std::pair<std::string, std::string>>& memberships) {
  // Validate what needs no database before taking a connection.
  std::vector<sqlite::IndexedValues> indexed;
  indexed.reserve(resources.size());
  for (const Resource& resource : resources) {
    if (resource.id.empty()) return InvalidValue("a resource needs an id");
    SCIMD_ASSIGN_OR_RETURN(sqlite::IndexedValues values,
                           sqlite::IndexedValuesOf(resource.kind, resource.attributes));
    indexed.push_back(std::move(values));
  }
  return Run(Txn::kWrite, [&](PgConnection& db) -> Status {
    SCIMD_ASSIGN_OR_RETURN(bool directory_exists, DirectoryExists(db, directory_id));
    if (!directory_exists) {
      return NotFound("directory " + std::string(directory_id) + " not found");
    }
    const int64_t now = Now();
    std::set<std::string> imported_groups;
    for (size_t i = 0; i < resources.size(); ++i) {
      Resource stored = resources[i];
      stored.version = 1;
      stored.created_ms = stored.modified_ms = now;
      SCIMD_RETURN_IF_ERROR(InsertResource(db, directory_id, stored, indexed[i]));
      if (stored.kind == ResourceKind::kGroup) imported_groups.insert(stored.id);
    }
    // Groups that existed before and gain a member get a new version, as an
    // Update adding the member would give them.
    std::set<std::string> grown;
    for (const auto& [group_id, member_id] : memberships) {
      SCIMD_ASSIGN_OR_RETURN(bool is_group,
                             ResourceExists(db, directory_id, ResourceKind::kGroup, group_id));
      if (!is_group) {
        return InvalidValue(group_id + " is not a group of this directory");
      }
      SCIMD_RETURN_IF_ERROR(AddMembers(db, directory_id, group_id, {member_id}));
      if (!imported_groups.contains(group_id)) grown.insert(group_id);
    }
    for (const std::string& group_id : grown) {
      SCIMD_ASSIGN_OR_RETURN(
          PgResult bumped,
          db.ExecPrepared("UPDATE resources SET version = version + 1, modified_ms = $1 "
                          "WHERE directory_id = $2 AND kind = 1 AND id = $3",
                          PgParams().Add(now).Add(directory_id).Add(group_id)));
    }
    return AppendEvents(db, directory_id, now,
                        ImportedEvents(directory_id, resources, memberships));
  });
}

}  // namespace scimd::storage::postgres
