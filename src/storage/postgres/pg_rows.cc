#include "storage/postgres/pg_rows.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <system_error>

#include "scim/schema/schema.h"

namespace scimd::storage::postgres {

// Rewrites a unique violation into what the client knows: the naming
// attribute (resources_name) or the id (the primary key).
Status Taken(Status status, const PgConnection& db, const scim::Resource& resource) {
  if (status.code() != Code::kUniqueness) return status;
  if (db.last_constraint() != "resources_name") {
    return Uniqueness("id " + resource.id + " already exists in this directory");
  }
  std::string attr;
  switch (resource.kind) {
    case scim::ResourceKind::kUser:
      attr = "userName";
      break;
    case scim::ResourceKind::kGroup:
      attr = "displayName";
      break;
  }
  std::string value;
  if (const boost::json::value* v = resource.attributes.if_contains(attr); v && v->is_string()) {
    value = std::string(v->get_string());
  }
  return Uniqueness(attr + " \"" + value + "\" is already in use in this directory");
}

int64_t KindCode(scim::ResourceKind kind) {
  switch (kind) {
    case scim::ResourceKind::kUser:
      return 0;
    case scim::ResourceKind::kGroup:
      return 1;
  }
  return 0;
}

Result<scim::Resource> ReadResource(const PgResult& result, int row) {
  scim::Resource resource;
  resource.id = std::string(result.Text(row, 0));
  resource.kind = result.Int(row, 1) == 1 ? scim::ResourceKind::kGroup : scim::ResourceKind::kUser;
  resource.created_ms = result.Int(row, 2);
  resource.modified_ms = result.Int(row, 3);
  resource.version = result.Int(row, 4);
  std::error_code ec;
  boost::json::value data = boost::json::parse(result.Text(row, 5), ec);
  if (ec || !data.is_object()) {
    return Internal("stored attributes of " + resource.id + " are not a JSON object");
  }
  resource.attributes = std::move(data.get_object());
  return resource;
}

Result<bool> DirectoryExists(PgConnection& db, std::string_view directory_id) {
  SCIMD_ASSIGN_OR_RETURN(PgResult result, db.ExecPrepared("SELECT 1 FROM directories WHERE id = $1",
                                                          PgParams().Add(directory_id)));
  return result.Rows() > 0;
}

Result<bool> ResourceExists(PgConnection& db, std::string_view directory_id,
                            scim::ResourceKind kind, std::string_view id) {
  SCIMD_ASSIGN_OR_RETURN(
      PgResult result,
      db.ExecPrepared("SELECT 1 FROM resources WHERE directory_id = $1 AND kind = $2 AND id = $3",
                      PgParams().Add(directory_id).Add(KindCode(kind)).Add(id)));
  return result.Rows() > 0;
}

Result<bool> AnyResourceExists(PgConnection& db, std::string_view directory_id,
                               std::string_view id) {
  SCIMD_ASSIGN_OR_RETURN(
      PgResult result,
      db.ExecPrepared(
          "SELECT 1 FROM resources WHERE directory_id = $1 AND kind IN (0, 1) AND id = $2",
          PgParams().Add(directory_id).Add(id)));
  return result.Rows() > 0;
}

Result<scim::Resource> LoadResource(PgConnection& db, std::string_view directory_id,
                                    scim::ResourceKind kind, std::string_view id, bool for_update) {
  std::string sql = std::string("SELECT ") + kResourceColumns +
                    " FROM resources r WHERE r.directory_id = $1 AND r.kind = $2 AND r.id = $3";
  if (for_update) sql += " FOR UPDATE";
  SCIMD_ASSIGN_OR_RETURN(
      PgResult result,
      db.ExecPrepared(sql, PgParams().Add(directory_id).Add(KindCode(kind)).Add(id)));
  if (result.Rows() == 0) {
    return NotFound(scim::ResourceTypeOf(kind).name + " " + std::string(id) + " not found");
  }
  return ReadResource(result, 0);
}

Status WriteEmails(PgConnection& db, std::string_view directory_id, std::string_view resource_id,
                   const std::vector<std::string>& emails_lc) {
  SCIMD_ASSIGN_OR_RETURN(
      PgResult removed,
      db.ExecPrepared("DELETE FROM emails WHERE directory_id = $1 AND resource_id = $2",
                      PgParams().Add(directory_id).Add(resource_id)));
  for (const std::string& email : emails_lc) {
    SCIMD_ASSIGN_OR_RETURN(
        PgResult inserted,
        db.ExecPrepared("INSERT INTO emails (directory_id, resource_id, value_lc) "
                        "VALUES ($1, $2, $3)",
                        PgParams().Add(directory_id).Add(resource_id).Add(email)));
  }
  return Status::Ok();
}

Status InsertResource(PgConnection& db, std::string_view directory_id, const scim::Resource& stored,
                      const sqlite::IndexedValues& indexed) {
  // Membership rows name ids without a kind, so an id is unique across both.
  SCIMD_ASSIGN_OR_RETURN(bool id_taken, AnyResourceExists(db, directory_id, stored.id));
  if (id_taken) return Uniqueness("id " + stored.id + " already exists in this directory");
  Result<PgResult> inserted = db.ExecPrepared(
      "INSERT INTO resources (directory_id, kind, id, name_lc, external_id, created_ms, "
      "modified_ms, version, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
      PgParams()
          .Add(directory_id)
          .Add(KindCode(stored.kind))
          .Add(stored.id)
          .Add(indexed.name_lc)
          .Add(indexed.external_id)
          .Add(stored.created_ms)
          .Add(stored.modified_ms)
          .Add(stored.version)
          .Add(boost::json::serialize(stored.attributes)));
  if (!inserted.ok()) return Taken(inserted.status(), db, stored);
  return WriteEmails(db, directory_id, stored.id, indexed.emails_lc);
}

}  // namespace scimd::storage::postgres
