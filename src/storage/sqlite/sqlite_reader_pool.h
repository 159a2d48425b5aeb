// A pool of read-only connections to one database file.
//
// In WAL mode readers never block each other or the writer, so each thread
// that reads borrows its own connection. Connections are opened on demand
// and at most `max_idle` are kept between uses (the rest are closed).
//
// Thread-safety: Acquire() may be called from any thread; a Lease is used by
// one thread and must not outlive the pool.
#ifndef SCIMD_STORAGE_SQLITE_SQLITE_READER_POOL_H_
#define SCIMD_STORAGE_SQLITE_SQLITE_READER_POOL_H_

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/status.h"
#include "storage/pool_usage.h"
#include "storage/sqlite/sqlite_connection.h"

namespace scimd::storage::sqlite {

class ReaderPool {
 public:
  class Lease {
   public:
    Lease(ReaderPool* pool, std::unique_ptr<Connection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (connection_ != nullptr) pool_->Return(std::move(connection_));
    }
    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_.get(); }

   private:
    ReaderPool* pool_;
    std::unique_ptr<Connection> connection_;
  };

  ReaderPool(std::string path, int busy_timeout_ms, size_t max_idle)
      : path_(std::move(path)), busy_timeout_ms_(busy_timeout_ms), max_idle_(max_idle) {}

  // An idle connection, or a new one. kUnavailable when it cannot be opened.
  Result<Lease> Acquire();
  // Connections leased now and connections kept idle.
  PoolUsage Stats();

 private:
  void Return(std::unique_ptr<Connection> connection);

  const std::string path_;
  const int busy_timeout_ms_;
  const size_t max_idle_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mu_
  size_t leased_ = 0;                              // guarded by mu_
};

}  // namespace scimd::storage::sqlite

#endif  // SCIMD_STORAGE_SQLITE_SQLITE_READER_POOL_H_
