#include "storage/sqlite/sqlite_reader_pool.h"

namespace scimd::storage::sqlite {

Result<ReaderPool::Lease> ReaderPool::Acquire() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!idle_.empty()) {
      std::unique_ptr<Connection> connection = std::move(idle_.back());
      idle_.pop_back();
      ++leased_;
      return Lease(this, std::move(connection));
    }
  }
  // Opening happens outside the lock: it touches the file system.
  SCIMD_ASSIGN_OR_RETURN(std::unique_ptr<Connection> connection,
                         Connection::Open(path_, Connection::Mode::kReadOnly, busy_timeout_ms_));
  std::lock_guard<std::mutex> lock(mu_);
  ++leased_;
  return Lease(this, std::move(connection));
}

PoolUsage ReaderPool::Stats() {
  std::lock_guard<std::mutex> lock(mu_);
  return {static_cast<int64_t>(leased_), static_cast<int64_t>(idle_.size())};
}

void ReaderPool::Return(std::unique_ptr<Connection> connection) {
  std::lock_guard<std::mutex> lock(mu_);
  --leased_;
  if (idle_.size() < max_idle_) idle_.push_back(std::move(connection));
  // Otherwise it is closed here, when `connection` goes out of scope.
}

}  // namespace scimd::storage::sqlite
