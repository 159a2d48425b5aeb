// The in-memory shape of a user or group between the API, src/scim and storage.
//
// `attributes` holds the client-visible attributes except `id`, `meta`,
// `members` (groups) and `groups` (users): those live in columns and tables
// and are put back by the serializer (src/scim/serialize).
#ifndef SCIMD_SCIM_RESOURCE_RESOURCE_H_
#define SCIMD_SCIM_RESOURCE_RESOURCE_H_

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "scim/schema/schema.h"

namespace scimd::scim {

struct Resource {
  ResourceKind kind = ResourceKind::kUser;
  std::string id;
  boost::json::object attributes;
  int64_t created_ms = 0;   // Unix epoch milliseconds
  int64_t modified_ms = 0;
  int64_t version = 0;      // 1 on create, +1 on every committed write (membership included)
};

struct Member {
  std::string id;
  ResourceKind kind = ResourceKind::kUser;
  std::string display;  // user: displayName, else userName; group: displayName
};

struct GroupRef {
  std::string id;
  std::string display;
};

// One step of a membership change, applied in order in the same transaction as
// the group's attribute change.
struct MemberChange {
  enum class Kind { kAdd, kRemove, kRemoveAll };
  Kind kind = Kind::kAdd;
  std::vector<std::string> ids;  // unused for kRemoveAll
};

}  // namespace scimd::scim

#endif  // SCIMD_SCIM_RESOURCE_RESOURCE_H_
