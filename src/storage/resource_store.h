// The storage interface: directories, users, groups and group membership.
//
// One ResourceStore serves every directory; every resource call is scoped by a
// directory id, and no call ever returns or links a resource of another
// directory. Backends: sqlite/ (embedded default), later postgres/. All
// backends pass the conformance suite in tests/storage.
//
// Failure codes (closed set):
//   kNotFound      the directory, user or group does not exist in that directory
//   kUniqueness    userName (case-insensitive) or group displayName
//                  (case-insensitive) already taken in the directory
//   kInvalidValue  a member id that is not a user or group of the directory
//   kUnavailable   the database is busy or unreachable; nothing was written
//   kInternal      anything else the database reports; nothing was written
//   any code a Mutator returns is passed through unchanged, nothing written
//
// A call that returns OK has committed; a call that fails has written nothing.
//
// Thread-safety: every method may be called concurrently from any thread.
#ifndef SCIMD_STORAGE_RESOURCE_STORE_H_
#define SCIMD_STORAGE_RESOURCE_STORE_H_

#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "common/status.h"
#include "scim/filter/ast.h"
#include "scim/path/attr_path.h"
#include "scim/resource/resource.h"
#include "scim/schema/schema.h"
#include "storage/event_log.h"
#include "storage/pool_usage.h"

namespace scimd::storage {

using scim::ResourceKind;

struct DirectoryRecord {
  std::string id;  // 12 lowercase letters and digits
  std::string name;
  std::string idp;               // onelogin | entra | okta | pingone | jumpcloud | generic
  std::string secret_hash;       // hex SHA-256 of the App secret; the secret itself is never stored
  boost::json::object settings;  // per-directory settings (see src/directory)
  int64_t created_ms = 0;
  // The secret before the last rotation with a grace period: its hash and the
  // time (ms since the epoch) it stops working. Empty hash and 0 when there is
  // none; a hash whose expiry has passed is kept until the next rotation but
  // no longer authenticates (directory::Authenticate).
  std::string previous_secret_hash;
  int64_t previous_secret_expires_ms = 0;
};

using scim::GroupRef;
using scim::Member;
using scim::MemberChange;
using scim::Resource;

// What a Mutator may read and change while the resource is locked.
class UpdateContext {
 public:
  virtual ~UpdateContext() = default;
  // All current members (O(n)); only for rare PATCH filters that cannot be
  // reduced to member ids.
  virtual Result<std::vector<Member>> Members() = 0;
  // Membership changes to apply after the mutator returns OK.
  std::vector<MemberChange> member_changes;
};

// Called with the current resource under the write lock. Changes
// `resource.attributes` in place (id, version and timestamps are the store's)
// and may queue membership changes. A non-OK return aborts the update.
using Mutator = std::function<Status(Resource& resource, UpdateContext& context)>;

struct SortSpec {
  scim::AttrPath path;
  bool descending = false;
};

// A position in the total order of a query (sort key, then id): the sort
// key value of one resource and its id. Keyset paging resumes strictly
// after (or before) a position, so a page costs O(page size) whatever its
// depth, and resources that exist throughout a walk are never skipped or
// repeated however others are inserted or deleted between pages.
struct KeysetPosition {
  // The sort key as the backend orders it: monostate when the resource has
  // no value (those sort last in both directions), else text (lower-cased
  // when the attribute is case-insensitive), an integer (timestamps in ms,
  // versions, booleans as 0/1) or a real. Backends define the value; callers
  // only hand back what a QueryResult gave them.
  using Key = std::variant<std::monostate, std::string, int64_t, double>;
  Key key;
  std::string id;

  bool operator==(const KeysetPosition&) const = default;
};

struct Query {
  const scim::filter::Node* filter = nullptr;  // nullptr: everything
  std::optional<SortSpec> sort;                // default order: created, then id
  int64_t start_index = 1;                     // 1-based, >= 1; ignored when keyset
  int64_t count = 0;                           // page size; 0 returns only the total

