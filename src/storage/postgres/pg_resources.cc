// Create, Get, Update and Delete of users and groups in PostgreSQL.
#include <boost/json/serialize.hpp>
#include <string>
#include <utility>

#include "storage/postgres/pg_events.h"
#include "storage/postgres/pg_members.h"
#include "storage/postgres/pg_rows.h"
#include "storage/postgres/pg_store.h"
#include "storage/sqlite/sqlite_rows.h"

namespace scimd::storage::postgres {
namespace {

using sqlite::IndexedValues;
using sqlite::IndexedValuesOf;

std::string TypeName(ResourceKind kind) { return scim::ResourceTypeOf(kind).name; }

Status CheckNoMembersOnUser(ResourceKind kind, bool has_members) {
  if (kind == ResourceKind::kUser && has_members) return InvalidValue("a user has no members");
  return Status::Ok();
}

class PgUpdateContext final : public UpdateContext {
 public:
  PgUpdateContext(PgConnection& db, std::string_view directory_id, ResourceKind kind,
                  std::string_view id)
      : db_(db), directory_id_(directory_id), kind_(kind), id_(id) {}

  Result<std::vector<Member>> Members() override {
    if (kind_ == ResourceKind::kUser) return std::vector<Member>();
    return ReadMembers(db_, directory_id_, id_);
  }

 private:
  PgConnection& db_;
  std::string_view directory_id_;
  ResourceKind kind_;
  std::string_view id_;
};

}  // namespace

Result<Resource> PgStore::Create(std::string_view directory_id, const Resource& resource,
                                 const std::vector<std::string>& member_ids) {
  if (resource.id.empty()) return InvalidValue("a resource needs an id");
  SCIMD_RETURN_IF_ERROR(CheckNoMembersOnUser(resource.kind, !member_ids.empty()));
  SCIMD_ASSIGN_OR_RETURN(IndexedValues indexed,
                         IndexedValuesOf(resource.kind, resource.attributes));
  Resource stored = resource;
  stored.version = 1;
  SCIMD_RETURN_IF_ERROR(Run(Txn::kWrite, [&](PgConnection& db) -> Status {
    stored.created_ms = stored.modified_ms = Now();
    SCIMD_ASSIGN_OR_RETURN(bool directory_exists, DirectoryExists(db, directory_id));
    if (!directory_exists) {
      return NotFound("directory " + std::string(directory_id) + " not found");
    }
    SCIMD_RETURN_IF_ERROR(InsertResource(db, directory_id, stored, indexed));
    if (!member_ids.empty()) {
      SCIMD_RETURN_IF_ERROR(AddMembers(db, directory_id, stored.id, member_ids));
    }
    return AppendEvents(db, directory_id, stored.created_ms,
                        CreatedEvents(directory_id, stored, member_ids));
  }));
  return stored;
}

Result<Resource> PgStore::Get(std::string_view directory_id, ResourceKind kind,
                              std::string_view id) {
  Resource resource;
  SCIMD_RETURN_IF_ERROR(Run(Txn::kNone, [&](PgConnection& db) -> Status {
    SCIMD_ASSIGN_OR_RETURN(resource, LoadResource(db, directory_id, kind, id, false));
    return Status::Ok();
  }));
  return resource;
}

Result<Resource> PgStore::Update(std::string_view directory_id, ResourceKind kind,
                                 std::string_view id, const Mutator& mutate) {
  Resource current;
  SCIMD_RETURN_IF_ERROR(Run(Txn::kWrite, [&](PgConnection& db) -> Status {
    // The row lock serialises writers of this resource on every node; the
    // mutator sees the latest committed state.
    SCIMD_ASSIGN_OR_RETURN(current, LoadResource(db, directory_id, kind, id, true));
    const Resource before = current;
    PgUpdateContext context(db, directory_id, kind, id);
    SCIMD_RETURN_IF_ERROR(mutate(current, context));

    // Identity, version and timestamps belong to the store, whatever the
    // mutator did to them.
    current.id = before.id;
    current.kind = before.kind;
    current.created_ms = before.created_ms;
    current.version = before.version + 1;
    current.modified_ms = Now();
    SCIMD_RETURN_IF_ERROR(CheckNoMembersOnUser(kind, !context.member_changes.empty()));
    SCIMD_ASSIGN_OR_RETURN(IndexedValues indexed, IndexedValuesOf(kind, current.attributes));
    Result<PgResult> updated = db.ExecPrepared(
        "UPDATE resources SET name_lc = $1, external_id = $2, modified_ms = $3, version = $4, "
        "data = $5 WHERE directory_id = $6 AND kind = $7 AND id = $8",
        PgParams()
            .Add(indexed.name_lc)
            .Add(indexed.external_id)
            .Add(current.modified_ms)
            .Add(current.version)
            .Add(boost::json::serialize(current.attributes))
            .Add(directory_id)
            .Add(KindCode(kind))
            .Add(id));
    if (!updated.ok()) return Taken(updated.status(), db, current);
    SCIMD_RETURN_IF_ERROR(WriteEmails(db, directory_id, id, indexed.emails_lc));
    SCIMD_RETURN_IF_ERROR(ApplyMemberChanges(db, directory_id, id, context.member_changes));
    return AppendEvents(db, directory_id, current.modified_ms,
                        UpdatedEvents(directory_id, before, current, context.member_changes));
  }));
  return current;
}

Status PgStore::Delete(std::string_view directory_id, ResourceKind kind, std::string_view id) {
  return Run(Txn::kWrite, [&](PgConnection& db) -> Status {
    SCIMD_ASSIGN_OR_RETURN(
        PgResult removed,
        db.ExecPrepared("DELETE FROM resources WHERE directory_id = $1 AND kind = $2 AND id = $3",
                        PgParams().Add(directory_id).Add(KindCode(kind)).Add(id)));
    if (removed.Affected() == 0) {
      return NotFound(TypeName(kind) + " " + std::string(id) + " not found");
    }
    SCIMD_RETURN_IF_ERROR(UnlinkMember(db, directory_id, id, Now()));
    if (kind == ResourceKind::kGroup) {
      SCIMD_RETURN_IF_ERROR(UnlinkAllMembers(db, directory_id, id));
    }
    SCIMD_RETURN_IF_ERROR(WriteEmails(db, directory_id, id, {}));
    return AppendEvents(db, directory_id, Now(), DeletedEvents(directory_id, kind, id));
  });
}

}  // namespace scimd::storage::postgres
