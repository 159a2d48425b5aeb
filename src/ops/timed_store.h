// A ResourceStore that forwards every call to another store and records how
// long it took in scimd_db_query_duration_seconds{operation="<method>"}: the
// operation label is the ResourceStore method name, a fixed set. Failed calls
// count too: a slow timeout is what an operator needs to see.
//
// Storage stays free of metrics; serve wraps the store it opened.
//
// Thread-safety: as the wrapped store (every method may be called
// concurrently).
#ifndef SCIMD_OPS_TIMED_STORE_H_
#define SCIMD_OPS_TIMED_STORE_H_

#include <chrono>
#include <memory>
#include <string_view>

#include "ops/metrics.h"
#include "storage/resource_store.h"

namespace scimd::ops {

class TimedStore final : public storage::ResourceStore {
 public:
  // Records into `duration` (labels: {"operation"}), which must outlive this.
  TimedStore(std::unique_ptr<storage::ResourceStore> inner, Family<Histogram>& duration)
      : inner_(std::move(inner)), duration_(duration) {}

  Status CreateDirectory(const storage::DirectoryRecord& directory) override;
  Result<storage::DirectoryRecord> GetDirectory(std::string_view id) override;
  Result<std::vector<storage::DirectoryRecord>> ListDirectories() override;
  Status UpdateDirectory(const storage::DirectoryRecord& directory) override;
  Status DeleteDirectory(std::string_view id) override;
  Result<int64_t> Count(std::string_view directory_id, storage::ResourceKind kind) override;
  Result<storage::Resource> Create(std::string_view directory_id, const storage::Resource& resource,
                                   const std::vector<std::string>& member_ids) override;
  Result<storage::Resource> Get(std::string_view directory_id, storage::ResourceKind kind,
                                std::string_view id) override;
  Result<storage::Resource> Update(std::string_view directory_id, storage::ResourceKind kind,
                                   std::string_view id, const storage::Mutator& mutate) override;
  Status Delete(std::string_view directory_id, storage::ResourceKind kind,
                std::string_view id) override;
  Result<storage::QueryResult> Find(std::string_view directory_id, storage::ResourceKind kind,
                                    const storage::Query& query) override;
  Status Import(std::string_view directory_id, const std::vector<storage::Resource>& resources,
                const std::vector<std::pair<std::string, std::string>>& memberships) override;
  Result<std::vector<storage::Member>> ListMembers(std::string_view directory_id,
                                                   std::string_view group_id) override;
  Result<std::vector<storage::Member>> ListMembersPage(std::string_view directory_id,
                                                       std::string_view group_id,
                                                       std::string_view after_id,
                                                       int64_t limit) override;
  Result<int64_t> CountMembers(std::string_view directory_id, std::string_view group_id) override;
  Result<std::vector<storage::GroupRef>> GroupsOf(std::string_view directory_id,
                                                  std::string_view member_id) override;
  Status AppendRequestLog(std::string_view directory_id, const storage::RequestLogEntry& entry,
                          int64_t keep) override;
  Result<std::vector<storage::RequestLogEntry>> ListRequestLog(std::string_view directory_id,
                                                               int64_t limit) override;
  Status CreateAdminToken(const storage::AdminTokenRecord& token) override;
  Result<std::vector<storage::AdminTokenRecord>> ListAdminTokens() override;
  Status DeleteAdminToken(std::string_view id) override;
  Status TouchAdminToken(std::string_view id, int64_t used_ms) override;
  Result<storage::EventPage> ListEvents(std::string_view directory_id, int64_t after_seq,
                                        int64_t limit) override;
  Result<int64_t> PruneEvents(int64_t older_than_ms, int64_t keep_per_directory) override;
  Result<storage::SnapshotPage> Snapshot(std::string_view directory_id, storage::ResourceKind kind,
                                         std::string_view after_id, int64_t limit) override;
  Status CreateWebhook(const storage::WebhookRecord& webhook) override;
  Result<std::vector<storage::WebhookRecord>> ListWebhooks(std::string_view directory_id) override;
  Result<storage::WebhookRecord> GetWebhook(std::string_view directory_id,
                                            std::string_view id) override;
  Status DeleteWebhook(std::string_view directory_id, std::string_view id) override;
  Result<std::vector<storage::WebhookRecord>> DueWebhooks(int64_t now_ms) override;
  Result<bool> LeaseWebhook(std::string_view id, std::string_view owner, int64_t now_ms,
                            int64_t until_ms) override;
  Result<bool> FinishWebhook(std::string_view id, std::string_view owner,
                             const storage::WebhookProgress& progress) override;
  // Not timed: it reads two counters, and /metrics calls it on every scrape.
  storage::PoolUsage PoolStats() override { return inner_->PoolStats(); }
  Status WriteHealth() override { return inner_->WriteHealth(); }

 private:
  // Runs `call` and records its duration under `operation`.
  template <class Call>
  auto Timed(std::string_view operation, Call&& call) {
    auto start = std::chrono::steady_clock::now();
    auto result = call();
    duration_.With({std::string(operation)})
        .Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    return result;
  }

  const std::unique_ptr<storage::ResourceStore> inner_;
  Family<Histogram>& duration_;
};

}  // namespace scimd::ops

#endif  // SCIMD_OPS_TIMED_STORE_H_
