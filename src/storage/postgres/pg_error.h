// The one place where libpq failures become a Status.
//
//   23505 unique_violation                      -> kUniqueness
//   40001 serialization_failure, 40P01 deadlock -> kUnavailable, retryable
//                                                  (the store retries the
//                                                  whole transaction first)
//   class 08 (connection exception), 57P01-03
//   (shutdown), 53300 (too many connections),
//   55P03 (lock not available), no SQLSTATE
//   with the connection gone                    -> kUnavailable, connection
//   everything else                             -> kInternal
//
// The detail reads "<context>: <server message> (SQLSTATE xxxxx)".
//
// Thread-safety: pure; `conn` must not be used concurrently while its message
// is read.
#ifndef SCIMD_STORAGE_POSTGRES_PG_ERROR_H_
#define SCIMD_STORAGE_POSTGRES_PG_ERROR_H_

#include <string>
#include <string_view>

#include "common/status.h"

struct pg_conn;
struct pg_result;

namespace scimd::storage::postgres {

// How a failure may be handled beyond its Status code.
enum class PgFailure {
  kUniqueness,   // a unique index refused the row
  kRetry,        // serialization failure or deadlock: nothing committed, run again
  kConnection,   // the connection is unusable; drop it
  kUnavailable,  // transient server condition; not retried here
  kOther,        // anything else
};

// Classifies a five-character SQLSTATE ("" when the server sent none).
PgFailure ClassifySqlState(std::string_view sqlstate);

// The Status code for a classified failure.
Code CodeOf(PgFailure failure);

// A failed command. `result` may be nullptr (libpq could not even send it);
// `conn` gives the message then. `failure`, when not nullptr, receives the
// classification (kConnection whenever the connection has gone bad, whatever
// the SQLSTATE).
Status PgError(std::string_view context, const pg_result* result, const pg_conn* conn,
               PgFailure* failure = nullptr);

// The constraint a failed command violated ("" when none), e.g. "resources_name".
std::string ViolatedConstraint(const pg_result* result);

}  // namespace scimd::storage::postgres

#endif  // SCIMD_STORAGE_POSTGRES_PG_ERROR_H_
