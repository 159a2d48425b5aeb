// Create, Get, Update and Delete of users and groups.
#include <boost/json/serialize.hpp>
#include <string>
#include <utility>

#include "storage/sqlite/sqlite_events.h"
#include "storage/sqlite/sqlite_members.h"
#include "storage/sqlite/sqlite_rows.h"
#include "storage/sqlite/sqlite_store.h"

namespace scimd::storage::sqlite {
namespace {

std::string TypeName(ResourceKind kind) { return scim::ResourceTypeOf(kind).name; }

// Rewrites the unique-index violation on name_lc into the attribute the
// client knows.
Status NameTaken(Status status, ResourceKind kind, const boost::json::object& attributes) {
  if (status.code() != Code::kUniqueness) return status;
  std::string attr;
  switch (kind) {
    case ResourceKind::kUser:
      attr = "userName";
      break;
    case ResourceKind::kGroup:
      attr = "displayName";
      break;
  }
  std::string value;
  if (const boost::json::value* v = attributes.if_contains(attr); v && v->is_string()) {
    value = std::string(v->get_string());
  }
  return Uniqueness(attr + " \"" + value + "\" is already in use in this directory");
}

Status CheckNoMembersOnUser(ResourceKind kind, bool has_members) {
  if (kind == ResourceKind::kUser && has_members) {
    return InvalidValue("a user has no members");
  }
  return Status::Ok();
}

class SqliteUpdateContext final : public UpdateContext {
 public:
  SqliteUpdateContext(Connection& db, std::string_view directory_id, ResourceKind kind,
                      std::string_view id)
      : db_(db), directory_id_(directory_id), kind_(kind), id_(id) {}

  Result<std::vector<Member>> Members() override {
    if (kind_ == ResourceKind::kUser) return std::vector<Member>();
    return ReadMembers(db_, directory_id_, id_);
  }

