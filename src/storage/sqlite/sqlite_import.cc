// Import: many users, groups and memberships in one write transaction.
//
// One transaction (one fsync) and statements prepared once per connection
// and reused for every row are what make a preload of a million users take
// minutes rather than hours; the checks are the ones Create makes.
#include <boost/json/serialize.hpp>
#include <map>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "storage/sqlite/sqlite_events.h"
#include "storage/sqlite/sqlite_members.h"
#include "storage/sqlite/sqlite_rows.h"
#include "storage/sqlite/sqlite_store.h"

namespace scimd::storage::sqlite {
namespace {

constexpr const char* kInsertResourceSql =
    "INSERT INTO resources (directory_id, kind, id, name_lc, external_id, created_ms, "
    "modified_ms, version, data) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)";
constexpr const char* kExistsSql =
    "SELECT 1 FROM resources WHERE directory_id = ? AND kind IN (0, 1) AND id = ?";
constexpr const char* kInsertEmailSql =
    "INSERT INTO emails (directory_id, resource_id, value_lc) VALUES (?, ?, ?)";

std::string NameAttr(ResourceKind kind) {
  switch (kind) {
    case ResourceKind::kUser:
      return "userName";
    case ResourceKind::kGroup:
      return "displayName";
  }
  return "userName";
}

// Checks what needs no database: ids present and distinct, naming
// attributes present. Returns the indexed columns of each resource.
Result<std::vector<IndexedValues>> Prepared(const std::vector<Resource>& resources) {
  std::vector<IndexedValues> indexed;
  indexed.reserve(resources.size());
  std::unordered_set<std::string_view> ids;
  ids.reserve(resources.size());
  for (const Resource& resource : resources) {
    if (resource.id.empty()) return InvalidValue("a resource needs an id");
    if (!ids.insert(resource.id).second) {
      return Uniqueness("id " + resource.id + " appears twice in the import");
    }
    SCIMD_ASSIGN_OR_RETURN(IndexedValues values,
                           IndexedValuesOf(resource.kind, resource.attributes));
    indexed.push_back(std::move(values));
  }
  return indexed;
}

Status InsertResource(Statement& insert, Statement& insert_email, Statement& exists,
                      std::string_view directory_id, const Resource& resource,
                      const IndexedValues& indexed, int64_t now) {
  // Membership rows name ids without a kind, so an id is unique across both.
  exists.Reset();
  exists.Bind(directory_id).Bind(resource.id);
  SCIMD_ASSIGN_OR_RETURN(bool taken, exists.Step());
  if (taken) return Uniqueness("id " + resource.id + " already exists in this directory");

  insert.Reset();
  insert.Bind(directory_id).Bind(KindCode(resource.kind)).Bind(resource.id).Bind(indexed.name_lc);
  if (indexed.external_id) {
    insert.Bind(*indexed.external_id);
  } else {
    insert.BindNull();
  }
  insert.Bind(now).Bind(now).Bind(boost::json::serialize(resource.attributes));
  Status status = insert.Exec();
  if (status.code() == Code::kUniqueness) {
    const std::string attr = NameAttr(resource.kind);
    const boost::json::value* name = resource.attributes.if_contains(attr);
    return Uniqueness(attr + " \"" + std::string(name->get_string()) +
                      "\" is already in use in this directory");
  }
  SCIMD_RETURN_IF_ERROR(status);
  for (const std::string& email : indexed.emails_lc) {
    insert_email.Reset();
    insert_email.Bind(directory_id).Bind(resource.id).Bind(email);
    SCIMD_RETURN_IF_ERROR(insert_email.Exec());
  }
  return Status::Ok();
}

// The statements live for this loop only, so the member checks that follow
// get the cached ones back.
Status InsertAll(Connection& db, std::string_view directory_id,
                 const std::vector<Resource>& resources, const std::vector<IndexedValues>& indexed,
                 int64_t now) {
  SCIMD_ASSIGN_OR_RETURN(Statement insert, db.Prepare(kInsertResourceSql));
  SCIMD_ASSIGN_OR_RETURN(Statement insert_email, db.Prepare(kInsertEmailSql));
  SCIMD_ASSIGN_OR_RETURN(Statement exists, db.Prepare(kExistsSql));
  for (size_t i = 0; i < resources.size(); ++i) {
    SCIMD_RETURN_IF_ERROR(
        InsertResource(insert, insert_email, exists, directory_id, resources[i], indexed[i], now));
  }
  return Status::Ok();
}

// A group that existed before the import and gains members changes, so its
// ETag must change too.
Status BumpGroup(Connection& db, std::string_view directory_id, const std::string& group_id,
                 int64_t now) {
  SCIMD_ASSIGN_OR_RETURN(Statement bump,
                         db.Prepare("UPDATE resources SET version = version + 1, modified_ms = ? "
                                    "WHERE directory_id = ? AND kind = 1 AND id = ?"));
  bump.Bind(now).Bind(directory_id).Bind(group_id);
  return bump.Exec();
}

}  // namespace

Status SqliteStore::Import(std::string_view directory_id, const std::vector<Resource>& resources,
                           const std::vector<std::pair<std::string, std::string>>& memberships) {
  SCIMD_ASSIGN_OR_RETURN(std::vector<IndexedValues> indexed, Prepared(resources));
  std::unordered_set<std::string_view> imported;
  imported.reserve(resources.size());
  for (const Resource& resource : resources) imported.insert(resource.id);
  // Grouped by group, so each group is checked (and bumped) once.
  std::map<std::string, std::vector<std::string>> members_of;
  for (const auto& [group_id, member_id] : memberships) members_of[group_id].push_back(member_id);

  return WriteDurably([&](uint64_t& ticket) -> Status {
    const int64_t now = Now();
    SCIMD_ASSIGN_OR_RETURN(Transaction txn,
                           Transaction::Begin(*writer_, Transaction::Kind::kImmediate));
    SCIMD_ASSIGN_OR_RETURN(bool directory_exists, DirectoryExists(*writer_, directory_id));
    if (!directory_exists) return NotFound("directory " + std::string(directory_id) + " not found");

    SCIMD_RETURN_IF_ERROR(InsertAll(*writer_, directory_id, resources, indexed, now));
    for (const auto& [group_id, member_ids] : members_of) {
      SCIMD_ASSIGN_OR_RETURN(
          bool is_group, ResourceExists(*writer_, directory_id, ResourceKind::kGroup, group_id));
      if (!is_group) {
        return InvalidValue("group " + group_id + " is not a group of this directory");
      }
      SCIMD_RETURN_IF_ERROR(AddMembers(*writer_, directory_id, group_id, member_ids));
      if (!imported.contains(group_id)) {
        SCIMD_RETURN_IF_ERROR(BumpGroup(*writer_, directory_id, group_id, now));
      }
    }
    SCIMD_RETURN_IF_ERROR(AppendEvents(*writer_, directory_id, now,
                                       ImportedEvents(directory_id, resources, memberships)));
    return CommitForSync(txn, ticket);
  });
}

}  // namespace scimd::storage::sqlite
