#include "cli/serve_ops.h"

#include <boost/json/serialize.hpp>

#include "ops/json_log.h"
#include "ops/observe.h"
#include "ops/readiness.h"
#include "ops/server_metrics.h"

namespace scimd::cli {
namespace {

http::Response MetricsResponse(const http::Request& request, storage::ResourceStore& store) {
  http::Response response;
  if (request.method != "GET" && request.method != "HEAD") {
    response.status = 405;
    response.SetHeader("Allow", "GET, HEAD");
    return response;
  }
  response.SetHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
  response.SetHeader("Cache-Control", "no-store");
  ops::RecordPoolUsage(store.PoolStats());
  response.body = ops::Metrics().registry.Render();
  return response;
}

http::Response NotReady(const Status& status) {
  http::Response response;
  response.status = 503;
  response.SetHeader("Content-Type", "application/json");
  response.SetHeader("Cache-Control", "no-store");
  response.body = boost::json::serialize(
      boost::json::object{{"status", "unavailable"}, {"detail", status.detail()}});
  return response;
}

std::string_view PathOf(const http::Request& request) {
  std::string_view target = request.target;
  return target.substr(0, target.find('?'));
}

}  // namespace

void AddOpsOptions(CLI::App& serve, OpsFlags& flags) {
  serve
      .add_option("--log-level", flags.log_level,
                  "JSON request log on stderr: debug, info, warn or error. Env: SCIMD_LOG_LEVEL")
      ->envname("SCIMD_LOG_LEVEL")
      ->check(CLI::IsMember({"debug", "info", "warn", "error"}))
      ->capture_default_str();
  serve
      .add_option("--trusted-proxies", flags.trusted_proxies,
                  "Comma-separated CIDRs (IPv4 or IPv6) of reverse proxies whose "
                  "X-Forwarded-For/-Proto/-Host are believed; without --public-url, "
                  "X-Forwarded-Proto and -Host shape Base URLs and meta.location. "
                  "Env: SCIMD_TRUSTED_PROXIES")
      ->envname("SCIMD_TRUSTED_PROXIES");
  serve
      .add_option("--shutdown-timeout", flags.shutdown_timeout_s,
                  "Seconds SIGTERM waits for requests in flight before exiting. "
                  "Env: SCIMD_SHUTDOWN_TIMEOUT")
      ->envname("SCIMD_SHUTDOWN_TIMEOUT")
      ->check(CLI::Range(0, 3600))
      ->capture_default_str();
  serve
      .add_option("--config", flags.config,
                  "TOML file with serve flags as keys (scimd.toml); command-line flags, then "
                  "environment variables, override it. Env: SCIMD_CONFIG")
      ->envname("SCIMD_CONFIG");
}

Result<ServeOps> ServeOps::Start(const OpsFlags& flags, std::string db_url) {
  SCIMD_ASSIGN_OR_RETURN(ops::LogLevel level, ops::ParseLogLevel(flags.log_level));
  SCIMD_ASSIGN_OR_RETURN(ops::TrustedProxies proxies,
                         ops::TrustedProxies::Parse(flags.trusted_proxies));
  ops::SetLogLevel(level);
  ServeOps out;
  out.proxies_ = std::make_shared<const ops::TrustedProxies>(std::move(proxies));
  out.db_url_ = std::move(db_url);
  out.shutdown_timeout_ = std::chrono::seconds(flags.shutdown_timeout_s);
  return out;
}

std::function<std::string(const http::Request&)> ServeOps::PublicUrlFor(
    const std::string& public_url) const {
  if (!public_url.empty() || proxies_->empty()) return nullptr;
  return [proxies = proxies_](const http::Request& request) {
    return proxies->ForwardedOrigin(request);
  };
}

http::Handler ServeOps::WrapScim(http::Handler handler) const {
  return ops::Observe(ops::ListenerKind::kScim, proxies_, std::move(handler));
}

http::Handler ServeOps::WrapAdmin(http::Handler handler, storage::ResourceStore& store) const {
  auto inner = [db_url = db_url_, handler = std::move(handler),
                &store](const http::Request& request) {
    std::string_view path = PathOf(request);
    if (path == "/metrics") return MetricsResponse(request, store);
    if (path == "/readyz") {
      Status file = ops::CheckDatabaseFile(db_url);
      if (!file.ok()) return NotReady(file);
    }
    return handler(request);
  };
  return ops::Observe(ops::ListenerKind::kAdmin, proxies_, std::move(inner));
}

}  // namespace scimd::cli
