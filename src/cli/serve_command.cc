#include <charconv>
#include <chrono>
#include <iostream>
#include <memory>

#include "admin/admin_api.h"
#include "admin/admin_tokens.h"
#include "api/scim_api.h"
#include "cli/commands.h"
#include "cli/serve_ops.h"
#include "events/retention.h"
#include "events/webhook_worker.h"
#include "http/server.h"
#include "ops/config_file.h"
#include "ops/json_log.h"
#include "ops/server_metrics.h"
#include "ops/timed_store.h"
#include "ops/trusted_proxies.h"
#include "storage/resource_store.h"

namespace scimd::cli {
namespace {

struct ServeFlags {
  std::string db = kDefaultDb;
  std::string listen = kDefaultListen;
  std::string admin_listen = kDefaultAdminListen;
  std::string public_url;
  // Handlers run synchronously and a durable write waits for the shared WAL
  // fsync: more threads than cores let one fsync cover more commits.
  int threads = 16;
  OpsFlags ops;  // logging, proxies, shutdown, config file
  // Input limits, applied to both listeners (see docs/security.md).
  size_t max_header_bytes = 16 * 1024;
  size_t max_body_bytes = 1024 * 1024;
  int read_timeout_s = 30;
  int idle_timeout_s = 75;
  size_t max_connections = 10000;
  // TLS per listener; empty: plain HTTP.
  std::string tls_cert;
  std::string tls_key;
  std::string admin_tls_cert;
  std::string admin_tls_key;
  // Change-feed retention per directory (docs/events.md).
  int64_t events_max_age_s = 7 * 24 * 3600;
  int64_t events_max_count = 1'000'000;
  // Webhook delivery (docs/events.md).
  int64_t webhook_retry_base_ms = 1000;
  int64_t webhook_retry_cap_ms = 300'000;
  int64_t webhook_max_failures = 10;
  int64_t webhook_timeout_ms = 10'000;
  // Request limits on the SCIM listener (docs/security.md); 0 disables one.
  double rate_limit = 200;  // requests per second per directory
  int64_t rate_burst = 400;
  int64_t auth_failure_limit = 20;  // 401s per client address per window
  int64_t auth_failure_window_s = 60;
};

void AddWebhookOptions(CLI::App& serve, ServeFlags& flags) {
  serve
      .add_option("--webhook-retry-base-ms", flags.webhook_retry_base_ms,
                  "Delay after a webhook's first failed delivery; it doubles per failure. "
                  "Env: SCIMD_WEBHOOK_RETRY_BASE_MS")
      ->envname("SCIMD_WEBHOOK_RETRY_BASE_MS")
      ->check(CLI::Range(int64_t{1}, int64_t{3'600'000}))
      ->capture_default_str();
  serve
      .add_option("--webhook-retry-cap-ms", flags.webhook_retry_cap_ms,
                  "Longest delay between webhook retries. Env: SCIMD_WEBHOOK_RETRY_CAP_MS")
      ->envname("SCIMD_WEBHOOK_RETRY_CAP_MS")
      ->check(CLI::Range(int64_t{1}, int64_t{24} * 3'600'000))
      ->capture_default_str();
  serve
      .add_option("--webhook-max-failures", flags.webhook_max_failures,
                  "Consecutive failed deliveries before a webhook is dead. "
                  "Env: SCIMD_WEBHOOK_MAX_FAILURES")
      ->envname("SCIMD_WEBHOOK_MAX_FAILURES")
      ->check(CLI::Range(int64_t{1}, int64_t{1000}))
      ->capture_default_str();
  serve
      .add_option("--webhook-timeout-ms", flags.webhook_timeout_ms,
                  "Time a webhook receiver has to answer one delivery. "
                  "Env: SCIMD_WEBHOOK_TIMEOUT_MS")
      ->envname("SCIMD_WEBHOOK_TIMEOUT_MS")
      ->check(CLI::Range(int64_t{100}, int64_t{600'000}))
      ->capture_default_str();
}

void AddRateLimitOptions(CLI::App& serve, ServeFlags& flags) {
  serve
      .add_option("--rate-limit", flags.rate_limit,
                  "SCIM requests per second each directory may make once authenticated (0.5: one "
                  "every 2 s); more get 429 with Retry-After. Per node. 0: no limit. "
                  "Env: SCIMD_RATE_LIMIT")
      ->envname("SCIMD_RATE_LIMIT")
      ->check(CLI::Range(0.0, 1'000'000.0))
      ->capture_default_str();
  serve
      .add_option("--rate-burst", flags.rate_burst,
                  "SCIM requests a directory may send at once before --rate-limit applies. "
                  "Env: SCIMD_RATE_BURST")
      ->envname("SCIMD_RATE_BURST")
      ->check(CLI::Range(int64_t{1}, int64_t{10'000'000}))
      ->capture_default_str();
  serve
      .add_option("--auth-failure-limit", flags.auth_failure_limit,
                  "Failed SCIM authentications (401) one client address may cause per "
                  "--auth-failure-window; then it gets 429 for a window. Per node. 0: no limit. "
                  "Env: SCIMD_AUTH_FAILURE_LIMIT")
      ->envname("SCIMD_AUTH_FAILURE_LIMIT")
      ->check(CLI::Range(int64_t{0}, int64_t{1'000'000}))
      ->capture_default_str();
  serve
      .add_option("--auth-failure-window", flags.auth_failure_window_s,
                  "Seconds over which --auth-failure-limit counts, and that a blocked address "
                  "waits. Env: SCIMD_AUTH_FAILURE_WINDOW")
      ->envname("SCIMD_AUTH_FAILURE_WINDOW")
      ->check(CLI::Range(int64_t{1}, int64_t{86'400}))
      ->capture_default_str();
}

// The limits for the SCIM API; the client address for the failed-
// authentication limit is the one the request log shows.
void ApplyRateLimits(const ServeFlags& flags, api::ApiOptions& options) {
  options.rate_limit = flags.rate_limit;
  options.rate_burst = flags.rate_burst;
  options.auth_failure_limit = flags.auth_failure_limit;
  options.auth_failure_window_ms = flags.auth_failure_window_s * 1000;
  // ServeOps::Start has already refused a bad list.
  Result<ops::TrustedProxies> proxies = ops::TrustedProxies::Parse(flags.ops.trusted_proxies);
  if (!proxies.ok() || proxies->empty()) return;
  options.client_address_for =
      [proxies = std::make_shared<const ops::TrustedProxies>(*std::move(proxies))](
          const http::Request& request) { return proxies->ClientAddress(request); };
}

void ApplyLimits(const ServeFlags& flags, http::ListenerOptions& options) {
  options.header_limit = flags.max_header_bytes;
  options.body_limit = flags.max_body_bytes;
  options.read_timeout = std::chrono::seconds(flags.read_timeout_s);
  options.idle_timeout = std::chrono::seconds(flags.idle_timeout_s);
  options.max_connections = flags.max_connections;
}

// "HOST:PORT" or "[V6]:PORT".
Result<http::ListenerOptions> ParseListen(const std::string& text) {
  size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon + 1 == text.size()) {
    return InvalidValue("expected HOST:PORT, got '" + text + "'");
  }
  http::ListenerOptions options;
  options.host = text.substr(0, colon);
  if (options.host.size() >= 2 && options.host.front() == '[' && options.host.back() == ']') {
    options.host = options.host.substr(1, options.host.size() - 2);
  }
  const char* begin = text.data() + colon + 1;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(begin, end, options.port);
  if (ec != std::errc() || ptr != end) return InvalidValue("bad port in '" + text + "'");
  return options;
}

std::string HostPort(const http::ListenerOptions& options, uint16_t port) {
  bool v6 = options.host.find(':') != std::string::npos;
  return (v6 ? "[" + options.host + "]" : options.host) + ":" + std::to_string(port);
}

// Start-up and shutdown lines are JSON like the request log, so one parser
// reads all of stderr. A failure names the step and exits 1.
int CannotStart(std::string_view step, const Status& status) {
  ops::Log(ops::LogLevel::kError, "cannot start", {{"step", step}, {"detail", status.detail()}});
  return 1;
}

void LogHttpError(std::string_view what, std::string_view detail) {
  ops::Log(ops::LogLevel::kError, "http", {{"what", what}, {"detail", detail}});
}

int Serve(const ServeFlags& flags) {
  http::SetErrorLog(LogHttpError);
  Result<http::ListenerOptions> scim_listen = ParseListen(flags.listen);
  if (!scim_listen.ok()) return CannotStart("--listen", scim_listen.status());
  Result<http::ListenerOptions> admin_listen = ParseListen(flags.admin_listen);
  if (!admin_listen.ok()) return CannotStart("--admin-listen", admin_listen.status());
  ApplyLimits(flags, *scim_listen);
  ApplyLimits(flags, *admin_listen);
  Result<ServeOps> ops = ServeOps::Start(flags.ops, flags.db);
  if (!ops.ok()) return CannotStart("flags", ops.status());
  scim_listen->tls_cert_file = flags.tls_cert;
  scim_listen->tls_key_file = flags.tls_key;
  admin_listen->tls_cert_file = flags.admin_tls_cert;
  admin_listen->tls_key_file = flags.admin_tls_key;
  const std::string scim_scheme = scim_listen->tls() ? "https://" : "http://";
  const std::string admin_scheme = admin_listen->tls() ? "https://" : "http://";
  const std::string db_shown = ops::MaskSecrets("db", flags.db);
  Result<std::unique_ptr<storage::ResourceStore>> opened = storage::OpenStore(flags.db);
  if (!opened.ok()) {
    return CannotStart("database", Status(opened.status().code(), "cannot open " + db_shown + ": " +
                                                                      opened.status().detail()));
  }
  // Every store call is timed for scimd_db_query_duration_seconds.
  std::unique_ptr<storage::ResourceStore> store =
      std::make_unique<ops::TimedStore>(std::move(*opened), ops::Metrics().db_duration);
  // A fresh database gets one admin token, printed once on stdout (kept out
  // of the log stream), so the console and the admin API can be used at once.
  Result<std::optional<admin::NewAdminToken>> initial = admin::EnsureInitialAdminToken(*store);
  if (!initial.ok()) return CannotStart("admin token", initial.status());
  if (*initial) std::cout << "scimd: admin token (shown once): " << (*initial)->token << "\n";
  events::RetentionOptions retention;
  retention.max_age = std::chrono::seconds(flags.events_max_age_s);
  retention.max_count = flags.events_max_count;
  events::EventPruner pruner(*store, retention);
  events::WebhookOptions webhooks;
  webhooks.retry_base = std::chrono::milliseconds(flags.webhook_retry_base_ms);
  webhooks.retry_cap = std::chrono::milliseconds(flags.webhook_retry_cap_ms);
  webhooks.max_failures = flags.webhook_max_failures;
  webhooks.timeout = std::chrono::milliseconds(flags.webhook_timeout_ms);
  events::WebhookWorker webhook_worker(*store, webhooks);
  http::Server server(std::max(1, flags.threads));
  server.SetStopDeadline(ops->shutdown_timeout());
  api::ApiOptions api_options;
  ApplyRateLimits(flags, api_options);
  // The SCIM handler must exist before Listen so it can be bound; its public
  // URL is fixed once the port is known (port 0 picks one).
  auto scim_api = std::make_unique<api::ScimApi>(*store, api_options);
  Result<uint16_t> scim_port = server.Listen(
      *scim_listen, ops->WrapScim([&](const http::Request& r) { return scim_api->Handle(r); }),
      api::ScimApi::ErrorResponse);
  if (!scim_port.ok()) return CannotStart("SCIM listener", scim_port.status());
  api_options.public_url = flags.public_url.empty()
                               ? scim_scheme + HostPort(*scim_listen, *scim_port)
                               : flags.public_url;
  api_options.public_url_for = ops->PublicUrlFor(flags.public_url);
  scim_api = std::make_unique<api::ScimApi>(*store, api_options);
  admin::AdminOptions admin_options;
  admin_options.public_url = api_options.public_url;
  admin::AdminApi admin_api(*store, admin_options);
  Result<uint16_t> admin_port = server.Listen(
      *admin_listen,
      ops->WrapAdmin([&](const http::Request& r) { return admin_api.Handle(r); }, *store),
      api::ScimApi::ErrorResponse);
  if (!admin_port.ok()) return CannotStart("admin listener", admin_port.status());
  // Signals are routed before the listening lines: a script may send SIGTERM
  // as soon as it reads them.
  server.HandleSignals();
  std::cout << std::flush;  // the admin token, before the lines scripts wait for
  ops::Announce("listening", {{"listener", "scim"},
                              {"url", scim_scheme + HostPort(*scim_listen, *scim_port)},
                              {"base_urls", api_options.public_url + "/scim/<directory-id>/v2"}});
  ops::Announce("listening", {{"listener", "admin"},
                              {"url", admin_scheme + HostPort(*admin_listen, *admin_port)}});
  ops::Announce("serving", {{"db", db_shown},
                            {"hint",
                             "add a directory with: scimd directory add --name NAME "
                             "--idp onelogin --db " +
                                 db_shown}});
  server.Run();
  ops::Announce("stopped");
  return 0;
}

void AddLimitOptions(CLI::App& serve, ServeFlags& flags) {
  serve
      .add_option("--max-header-bytes", flags.max_header_bytes,
                  "Largest request line + headers; larger gets 431 and a close. "
                  "Env: SCIMD_MAX_HEADER_BYTES")
      ->envname("SCIMD_MAX_HEADER_BYTES")
      ->check(CLI::Range(size_t{1024}, size_t{1} << 30))
      ->capture_default_str();
  serve
      .add_option("--max-body-bytes", flags.max_body_bytes,
                  "Largest request body; larger gets 413 and a close. Env: SCIMD_MAX_BODY_BYTES")
      ->envname("SCIMD_MAX_BODY_BYTES")
      ->check(CLI::Range(size_t{1024}, size_t{1} << 30))
      ->capture_default_str();
  serve
      .add_option("--read-timeout", flags.read_timeout_s,
                  "Seconds to receive one whole request (and TLS handshake) once it starts, "
                  "and to write a response; then the connection is closed. "
                  "Env: SCIMD_READ_TIMEOUT")
      ->envname("SCIMD_READ_TIMEOUT")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  serve
      .add_option("--idle-timeout", flags.idle_timeout_s,
                  "Seconds a keep-alive connection may wait for its next request. "
                  "Env: SCIMD_IDLE_TIMEOUT")
      ->envname("SCIMD_IDLE_TIMEOUT")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  serve
      .add_option("--max-connections", flags.max_connections,
                  "Open connections per listener; past it new ones are closed at once. "
                  "Env: SCIMD_MAX_CONNECTIONS")
      ->envname("SCIMD_MAX_CONNECTIONS")
      ->check(CLI::Range(size_t{1}, size_t{1000000}))
      ->capture_default_str();
}

void AddTlsOptions(CLI::App& serve, ServeFlags& flags) {
  auto* cert = serve
                   .add_option("--tls-cert", flags.tls_cert,
                               "PEM certificate chain: serve SCIM over HTTPS (TLS 1.2+). "
                               "Needs --tls-key. Env: SCIMD_TLS_CERT")
                   ->envname("SCIMD_TLS_CERT");
  auto* key = serve
                  .add_option("--tls-key", flags.tls_key,
                              "PEM private key for --tls-cert. Env: SCIMD_TLS_KEY")
                  ->envname("SCIMD_TLS_KEY");
  cert->needs(key);
  key->needs(cert);
  auto* admin_cert =
      serve
          .add_option("--admin-tls-cert", flags.admin_tls_cert,
                      "PEM certificate chain: serve the admin listener over HTTPS. May be the "
                      "same files as --tls-cert. Needs --admin-tls-key. Env: SCIMD_ADMIN_TLS_CERT")
          ->envname("SCIMD_ADMIN_TLS_CERT");
  auto* admin_key = serve
                        .add_option("--admin-tls-key", flags.admin_tls_key,
                                    "PEM private key for --admin-tls-cert. "
                                    "Env: SCIMD_ADMIN_TLS_KEY")
                        ->envname("SCIMD_ADMIN_TLS_KEY");
  admin_cert->needs(admin_key);
  admin_key->needs(admin_cert);
}

}  // namespace

void AddServeCommand(CLI::App& app, ExitCode& exit_code) {
  auto flags = std::make_shared<ServeFlags>();
  CLI::App* serve =
      app.add_subcommand("serve", "Serve SCIM 2.0 for every directory in the database");
  AddDbOption(*serve, flags->db);
  serve
      ->add_option("--listen", flags->listen,
                   "SCIM listener HOST:PORT (port 0 picks a free port). Env: SCIMD_LISTEN")
      ->envname("SCIMD_LISTEN")
      ->capture_default_str();
  serve
      ->add_option("--admin-listen", flags->admin_listen,
                   "Admin listener HOST:PORT; keep it internal. Env: SCIMD_ADMIN_LISTEN")
      ->envname("SCIMD_ADMIN_LISTEN")
      ->capture_default_str();
  serve
      ->add_option("--public-url", flags->public_url,
                   "Scheme://host[:port] the IdP reaches this server at (behind a proxy: the "
                   "proxy's URL); used in Base URLs and meta.location. Default: "
                   "http://<listen>. Env: SCIMD_PUBLIC_URL")
      ->envname("SCIMD_PUBLIC_URL");
  serve
      ->add_option("--threads", flags->threads,
                   "Worker threads serving requests. Env: SCIMD_THREADS")
      ->envname("SCIMD_THREADS")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  serve
      ->add_option("--events-max-age", flags->events_max_age_s,
                   "Seconds the change feed keeps events. Env: SCIMD_EVENTS_MAX_AGE")
      ->envname("SCIMD_EVENTS_MAX_AGE")
      ->check(CLI::Range(int64_t{1}, int64_t{10} * 365 * 24 * 3600))
      ->capture_default_str();
  serve
      ->add_option("--events-max-count", flags->events_max_count,
                   "Events the change feed keeps per directory. Env: SCIMD_EVENTS_MAX_COUNT")
      ->envname("SCIMD_EVENTS_MAX_COUNT")
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 40))
      ->capture_default_str();
  AddWebhookOptions(*serve, *flags);
  AddLimitOptions(*serve, *flags);
  AddRateLimitOptions(*serve, *flags);
  AddTlsOptions(*serve, *flags);
  AddOpsOptions(*serve, flags->ops);
  serve->callback([flags, &exit_code] { exit_code.value = Serve(*flags); });
}

}  // namespace scimd::cli