  // Keyset (cursor) paging instead of start_index: the page is the first
  // `count` resources after `after` (the very first ones when unset), or,
  // when `before` is set, the last `count` resources before it, still in
  // ascending query order. At most one of after/before is set.
  bool keyset = false;
  std::optional<KeysetPosition> after;
  std::optional<KeysetPosition> before;
};

struct QueryResult {
  int64_t total_results = 0;
  std::vector<Resource> resources;
  // Keyset paging only. `next`: the position of the last resource returned,
  // set when a resource follows it (always, for a page taken `before` a
  // position). `previous`: the position of the first resource returned, set
  // when the page does not start the order (a page taken `after` a position,
  // or `before` one with more resources in front of it).
  std::optional<KeysetPosition> next;
  std::optional<KeysetPosition> previous;
};

// --- SCIM request log ----------------------------------------------------
// One SCIM request as the per-directory request log keeps it, for
// troubleshooting an IdP connection. Bodies are stored already redacted
// (passwords replaced); the Authorization header is never stored.
struct RequestLogEntry {
  int64_t id = 0;             // assigned by the store; increases with each append
  int64_t time_ms = 0;        // when the request arrived (Unix epoch ms)
  std::string method;         // "GET", "POST", ...
  std::string target;         // path and query as sent
  int status = 0;             // HTTP status answered
  int64_t latency_ms = 0;     // from arrival to response produced
  std::string request_id;     // the X-Request-Id of the response
  std::string request_body;   // "" when none or not kept (failed authentication)
  std::string response_body;  // "" when none or not kept
};

// --- Admin tokens ---------------------------------------------------------
// A bearer token for the admin REST API and console. Only its SHA-256 hash is
// stored; the token itself is shown once when created.
struct AdminTokenRecord {
  std::string id;          // 12 lowercase letters and digits
  std::string name;        // a label, e.g. "console" or "initial"
  std::string token_hash;  // hex SHA-256 of the token
  int64_t created_ms = 0;
  int64_t last_used_ms = 0;  // 0: never used
};

// --- Change feed (docs/events.md) ----------------------------------------
// One page of a directory's events, oldest first.
struct EventPage {
  std::vector<EventRecord> events;
  int64_t last_seq = 0;    // the directory's newest sequence number (0: none yet)
  int64_t pruned_seq = 0;  // retention removed every event up to this number
};

// A resource as a snapshot holds it: for a group, its member ids (sorted).
struct SnapshotItem {
  Resource resource;
  std::vector<std::string> member_ids;
};

struct SnapshotPage {
  std::vector<SnapshotItem> items;  // ordered by id
  int64_t seq = 0;                  // the items reflect every event up to this number
};

// --- Webhooks (docs/events.md) ---------------------------------------------
// A subscription that pushes a directory's events to a URL. The delivery
// state lives beside it so deliveries survive restarts and move between nodes.
struct WebhookRecord {
  std::string id;  // 12 lowercase letters and digits
  std::string directory_id;
  std::string url;
  std::vector<std::string> event_types;  // empty: every type
  std::string secret;                    // the HMAC key of X-Scimd-Signature
  int64_t created_ms = 0;
  int64_t delivered_seq = 0;     // every event up to this number was acknowledged
  int64_t failures = 0;          // consecutive failed attempts
  std::string state = "active";  // "active" or "dead" (gave up after too many failures)
  int64_t next_attempt_ms = 0;
  std::string lease_owner;  // the node delivering it while lease_until_ms is ahead
  int64_t lease_until_ms = 0;
  int64_t last_status = 0;  // HTTP status of the last attempt (0: none or no response)
  std::string last_error;
};

// The outcome of one delivery round, written by the lease holder.
struct WebhookProgress {
  int64_t delivered_seq = 0;
  int64_t failures = 0;
  std::string state = "active";
  int64_t next_attempt_ms = 0;
  int64_t last_status = 0;
  std::string last_error;
};

class ResourceStore {
 public:
  ResourceStore() = default;
  ResourceStore(const ResourceStore&) = delete;
  ResourceStore& operator=(const ResourceStore&) = delete;
  virtual ~ResourceStore() = default;

  // --- Directories -------------------------------------------------------
  // kUniqueness when the id exists.
  virtual Status CreateDirectory(const DirectoryRecord& directory) = 0;
  virtual Result<DirectoryRecord> GetDirectory(std::string_view id) = 0;
  // Ordered by creation time.
  virtual Result<std::vector<DirectoryRecord>> ListDirectories() = 0;
  // Replaces name, idp, secret_hash, the previous secret's hash and expiry,
  // and settings. kNotFound when absent.
  virtual Status UpdateDirectory(const DirectoryRecord& directory) = 0;
  // Removes the directory with all its users, groups and memberships.
  virtual Status DeleteDirectory(std::string_view id) = 0;
  // Users and groups in the directory.
  virtual Result<int64_t> Count(std::string_view directory_id, ResourceKind kind) = 0;

  // --- Users and groups --------------------------------------------------
  // Inserts `resource` (caller chose its id) with version 1 and both
  // timestamps set to now; for a group, links `member_ids` (each must be a
  // user or group of the directory, else kInvalidValue). Returns the stored
  // resource.
  virtual Result<Resource> Create(std::string_view directory_id, const Resource& resource,
                                  const std::vector<std::string>& member_ids) = 0;

  virtual Result<Resource> Get(std::string_view directory_id, ResourceKind kind,
                               std::string_view id) = 0;

