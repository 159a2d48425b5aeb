#include <charconv>
#include <iostream>
#include <memory>

#include "admin/admin_api.h"
#include "admin/admin_tokens.h"
#include "api/scim_api.h"
#include "cli/commands.h"
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
};

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
  http::Server server(std::max(1, flags.threads));
  api::ApiOptions api_options;
  // The SCIM handler must exist before Listen so it can be bound; its public
  // URL is fixed once the port is known (port 0 picks one).
  auto scim_api = std::make_unique<api::ScimApi>(**store, api_options);
  Result<uint16_t> scim_port = server.Listen(
      *scim_listen, [&](const http::Request& r) { return scim_api->Handle(r); },
      api::ScimApi::ErrorResponse);
  if (!scim_port.ok()) {
    std::cerr << "scimd: SCIM listener: " << scim_port.status().detail() << "\n";
    return 1;
  }
  api_options.public_url = PublicUrlOr(flags.public_url, HostPort(*scim_listen, *scim_port));
  scim_api = std::make_unique<api::ScimApi>(**store, api_options);
  admin::AdminOptions admin_options;
  admin_options.public_url = api_options.public_url;
  admin::AdminApi admin_api(**store, admin_options);
  Result<uint16_t> admin_port = server.Listen(
      *admin_listen, [&](const http::Request& r) { return admin_api.Handle(r); },
      api::ScimApi::ErrorResponse);
  if (!admin_port.ok()) {
    std::cerr << "scimd: admin listener: " << admin_port.status().detail() << "\n";
    return 1;
  }
  std::cout << "scimd: SCIM listening on http://" << HostPort(*scim_listen, *scim_port)
            << " (Base URLs: " << api_options.public_url << "/scim/<directory-id>/v2)\n"
            << "scimd: admin listening on http://" << HostPort(*admin_listen, *admin_port) << "\n"
            << "scimd: database " << flags.db << "\n"
            << "scimd: add a directory with:  scimd directory add --name NAME --idp onelogin"
            << " --db " << flags.db << "\n"
            << std::flush;
  server.HandleSignals();
  server.Run();
  std::cout << "scimd: stopped\n" << std::flush;
  return 0;
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
  serve->callback([flags, &exit_code] { exit_code.value = Serve(*flags); });
}

}  // namespace scimd::cli
