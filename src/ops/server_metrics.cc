#include "ops/server_metrics.h"

namespace scimd::ops {

ServerMetrics::ServerMetrics()
    : requests(registry.AddCounter("scimd_http_requests_total",
                                   "HTTP requests answered, by directory, method, endpoint and "
                                   "status.",
                                   {"directory", "method", "endpoint", "status"})),
      duration(registry.AddHistogram("scimd_http_request_duration_seconds",
                                     "Time from a request read to its response built.",
                                     {"endpoint"})),
      in_flight(
          registry.AddGauge("scimd_http_in_flight_requests", "Requests being handled right now.")),
      auth_failures(registry.AddCounter("scimd_auth_failures_total",
                                        "Requests refused with 401, by listener.", {"listener"})),
      rate_limited(registry.AddCounter("scimd_rate_limited_total",
                                       "SCIM requests refused with 429 by a limit: reason rate "
                                       "(a directory's request rate) or auth (an address's "
                                       "failed authentications).",
                                       {"directory", "reason"})),
      build_info(
          registry.AddGauge("scimd_build_info", "Always 1; the version is a label.", {"version"})),
      db_duration(registry.AddHistogram("scimd_db_query_duration_seconds",
                                        "Time spent in store calls, by operation.", {"operation"})),
      db_pool(registry.AddGauge("scimd_db_pool_connections",
                                "Database connections held by the store's pool, by state "
                                "(SQLite: the reader pool; its one writer is not counted).",
                                {"state"})) {
  build_info.With({kVersion}).Set(1);
  in_flight.With({}).Set(0);
}

ServerMetrics& Metrics() {
  static ServerMetrics* metrics = new ServerMetrics();  // never destroyed: used at exit
  return *metrics;
}

void RecordPoolUsage(const storage::PoolUsage& usage) {
  ServerMetrics& metrics = Metrics();
  metrics.db_pool.With({"in_use"}).Set(usage.in_use);
  metrics.db_pool.With({"idle"}).Set(usage.idle);
}

}  // namespace scimd::ops
