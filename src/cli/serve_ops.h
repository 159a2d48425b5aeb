// The operational side of `scimd serve`: the flags (--log-level,
// --trusted-proxies, --shutdown-timeout, --config), and the wrappers that give
// each listener its metrics, JSON request log, /metrics and the database-file
// readiness check.
#ifndef SCIMD_CLI_SERVE_OPS_H_
#define SCIMD_CLI_SERVE_OPS_H_

#include <CLI/CLI.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "common/status.h"
#include "http/message.h"
#include "ops/trusted_proxies.h"
#include "storage/resource_store.h"

namespace scimd::cli {

struct OpsFlags {
  std::string log_level = "info";
  std::string trusted_proxies;  // comma-separated CIDRs
  int shutdown_timeout_s = 10;
  std::string config;  // read before parsing (config_command.cc); kept for --help
};

void AddOpsOptions(CLI::App& serve, OpsFlags& flags);

class ServeOps {
 public:
  // Validates the flags and sets the log level. kInvalidValue on a bad level
  // or proxy list.
  static Result<ServeOps> Start(const OpsFlags& flags, std::string db_url);

  std::chrono::milliseconds shutdown_timeout() const { return shutdown_timeout_; }

  // Per-request public URL from a trusted proxy's X-Forwarded-Proto/Host;
  // null when `public_url` is set (it always wins) or no proxy is trusted.
  std::function<std::string(const http::Request&)> PublicUrlFor(
      const std::string& public_url) const;

  http::Handler WrapScim(http::Handler handler) const;
  // Adds /metrics (with `store`'s connection pool, read at each scrape) and
  // makes /readyz answer 503 when the SQLite file is gone. `store` must
  // outlive the handler.
  http::Handler WrapAdmin(http::Handler handler, storage::ResourceStore& store) const;

 private:
  std::shared_ptr<const ops::TrustedProxies> proxies_;
  std::string db_url_;
  std::chrono::milliseconds shutdown_timeout_{10000};
};

}  // namespace scimd::cli

#endif  // SCIMD_CLI_SERVE_OPS_H_