  // Read-modify-write under a lock that serialises writers of the same
  // resource: no lost updates. Bumps version and modified_ms. Returns the
  // stored resource after the change.
  virtual Result<Resource> Update(std::string_view directory_id, ResourceKind kind,
                                  std::string_view id, const Mutator& mutate) = 0;

  // Deletes the resource and every membership row naming it (as group or as
  // member), in one transaction. Groups that lose a member get a new version.
  virtual Status Delete(std::string_view directory_id, ResourceKind kind, std::string_view id) = 0;

  // Filter, sort and page. Index-backed for the attributes IdPs look up.
  // kInvalidFilter when the filter names what the backend cannot evaluate.
  virtual Result<QueryResult> Find(std::string_view directory_id, ResourceKind kind,
                                   const Query& query) = 0;

  // Bulk load for preloads and migrations: inserts every resource of
  // `resources` (ids chosen by the caller, users and groups mixed) with
  // version 1 and both timestamps set to now, then links each (group id,
  // member id) of `memberships`, all in ONE transaction. The rules of
  // Create apply: kUniqueness when an id (also twice within `resources`),
  // userName or group displayName is taken; kInvalidValue when a membership
  // names a group that is not a group of the directory, a member that is not
  // a user or group of it (in the store or in `resources`), or a group as
  // its own member; kNotFound when the directory does not exist. On any
  // failure nothing is written. An existing group that gains members gets a
  // new version.
  virtual Status Import(std::string_view directory_id, const std::vector<Resource>& resources,
                        const std::vector<std::pair<std::string, std::string>>& memberships) = 0;

  // Members of a group ordered by member id; kNotFound when the group does not exist.
  virtual Result<std::vector<Member>> ListMembers(std::string_view directory_id,
                                                  std::string_view group_id) = 0;

  // One page of a group's members ordered by member id: the first `limit`
  // whose id is greater than `after_id` ("" starts at the beginning), so a
  // page costs O(limit) however large the group. kNotFound when the group
  // does not exist. The default reads every member and slices (O(n));
  // backends override it.
  virtual Result<std::vector<Member>> ListMembersPage(std::string_view directory_id,
                                                      std::string_view group_id,
                                                      std::string_view after_id, int64_t limit);

  // How many direct members the group has. kNotFound when the group does not
  // exist. The default counts ListMembers (O(n)); backends override it.
  virtual Result<int64_t> CountMembers(std::string_view directory_id, std::string_view group_id);

  // Groups that directly contain `member_id`, ordered by group id.
  virtual Result<std::vector<GroupRef>> GroupsOf(std::string_view directory_id,
                                                 std::string_view member_id) = 0;

  // --- SCIM request log (bounded ring per directory) ---------------------
  // Backends override both; the defaults answer kNotImplemented so a backend
  // without a log still serves SCIM (the API ignores a failed append).
  //
  // Appends `entry` (its id is ignored and assigned) and, in the same write,
  // deletes the directory's entries older than its newest `keep`. kNotFound
  // when the directory does not exist. Removing a directory removes its log.
  virtual Status AppendRequestLog(std::string_view directory_id, const RequestLogEntry& entry,
                                  int64_t keep) {
    (void)directory_id, (void)entry, (void)keep;
    return Status(Code::kNotImplemented, "this store keeps no request log");
  }
  // The directory's newest `limit` entries, newest first. kNotFound when the
  // directory does not exist.
  virtual Result<std::vector<RequestLogEntry>> ListRequestLog(std::string_view directory_id,
                                                              int64_t limit) {
    (void)directory_id, (void)limit;
    return Status(Code::kNotImplemented, "this store keeps no request log");
  }

  // --- Admin tokens ------------------------------------------------------
  // Backends override all four; the defaults answer kNotImplemented.
  // kUniqueness when the id exists.
  virtual Status CreateAdminToken(const AdminTokenRecord& token) {
    (void)token;
    return Status(Code::kNotImplemented, "this store keeps no admin tokens");
  }
  // Every token, ordered by creation time.
  virtual Result<std::vector<AdminTokenRecord>> ListAdminTokens() {
    return Status(Code::kNotImplemented, "this store keeps no admin tokens");
  }
  // kNotFound when absent.
  virtual Status DeleteAdminToken(std::string_view id) {
    (void)id;
    return Status(Code::kNotImplemented, "this store keeps no admin tokens");
  }
  // Sets last_used_ms. kNotFound when absent.
  virtual Status TouchAdminToken(std::string_view id, int64_t used_ms) {
    (void)id, (void)used_ms;
    return Status(Code::kNotImplemented, "this store keeps no admin tokens");
  }

