// /admin/v1/directories: the same operations as `scimd directory ...`, with
// the same validation (src/directory).
#include <chrono>

#include "admin/admin_handlers.h"
#include "directory/directory.h"
#include "directory/duration.h"
#include "directory/settings.h"
#include "scim/serialize/render.h"

namespace scimd::admin {
namespace {

boost::json::value LastRequest(AdminCall& call, std::string_view directory_id) {
  Result<std::vector<storage::RequestLogEntry>> last = call.store.ListRequestLog(directory_id, 1);
  if (!last.ok() || last->empty()) return nullptr;
  const storage::RequestLogEntry& entry = last->front();
  return boost::json::object{{"time", scim::FormatTime(entry.time_ms)},
                             {"status", entry.status},
                             {"method", entry.method},
                             {"path", entry.target}};
}

boost::json::object Describe(AdminCall& call, const storage::DirectoryRecord& record) {
  return {{"id", record.id},
          {"name", record.name},
          {"idp", record.idp},
          {"base_url", directory::BaseUrl(call.options.public_url, record.id)},
          {"created", scim::FormatTime(record.created_ms)}};
}

// Counts and the last request: what the directories page shows per row.
Result<boost::json::object> Summary(AdminCall& call, const storage::DirectoryRecord& record) {
  boost::json::object out = Describe(call, record);
  SCIMD_ASSIGN_OR_RETURN(int64_t users, call.store.Count(record.id, scim::ResourceKind::kUser));
  SCIMD_ASSIGN_OR_RETURN(int64_t groups, call.store.Count(record.id, scim::ResourceKind::kGroup));
  out["users"] = users;
  out["groups"] = groups;
  out["last_request"] = LastRequest(call, record.id);
  return out;
}

std::string StringField(const boost::json::object& body, std::string_view key) {
  const boost::json::value* value = body.if_contains(key);
  return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

}  // namespace

http::Response ListDirectories(AdminCall& call) {
  Result<std::vector<storage::DirectoryRecord>> all = call.store.ListDirectories();
  if (!all.ok()) return ErrorResponse(all.status());
  boost::json::array items;
  for (const storage::DirectoryRecord& record : *all) {
    Result<boost::json::object> summary = Summary(call, record);
    if (!summary.ok()) return ErrorResponse(summary.status());
    items.push_back(std::move(*summary));
  }
  return JsonResponse(200, boost::json::object{{"directories", std::move(items)}});
}

http::Response CreateDirectory(AdminCall& call) {
  Result<boost::json::object> body = call.BodyObject();
  if (!body.ok()) return ErrorResponse(body.status());
  std::string idp = StringField(*body, "idp");
  if (idp.empty()) idp = "generic";
  Result<directory::NewDirectory> added =
      directory::AddDirectory(call.store, StringField(*body, "name"), idp, call.options.now_ms);
  if (!added.ok()) return ErrorResponse(added.status());
  // The fields of `scimd directory add --json`; the secret is never shown again.
  boost::json::object out = Describe(call, added->record);
  out["secret"] = added->secret;
  return JsonResponse(201, out);
}

http::Response ShowDirectory(AdminCall& call) {
  Result<storage::DirectoryRecord> record = call.store.GetDirectory(call.path["id"]);
  if (!record.ok()) return ErrorResponse(record.status());
  Result<boost::json::object> out = Summary(call, *record);
  if (!out.ok()) return ErrorResponse(out.status());
  // Whether the secret replaced by the last rotation still works; never its hash.
  (*out)["previous_secret_valid_until"] =
      directory::PreviousSecretValid(*record, call.options.now_ms())
          ? boost::json::value(scim::FormatTime(record->previous_secret_expires_ms))
          : boost::json::value(nullptr);
  (*out)["settings"] = directory::EffectiveSettingsJson(*record);
  (*out)["explicit_settings"] = record->settings;
  return JsonResponse(200, *out);
}

http::Response UpdateDirectory(AdminCall& call) {
  Result<boost::json::object> body = call.BodyObject();
  if (!body.ok()) return ErrorResponse(body.status());
  Result<storage::DirectoryRecord> record = call.store.GetDirectory(call.path["id"]);
  if (!record.ok()) return ErrorResponse(record.status());
  for (const auto& field : *body) {
    const std::string_view key = field.key();
    if (key == "name") {
      if (!field.value().is_string() || field.value().get_string().empty()) {
        return ErrorResponse(InvalidValue("name must be a non-empty string"));
      }
      record->name = std::string(field.value().get_string());
    } else if (key == "idp") {
      if (!field.value().is_string()) return ErrorResponse(InvalidValue("idp must be a string"));
      Status status = directory::SetSetting(*record, "idp", field.value().get_string());
      if (!status.ok()) return ErrorResponse(status);
    } else if (key == "settings") {
      if (!field.value().is_object()) {
        return ErrorResponse(InvalidValue("settings must be an object of strings"));
      }
      for (const auto& setting : field.value().get_object()) {
        if (!setting.value().is_string()) {
          return ErrorResponse(InvalidValue(std::string(setting.key()) + " must be a string"));
        }
        Status status = directory::SetSetting(*record, setting.key(), setting.value().get_string());
        if (!status.ok()) return ErrorResponse(status);
      }
    } else {
      return ErrorResponse(
          InvalidValue("unknown field '" + std::string(key) + "' (name, idp, settings)"));
    }
  }
  Status updated = call.store.UpdateDirectory(*record);
  if (!updated.ok()) return ErrorResponse(updated);
  return ShowDirectory(call);
}

namespace {

// The body is optional: none (or {}) rotates without a grace period, as the
// console's button does; {"grace": "24h"} keeps the old secret for a while.
Result<std::chrono::milliseconds> RotateGrace(const AdminCall& call) {
  if (call.request.body.empty()) return std::chrono::milliseconds(0);
  SCIMD_ASSIGN_OR_RETURN(boost::json::object body, call.BodyObject());
  std::chrono::milliseconds grace(0);
  for (const auto& field : body) {
    if (field.key() != "grace") {
      return InvalidValue("unknown field '" + std::string(field.key()) + "' (grace)");
    }
    if (!field.value().is_string()) {
      return InvalidValue("grace must be a duration string such as \"24h\"");
    }
    SCIMD_ASSIGN_OR_RETURN(grace, directory::ParseDuration(field.value().get_string()));
  }
  return grace;
}

}  // namespace

http::Response RotateDirectorySecret(AdminCall& call) {
  Result<std::chrono::milliseconds> grace = RotateGrace(call);
  if (!grace.ok()) return ErrorResponse(grace.status());
  Result<directory::RotatedSecret> rotated =
      directory::RotateSecret(call.store, call.path["id"], *grace, call.options.now_ms);
  if (!rotated.ok()) return ErrorResponse(rotated.status());
  Result<storage::DirectoryRecord> record = call.store.GetDirectory(call.path["id"]);
  if (!record.ok()) return ErrorResponse(record.status());
  boost::json::object out = Describe(call, *record);
  out["secret"] = rotated->secret;
  out["previous_secret_valid_until"] =
      rotated->previous_expires_ms != 0
          ? boost::json::value(scim::FormatTime(rotated->previous_expires_ms))
          : boost::json::value(nullptr);
  return JsonResponse(200, out);
}

http::Response RemoveDirectory(AdminCall& call) {
  Status status = call.store.DeleteDirectory(call.path["id"]);
  if (!status.ok()) return ErrorResponse(status);
  return NoContent();
}

}  // namespace scimd::admin
