#include "scim/bulk/bulk_references.h"

#include <algorithm>
#include <boost/json.hpp>

#include "scim/schema/attribute.h"

namespace scimd::scim {
namespace {

void Collect(const boost::json::value& value, std::vector<std::string>& out) {
  switch (value.kind()) {
    case boost::json::kind::string:
      if (auto ref = BulkIdReference(value.get_string())) {
        if (std::find(out.begin(), out.end(), *ref) == out.end()) out.emplace_back(*ref);
      }
      return;
    case boost::json::kind::array:
      for (const auto& element : value.get_array()) Collect(element, out);
      return;
    case boost::json::kind::object:
      for (const auto& member : value.get_object()) Collect(member.value(), out);
      return;
    case boost::json::kind::null:
    case boost::json::kind::bool_:
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
    case boost::json::kind::double_:
      return;
  }
}

Status Unresolved(std::string_view bulk_id) {
  return {Code::kConflict, "bulkId '" + std::string(bulk_id) +
                               "' could not be resolved: no operation of this request created "
                               "a resource with it"};
}

Status Resolve(boost::json::value& value, const std::map<std::string, std::string>& created) {
  switch (value.kind()) {
    case boost::json::kind::string: {
      auto ref = BulkIdReference(value.get_string());
      if (!ref) return Status::Ok();
      auto it = created.find(std::string(*ref));
      if (it == created.end()) return Unresolved(*ref);
      value = it->second;
      return Status::Ok();
    }
    case boost::json::kind::array:
      for (auto& element : value.get_array()) SCIMD_RETURN_IF_ERROR(Resolve(element, created));
      return Status::Ok();
    case boost::json::kind::object:
      for (auto& member : value.get_object()) {
        SCIMD_RETURN_IF_ERROR(Resolve(member.value(), created));
      }
      return Status::Ok();
    case boost::json::kind::null:
    case boost::json::kind::bool_:
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
    case boost::json::kind::double_:
      return Status::Ok();
  }
  return Status::Ok();
}

}  // namespace

std::optional<std::string_view> BulkIdReference(std::string_view text) {
  if (text.size() <= kBulkIdPrefix.size()) return std::nullopt;
  if (!EqualsIgnoreCase(text.substr(0, kBulkIdPrefix.size()), kBulkIdPrefix)) return std::nullopt;
  return text.substr(kBulkIdPrefix.size());
}

std::vector<std::string> FindBulkIdReferences(const BulkOperation& op) {
  std::vector<std::string> references;
  if (auto ref = BulkIdReference(op.id)) references.emplace_back(*ref);
  Collect(op.data, references);
  return references;
}

Status ResolveBulkIdReferences(BulkOperation& op,
                               const std::map<std::string, std::string>& created) {
  if (auto ref = BulkIdReference(op.id)) {
    auto it = created.find(std::string(*ref));
    if (it == created.end()) return Unresolved(*ref);
    op.id = it->second;
  }
  return Resolve(op.data, created);
}

}  // namespace scimd::scim
