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
#include "storage/resource_store.h"

namespace scimd::cli {
namespace {

struct ServeFlags {
  std::string db = kDefaultDb;
  std::string listen = kDefaultListen;
  std::string admin_listen = kDefaultAdminListen;
  std::string public_url;
  int threads = 4;
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

int Serve(const ServeFlags& flags) {
  Result<http::ListenerOptions> scim_listen = ParseListen(flags.listen);
  Result<http::ListenerOptions> admin_listen = ParseListen(flags.admin_listen);
  for (const auto* parsed : {&scim_listen, &admin_listen}) {
    if (!parsed->ok()) {
      std::cerr << "scimd: " << parsed->status().detail() << "\n";
      return 1;
    }
  }
  ApplyLimits(flags, *scim_listen);
  ApplyLimits(flags, *admin_listen);
  Result<ServeOps> ops = ServeOps::Start(flags.ops, flags.db);
  if (!ops.ok()) {
    std::cerr << "scimd: " << ops.status().detail() << "\n";
    return 1;
  }
  scim_listen->tls_cert_file = flags.tls_cert;
  scim_listen->tls_key_file = flags.tls_key;
  admin_listen->tls_cert_file = flags.admin_tls_cert;
  admin_listen->tls_key_file = flags.admin_tls_key;
  const std::string scim_scheme = scim_listen->tls() ? "https://" : "http://";
  const std::string admin_scheme = admin_listen->tls() ? "https://" : "http://";
  Result<std::unique_ptr<storage::ResourceStore>> store = storage::OpenStore(flags.db);
  if (!store.ok()) {
    std::cerr << "scimd: cannot open " << flags.db << ": " << store.status().detail() << "\n";
    return 1;
  }
  // A fresh database gets one admin token, printed once, so the console and
  // the admin API can be used at once.
  Result<std::optional<admin::NewAdminToken>> initial = admin::EnsureInitialAdminToken(**store);
  if (!initial.ok()) {
    std::cerr << "scimd: admin token: " << initial.status().detail() << "\n";
    return 1;
  }
  if (*initial) std::cout << "scimd: admin token (shown once): " << (*initial)->token << "\n";
  events::RetentionOptions retention;
  retention.max_age = std::chrono::seconds(flags.events_max_age_s);
  retention.max_count = flags.events_max_count;
  events::EventPruner pruner(**store, retention);
  events::WebhookOptions webhooks;
  webhooks.retry_base = std::chrono::milliseconds(flags.webhook_retry_base_ms);
  webhooks.retry_cap = std::chrono::milliseconds(flags.webhook_retry_cap_ms);
  webhooks.max_failures = flags.webhook_max_failures;
  webhooks.timeout = std::chrono::milliseconds(flags.webhook_timeout_ms);
  events::WebhookWorker webhook_worker(**store, webhooks);
  http::Server server(std::max(1, flags.threads));
  server.SetStopDeadline(ops->shutdown_timeout());
  api::ApiOptions api_options;
  // The SCIM handler must exist before Listen so it can be bound; its public
  // URL is fixed once the port is known (port 0 picks one).
  auto scim_api = std::make_unique<api::ScimApi>(**store, api_options);
  Result<uint16_t> scim_port = server.Listen(
      *scim_listen, ops->WrapScim([&](const http::Request& r) { return scim_api->Handle(r); }),
      api::ScimApi::ErrorResponse);
  if (!scim_port.ok()) {
    std::cerr << "scimd: SCIM listener: " << scim_port.status().detail() << "\n";
    return 1;
  }
  api_options.public_url = flags.public_url.empty()
                               ? scim_scheme + HostPort(*scim_listen, *scim_port)
                               : flags.public_url;
  api_options.public_url_for = ops->PublicUrlFor(flags.public_url);
  scim_api = std::make_unique<api::ScimApi>(**store, api_options);
  admin::AdminOptions admin_options;
  admin_options.public_url = api_options.public_url;
  admin::AdminApi admin_api(**store, admin_options);
  Result<uint16_t> admin_port = server.Listen(
      *admin_listen, ops->WrapAdmin([&](const http::Request& r) { return admin_api.Handle(r); }),
      api::ScimApi::ErrorResponse);
  if (!admin_port.ok()) {
    std::cerr << "scimd: admin listener: " << admin_port.status().detail() << "\n";
    return 1;
  }
  std::cout << "scimd: SCIM listening on " << scim_scheme << HostPort(*scim_listen, *scim_port)
            << " (Base URLs: " << api_options.public_url << "/scim/<directory-id>/v2)\n"
            << "scimd: admin listening on " << admin_scheme << HostPort(*admin_listen, *admin_port)
            << "\n"
            << "scimd: database " << flags.db << "\n"
            << "scimd: add a directory with:  scimd directory add --name NAME --idp onelogin"
            << " --db " << flags.db << "\n"
            << std::flush;
  server.HandleSignals();
  server.Run();
  std::cout << "scimd: stopped\n" << std::flush;
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
  AddTlsOptions(*serve, *flags);
  AddOpsOptions(*serve, flags->ops);
  serve->callback([flags, &exit_code] { exit_code.value = Serve(*flags); });
}

}  // namespace scimd::cli
