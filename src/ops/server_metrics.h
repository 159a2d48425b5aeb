// The metrics scimd exports at /metrics on the admin listener, and the
// process-wide registry holding them.
//
// Labels are bounded: `endpoint` is one of the SCIM endpoint names (never a
// resource id), `method` one of the HTTP methods, `directory` a directory id
// (or "-" when the request did not authenticate, since an unknown id answers
// 401 too), `operation` a fixed store call name, `reason` "rate" (a directory
// over its request rate) or "auth" (an address over its failed
// authentications; directory "-").
//
// Thread-safety: everything may be used from any thread.
#ifndef SCIMD_OPS_SERVER_METRICS_H_
#define SCIMD_OPS_SERVER_METRICS_H_

#include <string>
#include <string_view>

#include "ops/metrics.h"
#include "storage/pool_usage.h"

namespace scimd::ops {

struct ServerMetrics {
  Registry registry;
  Family<Counter>& requests;       // scimd_http_requests_total
  Family<Histogram>& duration;     // scimd_http_request_duration_seconds
  Family<Gauge>& in_flight;        // scimd_http_in_flight_requests
  Family<Counter>& auth_failures;  // scimd_auth_failures_total
  Family<Counter>& rate_limited;   // scimd_rate_limited_total{directory,reason}
  Family<Gauge>& build_info;       // scimd_build_info
  Family<Histogram>& db_duration;  // scimd_db_query_duration_seconds{operation}
  Family<Gauge>& db_pool;          // scimd_db_pool_connections{state="in_use|idle"}

  ServerMetrics();
};

// The process-wide instance.
ServerMetrics& Metrics();

// The version in scimd_build_info (the CMake project version).
inline constexpr char kVersion[] = "0.1.0";

// Sets scimd_db_pool_connections from a store's PoolStats(); called on each
// scrape so the gauge is current.
void RecordPoolUsage(const storage::PoolUsage& usage);

}  // namespace scimd::ops

#endif  // SCIMD_OPS_SERVER_METRICS_H_
