#include "storage/sqlite/sqlite_reader_pool.h"

namespace scimd::storage::sqlite {

Result<ReaderPool::Lease> ReaderPool::Acquire() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!idle_.empty()) {
      std::unique_ptr<Connection> connection = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(connection));
    }
  }
  // Opening happens outside the lock: it touches the file system.
  SCIMD_ASSIGN_OR_RETURN(std::unique_ptr<Connection> connection,
                         Connection::Open(path_, Connection::Mode::kReadOnly, busy_timeout_ms_));
  return Lease(this, std::move(connection));
}

void ReaderPool::Return(std::unique_ptr<Connection> connection) {
  std::lock_guard<std::mutex> lock(mu_);
  if (idle_.size() < max_idle_) idle_.push_back(std::move(connection));
  // Otherwise it is closed here, when `connection` goes out of scope.
}

}  // namespace scimd::storage::sqlite
