// The change feed as storage records it: one EventRecord per committed
// change, appended in the transaction of the change (a transactional
// outbox), numbered per directory without gaps.
//
// Backends build events with the functions below (backend-neutral, pure) and
// append them with a per-directory counter row updated in the same
// transaction, so a sequence number is never handed out twice and a rolled
// back change leaves no event. docs/events.md describes the format.
//
// The request id and the kind of operation reach the store through a
// thread-local WriteContext (ScopedWriteContext) so the ResourceStore
// signatures stay as they are; a backend reads it on the calling thread.
#ifndef SCIMD_STORAGE_EVENT_LOG_H_
#define SCIMD_STORAGE_EVENT_LOG_H_

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scim/resource/resource.h"

namespace scimd::storage {

struct DirectoryRecord;

// One event of a directory's change feed.
struct EventRecord {
  int64_t seq = 0;      // per directory: 1, 2, 3, ... without gaps
  int64_t time_ms = 0;  // commit time of the change (Unix epoch ms)
  std::string directory_id;
  // "user.created", "user.replaced", "user.patched", "user.updated",
  // "user.deactivated", "user.reactivated", "user.deleted", the same for
  // "group.", "group.member_added", "group.member_removed",
  // "group.members_cleared", "directory.updated", "directory.settings_changed",
  // "directory.secret_rotated".
  std::string type;
  std::string resource_type;  // "User", "Group" or "Directory"
  std::string resource_id;
  // {"changed": [names], "values": {name: small scalar}, "members": [ids]};
  // keys present when they apply. Never holds a password or secret.
  boost::json::object detail;
  std::string request_id;  // "" when the change came from no request
};

// What the caller of a store write tells the event log.
struct WriteContext {
  std::string request_id;
  // "replace" (PUT) or "patch" (PATCH); "" when unknown, which names
  // updates "<type>.updated".
  std::string operation;
};

// Installs `context` for store calls made on this thread until destroyed.
// Nests: the previous context returns on destruction.
class ScopedWriteContext {
 public:
  explicit ScopedWriteContext(WriteContext context);
  ~ScopedWriteContext();
  ScopedWriteContext(const ScopedWriteContext&) = delete;
  ScopedWriteContext& operator=(const ScopedWriteContext&) = delete;

 private:
  WriteContext context_;
  const WriteContext* previous_;
};

// The context of this thread; an empty one when none is installed.
const WriteContext& CurrentWriteContext();

// Events of a created resource (its attribute names; for a group with
// members, a "group.member_added" event with their ids as well).
std::vector<EventRecord> CreatedEvents(std::string_view directory_id, const scim::Resource& created,
                                       const std::vector<std::string>& member_ids);

// Events of an update: one for the attributes that changed (deactivated /
// reactivated when `active` flipped; none when only members changed), then
// one per membership change, in order.
std::vector<EventRecord> UpdatedEvents(std::string_view directory_id, const scim::Resource& before,
                                       const scim::Resource& after,
                                       const std::vector<scim::MemberChange>& member_changes);

// Events of an Import: one "created" per resource, then one
// "group.member_added" per group that gains members (ordered by group id).
std::vector<EventRecord> ImportedEvents(
    std::string_view directory_id, const std::vector<scim::Resource>& resources,
    const std::vector<std::pair<std::string, std::string>>& memberships);

std::vector<EventRecord> DeletedEvents(std::string_view directory_id, scim::ResourceKind kind,
                                       std::string_view id);

// Events of a directory update: name/idp, settings (the keys that changed),
// secret rotation. Empty when nothing changed.
std::vector<EventRecord> DirectoryEvents(const DirectoryRecord& before,
                                         const DirectoryRecord& after);

}  // namespace scimd::storage

#endif  // SCIMD_STORAGE_EVENT_LOG_H_
