#include "storage/sqlite/wal_sync.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <utility>

namespace scimd::storage::sqlite {
namespace {

Status PosixError(const std::string& context, int error) {
  return Unavailable(context + ": " + std::strerror(error));
}

}  // namespace

Result<std::unique_ptr<WalSync>> WalSync::Open(const std::string& wal_path) {
  // Read-only is enough: on Linux fdatasync flushes the file whatever the
  // descriptor's access mode, and this descriptor must never write.
  int fd = ::open(wal_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return PosixError("opening " + wal_path, errno);
  auto wal_sync = std::make_unique<WalSync>([fd, wal_path]() -> Status {
    int rc;
    do {
      rc = ::fdatasync(fd);
    } while (rc != 0 && errno == EINTR);
    if (rc != 0) return PosixError("fdatasync of " + wal_path, errno);
    return Status::Ok();
  });
  wal_sync->fd_ = fd;
  return wal_sync;
}

WalSync::WalSync(SyncFn sync) : sync_(std::move(sync)) {}

WalSync::~WalSync() {
  if (fd_ >= 0) ::close(fd_);
}

uint64_t WalSync::NoteCommit() {
  std::lock_guard<std::mutex> lock(mu_);
  return ++committed_;
}

Status WalSync::WaitDurable(uint64_t ticket) {
  std::unique_lock<std::mutex> lock(mu_);
  while (synced_ < ticket) {
    if (!failure_.ok()) return failure_;
    if (syncing_) {
      synced_cv_.wait(lock);
      continue;
    }
    // This waiter syncs for everyone. The target is read before the fsync
    // starts, so it covers only commits whose frames are already written.
    syncing_ = true;
    const uint64_t target = committed_;
    lock.unlock();
    Status status = sync_();
    lock.lock();
    syncing_ = false;
    ++syncs_;
    if (status.ok()) {
      synced_ = std::max(synced_, target);
    } else if (failure_.ok()) {
      failure_ = Unavailable("the write-ahead log could not be synced to disk (" + status.detail() +
                             "); no write is acknowledged until restart");
      std::cerr << "scimd: sqlite: " << failure_.detail() << "\n";
    }
    synced_cv_.notify_all();
  }
  return Status::Ok();
}

uint64_t WalSync::Committed() const {
  std::lock_guard<std::mutex> lock(mu_);
  return committed_;
}

uint64_t WalSync::Synced() const {
  std::lock_guard<std::mutex> lock(mu_);
  return synced_;
}

Status WalSync::Failure() const {
  std::lock_guard<std::mutex> lock(mu_);
  return failure_;
}

uint64_t WalSync::Syncs() const {
  std::lock_guard<std::mutex> lock(mu_);
  return syncs_;
}

}  // namespace scimd::storage::sqlite