 private:
  Connection& db_;
  std::string_view directory_id_;
  ResourceKind kind_;
  std::string_view id_;
};

}  // namespace

Result<Resource> SqliteStore::Create(std::string_view directory_id, const Resource& resource,
                                     const std::vector<std::string>& member_ids) {
  if (resource.id.empty()) return InvalidValue("a resource needs an id");
  SCIMD_RETURN_IF_ERROR(CheckNoMembersOnUser(resource.kind, !member_ids.empty()));
  SCIMD_ASSIGN_OR_RETURN(IndexedValues indexed,
                         IndexedValuesOf(resource.kind, resource.attributes));
  Resource stored = resource;
  stored.version = 1;

  return WriteDurably([&](uint64_t& ticket) -> Result<Resource> {
    stored.created_ms = stored.modified_ms = Now();
    SCIMD_ASSIGN_OR_RETURN(Transaction txn,
                           Transaction::Begin(*writer_, Transaction::Kind::kImmediate));
    SCIMD_ASSIGN_OR_RETURN(bool directory_exists, DirectoryExists(*writer_, directory_id));
    if (!directory_exists) return NotFound("directory " + std::string(directory_id) + " not found");
    // Membership rows name ids without a kind, so an id is unique across both.
    SCIMD_ASSIGN_OR_RETURN(bool id_taken, AnyResourceExists(*writer_, directory_id, stored.id));
    if (id_taken) return Uniqueness("id " + stored.id + " already exists in this directory");

    SCIMD_ASSIGN_OR_RETURN(
        Statement insert,
        writer_->Prepare(
            "INSERT INTO resources (directory_id, kind, id, name_lc, external_id, "
            "created_ms, modified_ms, version, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    insert.Bind(directory_id).Bind(KindCode(stored.kind)).Bind(stored.id).Bind(indexed.name_lc);
    if (indexed.external_id) {
      insert.Bind(*indexed.external_id);
    } else {
      insert.BindNull();
    }
    insert.Bind(stored.created_ms).Bind(stored.modified_ms).Bind(stored.version);
    insert.Bind(boost::json::serialize(stored.attributes));
    SCIMD_RETURN_IF_ERROR(NameTaken(insert.Exec(), stored.kind, stored.attributes));
    SCIMD_RETURN_IF_ERROR(WriteEmails(*writer_, directory_id, stored.id, indexed.emails_lc));
    if (!member_ids.empty()) {
      SCIMD_RETURN_IF_ERROR(AddMembers(*writer_, directory_id, stored.id, member_ids));
    }
    SCIMD_RETURN_IF_ERROR(AppendEvents(*writer_, directory_id, stored.created_ms,
                                       CreatedEvents(directory_id, stored, member_ids)));
    SCIMD_RETURN_IF_ERROR(CommitForSync(txn, ticket));
    return stored;
  });
}

Result<Resource> SqliteStore::Get(std::string_view directory_id, ResourceKind kind,
                                  std::string_view id) {
  SCIMD_ASSIGN_OR_RETURN(ReaderPool::Lease db, readers_.Acquire());
  return LoadResource(*db, directory_id, kind, id);
}

Result<Resource> SqliteStore::Update(std::string_view directory_id, ResourceKind kind,
                                     std::string_view id, const Mutator& mutate) {
  return WriteDurably([&](uint64_t& ticket) -> Result<Resource> {
    SCIMD_ASSIGN_OR_RETURN(Transaction txn,
                           Transaction::Begin(*writer_, Transaction::Kind::kImmediate));
    SCIMD_ASSIGN_OR_RETURN(Resource current, LoadResource(*writer_, directory_id, kind, id));
    const Resource before = current;
    SqliteUpdateContext context(*writer_, directory_id, kind, id);
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

    SCIMD_ASSIGN_OR_RETURN(
        Statement update,
        writer_->Prepare("UPDATE resources SET name_lc = ?, external_id = ?, modified_ms = ?, "
                         "version = ?, data = ? WHERE directory_id = ? AND kind = ? AND id = ?"));
    update.Bind(indexed.name_lc);
    if (indexed.external_id) {
      update.Bind(*indexed.external_id);
    } else {
      update.BindNull();
    }
    update.Bind(current.modified_ms).Bind(current.version);
    update.Bind(boost::json::serialize(current.attributes));
    update.Bind(directory_id).Bind(KindCode(kind)).Bind(id);
    SCIMD_RETURN_IF_ERROR(NameTaken(update.Exec(), kind, current.attributes));
    SCIMD_RETURN_IF_ERROR(WriteEmails(*writer_, directory_id, id, indexed.emails_lc));
    SCIMD_RETURN_IF_ERROR(ApplyMemberChanges(*writer_, directory_id, id, context.member_changes));
    SCIMD_RETURN_IF_ERROR(
        AppendEvents(*writer_, directory_id, current.modified_ms,
                     UpdatedEvents(directory_id, before, current, context.member_changes)));
    SCIMD_RETURN_IF_ERROR(CommitForSync(txn, ticket));
    return current;
  });
}

Status SqliteStore::Delete(std::string_view directory_id, ResourceKind kind, std::string_view id) {
  return WriteDurably([&](uint64_t& ticket) -> Status {
    SCIMD_ASSIGN_OR_RETURN(Transaction txn,
                           Transaction::Begin(*writer_, Transaction::Kind::kImmediate));
    SCIMD_ASSIGN_OR_RETURN(
        Statement remove,
        writer_->Prepare("DELETE FROM resources WHERE directory_id = ? AND kind = ? AND id = ?"));
    remove.Bind(directory_id).Bind(KindCode(kind)).Bind(id);
    SCIMD_RETURN_IF_ERROR(remove.Exec());
    if (writer_->Changes() == 0) {
      return NotFound(TypeName(kind) + " " + std::string(id) + " not found");
    }
    SCIMD_RETURN_IF_ERROR(UnlinkMember(*writer_, directory_id, id, Now()));
    if (kind == ResourceKind::kGroup) {
      SCIMD_RETURN_IF_ERROR(UnlinkAllMembers(*writer_, directory_id, id));
    }
    SCIMD_RETURN_IF_ERROR(WriteEmails(*writer_, directory_id, id, {}));
    SCIMD_RETURN_IF_ERROR(
        AppendEvents(*writer_, directory_id, Now(), DeletedEvents(directory_id, kind, id)));
    return CommitForSync(txn, ticket);
  });
}

}  // namespace scimd::storage::sqlite
