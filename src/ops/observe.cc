#include "ops/observe.h"

#include <strings.h>

#include <array>
#include <chrono>

#include "ops/json_log.h"
#include "ops/server_metrics.h"

namespace scimd::ops {
namespace {

constexpr std::array<std::string_view, 7> kScimEndpoints = {
    "Users", "Groups", "Bulk", "ServiceProviderConfig", "ResourceTypes", "Schemas", ".search"};
constexpr std::array<std::string_view, 8> kMethods = {"GET",    "POST", "PUT",     "PATCH",
                                                      "DELETE", "HEAD", "OPTIONS", "TRACE"};

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash);
  }
  return out;
}

std::string ScimEndpoint(const std::vector<std::string_view>& segments) {
  if (segments.size() < 4) return "root";
  for (std::string_view known : kScimEndpoints) {
    if (IEquals(segments[3], known)) return std::string(known);
  }
  return "other";
}

std::string AdminEndpoint(std::string_view path) {
  if (path == "/metrics") return "metrics";
  if (path == "/healthz") return "healthz";
  if (path == "/readyz") return "readyz";
  if (path.starts_with("/admin/")) return "admin";
  return "console";
}

std::string_view ResponseHeader(const http::Response& response, std::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (IEquals(key, name)) return value;
  }
  return {};
}

// The limit that answered a 429 ("rate" or "auth", set by the SCIM API as
// X-Scimd-Rate-Limited), or "" for any other response. The header is
// internal: it is removed before the response leaves.
std::string TakeRateLimitReason(http::Response& response) {
  std::string reason(ResponseHeader(response, "x-scimd-rate-limited"));
  std::erase_if(response.headers,
                [](const auto& header) { return IEquals(header.first, "x-scimd-rate-limited"); });
  if (response.status != 429 || (reason != "rate" && reason != "auth")) return "";
  return reason;
}

LogLevel LevelFor(ListenerKind kind, const RequestLabels& labels, int status) {
  if (status >= 500) return LogLevel::kError;
  // Probes and scrapes arrive every few seconds: keep them out of info.
  if (kind == ListenerKind::kAdmin &&
      (labels.endpoint == "metrics" || labels.endpoint == "healthz" ||
       labels.endpoint == "readyz")) {
    return LogLevel::kDebug;
  }
  return LogLevel::kInfo;
}

}  // namespace

RequestLabels ClassifyRequest(ListenerKind kind, const http::Request& request) {
  RequestLabels labels;
  labels.method = "other";
  for (std::string_view known : kMethods) {
    if (request.method == known) labels.method = std::string(known);
  }
  std::string_view path = request.target;
  path = path.substr(0, path.find('?'));
  labels.directory = "-";
  switch (kind) {
    case ListenerKind::kScim: {
      std::vector<std::string_view> segments = Segments(path);
      if (segments.size() >= 3 && segments[0] == "scim" && segments[2] == "v2") {
        labels.directory = std::string(segments[1].substr(0, 64));
        labels.endpoint = ScimEndpoint(segments);
      } else {
        labels.endpoint = "other";
      }
      break;
    }
    case ListenerKind::kAdmin:
      labels.endpoint = AdminEndpoint(path);
      break;
  }
  return labels;
}

http::Handler Observe(ListenerKind kind, std::shared_ptr<const TrustedProxies> proxies,
                      http::Handler inner) {
  return [kind, proxies = std::move(proxies),
          inner = std::move(inner)](const http::Request& request) -> http::Response {
    ServerMetrics& metrics = Metrics();
    Gauge& in_flight = metrics.in_flight.With({});
    in_flight.Add(1);
    const auto started = std::chrono::steady_clock::now();
    http::Response response = inner(request);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    in_flight.Add(-1);

    RequestLabels labels = ClassifyRequest(kind, request);
    // An unknown directory answers 401 like a wrong token: such ids are
    // attacker-chosen, so they never become a label.
    if (response.status == 401) {
      labels.directory = "-";
      metrics.auth_failures.With({kind == ListenerKind::kScim ? "scim" : "admin"}).Add();
    }
    // A rate-limited directory has authenticated; an address blocked for its
    // failures has not, so its directory id is not a label either.
    if (std::string reason = TakeRateLimitReason(response); !reason.empty()) {
      if (reason == "auth") labels.directory = "-";
      metrics.rate_limited.With({labels.directory, reason}).Add();
    }
    metrics.requests
        .With({labels.directory, labels.method, labels.endpoint, std::to_string(response.status)})
        .Add();
    metrics.duration.With({labels.endpoint}).Observe(seconds);

    LogLevel level = LevelFor(kind, labels, response.status);
    if (LogEnabled(level)) {
      std::string_view request_id = ResponseHeader(response, "x-request-id");
      Log(level, "request",
          {{"listener", kind == ListenerKind::kScim ? "scim" : "admin"},
           {"request_id", request_id},
           {"directory", labels.directory},
           {"method", request.method},
           {"path", request.target},
           {"status", response.status},
           {"latency_ms", static_cast<double>(static_cast<int64_t>(seconds * 1e5)) / 100.0},
           {"remote", proxies ? proxies->ClientAddress(request) : request.remote_address}});
    }
    return response;
  };
}

}  // namespace scimd::ops
