#include "storage/sqlite/sqlite_rows.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <string_view>
#include <system_error>

#include "scim/resource/normalize.h"
#include "scim/schema/schema.h"
#include "scim/serialize/render.h"

namespace scimd::storage::sqlite {
namespace {

// Emails addresses are matched case-insensitively by IdPs, so the lookup
// column keeps them lower-cased; duplicates would collide in the primary key.
std::vector<std::string> EmailsOf(const boost::json::object& attributes) {
  std::vector<std::string> emails;
  const boost::json::value* list = attributes.if_contains("emails");
  if (list == nullptr || !list->is_array()) return emails;
  for (const boost::json::value& email : list->get_array()) {
    if (!email.is_object()) continue;
    const boost::json::value* value = email.get_object().if_contains("value");
    if (value == nullptr || !value->is_string()) continue;
    std::string lowered = scim::LowerAscii(value->get_string());
    if (std::find(emails.begin(), emails.end(), lowered) == emails.end()) {
      emails.push_back(std::move(lowered));
    }
  }
  return emails;
}

}  // namespace

int64_t KindCode(scim::ResourceKind kind) {
  switch (kind) {
    case scim::ResourceKind::kUser:
      return 0;
    case scim::ResourceKind::kGroup:
      return 1;
  }
  return 0;
}

scim::ResourceKind KindFromCode(int64_t code) {
  return code == 1 ? scim::ResourceKind::kGroup : scim::ResourceKind::kUser;
}

Result<IndexedValues> IndexedValuesOf(scim::ResourceKind kind,
                                      const boost::json::object& attributes) {
  std::string_view name_attr;
  switch (kind) {
    case scim::ResourceKind::kUser:
      name_attr = "userName";
      break;
    case scim::ResourceKind::kGroup:
      name_attr = "displayName";
      break;
  }
  const boost::json::value* name = attributes.if_contains(name_attr);
  if (name == nullptr || !name->is_string() || name->get_string().empty()) {
    return InvalidValue(std::string(name_attr) + " is required");
  }
  IndexedValues values;
  values.name_lc = scim::LowerAscii(name->get_string());
  const boost::json::value* external_id = attributes.if_contains("externalId");
  if (external_id != nullptr && external_id->is_string()) {
    values.external_id = std::string(external_id->get_string());
  }
  values.emails_lc = EmailsOf(attributes);
  return values;
}

Result<scim::Resource> ReadResource(const Statement& stmt) {
  scim::Resource resource;
  resource.id = std::string(stmt.Text(0));
  resource.kind = KindFromCode(stmt.Int(1));
  resource.created_ms = stmt.Int(2);
  resource.modified_ms = stmt.Int(3);
  resource.version = stmt.Int(4);
  std::error_code ec;
  boost::json::value data = boost::json::parse(stmt.Text(5), ec);
  if (ec || !data.is_object()) {
    return Internal("stored attributes of " + resource.id + " are not a JSON object");
  }
  resource.attributes = std::move(data.get_object());
  return resource;
}

Result<bool> DirectoryExists(Connection& db, std::string_view directory_id) {
  SCIMD_ASSIGN_OR_RETURN(Statement stmt, db.Prepare("SELECT 1 FROM directories WHERE id = ?"));
  stmt.Bind(directory_id);
  return stmt.Step();
}

Result<bool> ResourceExists(Connection& db, std::string_view directory_id, scim::ResourceKind kind,
                            std::string_view id) {
  SCIMD_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("SELECT 1 FROM resources WHERE directory_id = ? AND kind = ? AND id = ?"));
  stmt.Bind(directory_id).Bind(KindCode(kind)).Bind(id);
  return stmt.Step();
}

Result<bool> AnyResourceExists(Connection& db, std::string_view directory_id, std::string_view id) {
  SCIMD_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("SELECT 1 FROM resources WHERE directory_id = ? AND kind IN (0, 1) AND id = ?"));
  stmt.Bind(directory_id).Bind(id);
  return stmt.Step();
}

Result<scim::Resource> LoadResource(Connection& db, std::string_view directory_id,
                                    scim::ResourceKind kind, std::string_view id) {
  SCIMD_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare(std::string("SELECT ") + kResourceColumns +
                 " FROM resources r WHERE r.directory_id = ? AND r.kind = ? AND r.id = ?"));
  stmt.Bind(directory_id).Bind(KindCode(kind)).Bind(id);
  SCIMD_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) {
    return NotFound(scim::ResourceTypeOf(kind).name + " " + std::string(id) + " not found");
  }
  return ReadResource(stmt);
}

Status WriteEmails(Connection& db, std::string_view directory_id, std::string_view resource_id,
                   const std::vector<std::string>& emails_lc) {
  SCIMD_ASSIGN_OR_RETURN(
      Statement remove,
      db.Prepare("DELETE FROM emails WHERE directory_id = ? AND resource_id = ?"));
  remove.Bind(directory_id).Bind(resource_id);
  SCIMD_RETURN_IF_ERROR(remove.Exec());
  SCIMD_ASSIGN_OR_RETURN(
      Statement insert,
      db.Prepare("INSERT INTO emails (directory_id, resource_id, value_lc) VALUES (?, ?, ?)"));
  for (const std::string& email : emails_lc) {
    insert.Reset();
    insert.Bind(directory_id).Bind(resource_id).Bind(email);
    SCIMD_RETURN_IF_ERROR(insert.Exec());
  }
  return Status::Ok();
}

boost::json::object EvaluableJson(const scim::Resource& resource) {
  boost::json::object json = resource.attributes;
  json["id"] = resource.id;
  boost::json::object meta;
  meta["resourceType"] = scim::ResourceTypeOf(resource.kind).name;
  meta["created"] = scim::FormatTime(resource.created_ms);
  meta["lastModified"] = scim::FormatTime(resource.modified_ms);
  meta["version"] = scim::VersionTag(resource.version);
  json["meta"] = std::move(meta);
  return json;
}

}  // namespace scimd::storage::sqlite
