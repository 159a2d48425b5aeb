#include "storage/postgres/pg_pool.h"

#include <utility>

namespace scimd::storage::postgres {

PgPool::Lease::~Lease() {
  if (connection_ != nullptr) pool_->Release(std::move(connection_));
}

PgPool::PgPool(std::string conninfo, std::string schema, size_t max_size,
               std::chrono::milliseconds acquire_timeout)
    : conninfo_(std::move(conninfo)),
      schema_(std::move(schema)),
      max_size_(max_size),
      acquire_timeout_(acquire_timeout) {}

Result<PgPool::Lease> PgPool::Acquire() {
  {
    std::unique_lock<std::mutex> lock(mu_);
    bool ready = returned_.wait_for(lock, acquire_timeout_,
                                    [this] { return !idle_.empty() || open_ < max_size_; });
    if (!ready) {
      return Unavailable("all " + std::to_string(max_size_) +
                         " PostgreSQL connections stayed busy; raise ?pool= or retry");
    }
    if (!idle_.empty()) {
      std::unique_ptr<PgConnection> connection = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(connection));
    }
    ++open_;  // reserve the slot; connect without holding the lock
  }
  Result<std::unique_ptr<PgConnection>> opened = PgConnection::Open(conninfo_, schema_);
  if (!opened.ok()) {
    std::lock_guard<std::mutex> lock(mu_);
    --open_;
    returned_.notify_one();
    return opened.status();
  }
  return Lease(this, std::move(opened).value());
}

PoolUsage PgPool::Stats() {
  std::lock_guard<std::mutex> lock(mu_);
  return {static_cast<int64_t>(open_ - idle_.size()), static_cast<int64_t>(idle_.size())};
}

void PgPool::Release(std::unique_ptr<PgConnection> connection) {
  std::lock_guard<std::mutex> lock(mu_);
  if (connection->broken()) {
    --open_;
    connection.reset();  // closes the socket; the next Acquire reconnects
  } else {
    idle_.push_back(std::move(connection));
  }
  returned_.notify_one();
}

}  // namespace scimd::storage::postgres