  // --- Change feed (additive; docs/events.md) ------------------------------
  // Every write above appends its events (event_log.h) in its own
  // transaction. Backends override these; the defaults answer
  // kNotImplemented.
  //
  // The directory's events with seq > `after_seq`, oldest first, at most
  // `limit`, with the newest and the pruned sequence numbers read in the same
  // transaction. kNotFound when the directory does not exist. A caller whose
  // `after_seq` < pruned_seq has missed events and must resynchronise.
  virtual Result<EventPage> ListEvents(std::string_view directory_id, int64_t after_seq,
                                       int64_t limit) {
    (void)directory_id, (void)after_seq, (void)limit;
    return Status(Code::kNotImplemented, "this store keeps no change feed");
  }
  // Retention: removes, in every directory, the events older than
  // `older_than_ms` (Unix epoch ms) and those beyond the newest
  // `keep_per_directory`. Returns how many were removed.
  virtual Result<int64_t> PruneEvents(int64_t older_than_ms, int64_t keep_per_directory) {
    (void)older_than_ms, (void)keep_per_directory;
    return Status(Code::kNotImplemented, "this store keeps no change feed");
  }
  // One page of every user (or group) of the directory ordered by id: the
  // first `limit` whose id is greater than `after_id`, and the sequence
  // number they are consistent with, read in one transaction. kNotFound when
  // the directory does not exist.
  virtual Result<SnapshotPage> Snapshot(std::string_view directory_id, ResourceKind kind,
                                        std::string_view after_id, int64_t limit) {
    (void)directory_id, (void)kind, (void)after_id, (void)limit;
    return Status(Code::kNotImplemented, "this store keeps no change feed");
  }

  // --- Webhooks (docs/events.md) -------------------------------------------
  // Backends override all of these; the defaults answer kNotImplemented.
  //
  // Stores a new subscription. kNotFound when the directory does not exist.
  virtual Status CreateWebhook(const WebhookRecord& webhook) {
    (void)webhook;
    return Status(Code::kNotImplemented, "this store keeps no webhooks");
  }
  // The directory's subscriptions ordered by creation. kNotFound when the
  // directory does not exist.
  virtual Result<std::vector<WebhookRecord>> ListWebhooks(std::string_view directory_id) {
    (void)directory_id;
    return Status(Code::kNotImplemented, "this store keeps no webhooks");
  }
  // kNotFound when the directory has no such subscription.
  virtual Result<WebhookRecord> GetWebhook(std::string_view directory_id, std::string_view id) {
    (void)directory_id, (void)id;
    return Status(Code::kNotImplemented, "this store keeps no webhooks");
  }
  virtual Status DeleteWebhook(std::string_view directory_id, std::string_view id) {
    (void)directory_id, (void)id;
    return Status(Code::kNotImplemented, "this store keeps no webhooks");
  }
  // Active subscriptions, in every directory, whose next attempt is due and
  // whose lease has expired at `now_ms`.
  virtual Result<std::vector<WebhookRecord>> DueWebhooks(int64_t now_ms) {
    (void)now_ms;
    return Status(Code::kNotImplemented, "this store keeps no webhooks");
  }
  // Takes the lease of subscription `id` for `owner` until `until_ms` when
  // it is active and its lease expired before `now_ms`, in one conditional
  // update, so one node at a time delivers it. Returns whether it was taken.
  virtual Result<bool> LeaseWebhook(std::string_view id, std::string_view owner, int64_t now_ms,
                                    int64_t until_ms) {
    (void)id, (void)owner, (void)now_ms, (void)until_ms;
    return Status(Code::kNotImplemented, "this store keeps no webhooks");
  }
  // Writes `progress` and releases the lease when `owner` still holds it;
  // returns whether it did (false: the lease was lost or the row deleted).
  virtual Result<bool> FinishWebhook(std::string_view id, std::string_view owner,
                                     const WebhookProgress& progress) {
    (void)id, (void)owner, (void)progress;
    return Status(Code::kNotImplemented, "this store keeps no webhooks");
  }

  // --- Monitoring ----------------------------------------------------------
  // The database connections the store holds right now. Cheap (one short
  // lock); a store without a pool answers zeros.
  virtual PoolUsage PoolStats() { return {}; }

  // OK while the store can still acknowledge durable writes; kUnavailable
  // once it has met a failure only a restart recovers from (SQLite: a failed
  // fsync of the WAL). Readiness reports it, so a load balancer moves
  // traffic away from the node. Cheap (one short lock).
  virtual Status WriteHealth() { return Status::Ok(); }
};

// Opens the store named by `url`: "sqlite:PATH" (the file and its parent
// folder are created; migrations run). kInvalidValue for an unknown scheme,
// kUnavailable when the database cannot be opened.
Result<std::unique_ptr<ResourceStore>> OpenStore(std::string_view url);

}  // namespace scimd::storage

#endif  // SCIMD_STORAGE_RESOURCE_STORE_H_
