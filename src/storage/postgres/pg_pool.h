// A bounded pool of PostgreSQL connections shared by every thread of a store.
//
// Acquire() hands out an idle connection, opens a new one while fewer than
// `max_size` exist, and otherwise waits for one to come back. A connection
// whose server link broke is closed instead of returned, so the next Acquire
// opens a fresh one.
//
// Thread-safety: Acquire and Lease destruction may run on any thread.
#ifndef SCIMD_STORAGE_POSTGRES_PG_POOL_H_
#define SCIMD_STORAGE_POSTGRES_PG_POOL_H_

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/status.h"
#include "storage/pool_usage.h"
#include "storage/postgres/pg_connection.h"

namespace scimd::storage::postgres {

class PgPool {
 public:
  // Exclusive use of one connection until destroyed.
  class Lease {
   public:
    Lease(PgPool* pool, std::unique_ptr<PgConnection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();

    PgConnection* operator->() const { return connection_.get(); }
    PgConnection& operator*() const { return *connection_; }

   private:
    PgPool* pool_;
    std::unique_ptr<PgConnection> connection_;
  };

  // Nothing is opened until the first Acquire. REQUIRES: max_size >= 1.
  PgPool(std::string conninfo, std::string schema, size_t max_size,
         std::chrono::milliseconds acquire_timeout);
  PgPool(const PgPool&) = delete;
  PgPool& operator=(const PgPool&) = delete;

  // kUnavailable when a new connection cannot be opened or none comes back
  // within the acquire timeout.
  Result<Lease> Acquire();

  size_t max_size() const { return max_size_; }
  // Connections leased or being opened now, and connections idle.
  PoolUsage Stats();

 private:
  void Release(std::unique_ptr<PgConnection> connection);

  const std::string conninfo_;
  const std::string schema_;
  const size_t max_size_;
  const std::chrono::milliseconds acquire_timeout_;

  std::mutex mu_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<PgConnection>> idle_;  // guarded by mu_
  size_t open_ = 0;                                  // guarded by mu_; idle + leased + opening
};

}  // namespace scimd::storage::postgres

#endif  // SCIMD_STORAGE_POSTGRES_PG_POOL_H_
