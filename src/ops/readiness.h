// Readiness beyond "the store answered": an SQLite database whose file or
// folder went away still answers on its open connection, yet every restart
// and every new connection would fail, so the server is not ready.
//
// Thread-safety: pure apart from a stat(2) of the file.
#ifndef SCIMD_OPS_READINESS_H_
#define SCIMD_OPS_READINESS_H_

#include <string>

#include "common/status.h"

namespace scimd::ops {

// OK for non-SQLite URLs; for "sqlite:PATH", kUnavailable when PATH is not
// a regular file that can be stat'ed.
Status CheckDatabaseFile(const std::string& db_url);

// The text after "sqlite:" (and a leading "//"), or "" for other URLs.
std::string SqlitePath(const std::string& db_url);

}  // namespace scimd::ops

#endif  // SCIMD_OPS_READINESS_H_
