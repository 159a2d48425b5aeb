// Group commit for the SQLite writer: many commits, one fsync of the WAL.
//
// The writer connection runs with synchronous=NORMAL, so COMMIT appends the
// transaction's frames to the <db>-wal file and returns without an fsync.
// A caller that must not acknowledge its write before it is on disk takes a
// ticket right after its COMMIT (NoteCommit, still under the writer mutex so
// tickets follow commit order), releases the writer mutex and calls
// WaitDurable(ticket). One waiter at a time becomes the syncer: it reads the
// highest ticket issued so far, fdatasyncs the WAL, then publishes that
// ticket as synced and wakes the rest. Writers keep committing while the
// fsync runs, and the next fsync covers all of them at once.
//
// Why this is as durable as synchronous=FULL: FULL writes a commit's frames
// and fsyncs the WAL before COMMIT returns. Here the frames are written
// before the ticket is taken (COMMIT returned), the syncer reads the ticket
// count before it calls fdatasync, and WaitDurable returns OK only once an
// fdatasync that started after the ticket was issued has succeeded. So every
// frame of a commit is in the file's page cache before an fdatasync starts
// that flushes it, and the caller hears OK only after that. fdatasync on any
// descriptor of a file flushes all of that file's dirty pages (Linux).
//
// What the store relies on for the descriptor: SQLite keeps the -wal file
// while any connection is open (the store's connections stay open for its
// lifetime). A checkpoint never replaces the file: a WAL reset rewrites it
// from offset 0, and journal_size_limit (unset here) would only truncate it,
// both on the same inode. A reset happens only after a checkpoint copied
// every frame into the database and synced it (SQLite syncs the WAL before
// a checkpoint and the database after it, at synchronous=NORMAL too), so
// frames overwritten by a reset are already durable in the database. With
// the default powersafe-overwrite property, appending later frames does not
// endanger frames already synced, so SQLite does not pad them.
//
// Failure: if an fdatasync fails, the kernel may already have dropped the
// dirty pages, and WAL frames are checksummed in a chain, so no later sync
// can make those commits (or any after them) safe. The failure is therefore
// sticky: every waiter whose ticket was not synced before the failure, and
// every later one, gets kUnavailable; the reason is written to stderr once.
// The process must be restarted to recover (SQLite recovers the WAL).
//
// Thread-safety: all methods may be called concurrently.
#ifndef SCIMD_STORAGE_SQLITE_WAL_SYNC_H_
#define SCIMD_STORAGE_SQLITE_WAL_SYNC_H_

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "common/status.h"

namespace scimd::storage::sqlite {

class WalSync {
 public:
  // Flushes the file to disk; kUnavailable (with the reason) when it fails.
  using SyncFn = std::function<Status()>;

  // Opens `wal_path` (which must already exist; SQLite creates it when the
  // database is put in WAL mode) and syncs it with fdatasync. kUnavailable
  // when the file cannot be opened.
  static Result<std::unique_ptr<WalSync>> Open(const std::string& wal_path);

  // Syncs with `sync` instead of a file (tests inject slow or failing syncs).
  explicit WalSync(SyncFn sync);
  ~WalSync();

  WalSync(const WalSync&) = delete;
  WalSync& operator=(const WalSync&) = delete;

  // Records that a commit's frames are in the WAL and returns its ticket
  // (1, 2, 3, ...). REQUIRES: called after COMMIT returned, in commit order
  // (the store calls it under its writer mutex).
  uint64_t NoteCommit();

  // Blocks until an fsync that started after `ticket` was issued has
  // succeeded; OK then. kUnavailable when the sync covering `ticket` failed,
  // or any sync failed before `ticket` was synced. Never times out.
  Status WaitDurable(uint64_t ticket);

  // OK until a sync fails; then that failure, for good (see above). Lets
  // readiness report a node that can no longer acknowledge writes.
  Status Failure() const;

  // Counters, for tests and diagnostics.
  uint64_t Committed() const;
  uint64_t Synced() const;
  uint64_t Syncs() const;

 private:
  SyncFn sync_;
  int fd_ = -1;  // owned when Open made this object; closed by the destructor
  mutable std::mutex mu_;
  std::condition_variable synced_cv_;
  uint64_t committed_ = 0;  // guarded by mu_: highest ticket issued
  uint64_t synced_ = 0;     // guarded by mu_: every ticket <= synced_ is on disk
  uint64_t syncs_ = 0;      // guarded by mu_: fsyncs completed, ok or not
  bool syncing_ = false;    // guarded by mu_: a waiter is in sync_ now
  Status failure_;          // guarded by mu_: the first failed sync, sticky
};

}  // namespace scimd::storage::sqlite

#endif  // SCIMD_STORAGE_SQLITE_WAL_SYNC_H_
