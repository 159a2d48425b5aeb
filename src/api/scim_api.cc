#include "api/scim_api.h"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>
#include <exception>
#include <optional>
#include <sstream>

#include "api/bulk.h"
#include "api/call.h"
#include "api/endpoints.h"
#include "api/request_log.h"
#include "common/random.h"
#include "directory/directory.h"
#include "directory/settings.h"
#include "scim/resource/normalize.h"
#include "scim/schema/schema.h"

namespace scimd::api {
namespace {

// RFC 7644 §3.1: clients send application/scim+json; IdPs also send
// application/json. A missing Content-Type is tolerated, anything else is
// refused before the body is read.
bool IsJsonMediaType(std::string_view content_type) {
  std::string type = scim::LowerAscii(content_type.substr(0, content_type.find(';')));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  return type.empty() || type == "application/scim+json" || type == "application/json";
}

struct Target {
  std::string directory_id;
  std::vector<std::string> segments;  // after /v2
  QueryParams params;
};

// "/scim/<directory>/v2/<segments...>?<query>"
Result<Target> ParseTarget(std::string_view target) {
  auto url = boost::urls::parse_origin_form(target);
  if (!url) return BadRequest("the request target is not a valid path");
  Target parsed;
  std::vector<std::string> segments;
  for (auto segment : url->segments()) segments.push_back(segment);
  while (!segments.empty() && segments.back().empty()) segments.pop_back();
  if (segments.size() < 3 || segments[0] != "scim" || segments[2] != "v2") {
    return NotFound("no SCIM endpoint at this path; SCIM Base URLs look like /scim/<id>/v2");
  }
  parsed.directory_id = segments[1];
  parsed.segments.assign(segments.begin() + 3, segments.end());
  boost::urls::encoding_opts form_encoding(/*space_as_plus=*/true, false, false);
  for (auto param : url->params(form_encoding)) {
    parsed.params.Add(param.key, param.has_value ? param.value : "");
  }
  return parsed;
}

http::Response Dispatch(Call& call) {
  if (call.segments.empty()) return StatusResponse(NotFound("no endpoint at the Base URL itself"));
  const std::string& endpoint = call.segments[0];
  if (scim::EqualsIgnoreCase(endpoint, "Users")) {
    return HandleResources(call, scim::UserResourceType());
  }
  if (scim::EqualsIgnoreCase(endpoint, "Groups")) {
    return HandleResources(call, scim::GroupResourceType());
  }
  if (scim::EqualsIgnoreCase(endpoint, "ServiceProviderConfig") ||
      scim::EqualsIgnoreCase(endpoint, "ResourceTypes") ||
      scim::EqualsIgnoreCase(endpoint, "Schemas")) {
    return HandleDiscovery(call);
  }
  if (scim::EqualsIgnoreCase(endpoint, "Bulk")) {
    return HandleBulk(call);
  }
  return StatusResponse(NotFound("no endpoint named '" + endpoint + "'"));
}

// RFC 6585 §4: 429 with Retry-After, and the SCIM error body (RFC 7644
// §3.12) every other error carries.
http::Response TooManyRequests(std::string detail, int64_t retry_after_s, std::string_view limit) {
  http::Response response = StatusResponse({Code::kTooManyRequests, std::move(detail)});
  response.SetHeader("Retry-After", std::to_string(retry_after_s));
  response.SetHeader(kRateLimitedHeader, std::string(limit));
  return response;
}

// "200", "0.5": the rate as an operator would write it.
std::string FormatRate(double rate) {
  std::ostringstream out;
  out << rate;
  return out.str();
}

// How far a request got: which directory it reached and whether it proved
// its token. Decides what the request log keeps.
struct Outcome {
  std::optional<storage::DirectoryRecord> directory;
  bool authenticated = false;
  directory::Settings settings;
};

http::Response HandleAuthenticated(const http::Request& request, storage::ResourceStore& store,
                                   const ApiOptions& options, RateLimiter* rate_limiter,
                                   Outcome& outcome) {
  Result<Target> target = ParseTarget(request.target);
  if (!target.ok()) return StatusResponse(target.status());
  // An unknown directory answers exactly like a wrong token, so the response
  // does not reveal which directory ids exist.
  Result<storage::DirectoryRecord> directory = store.GetDirectory(target->directory_id);
  if (!directory.ok()) {
    if (directory.status().code() != Code::kNotFound) return StatusResponse(directory.status());
    return StatusResponse({Code::kUnauthorized, "a valid bearer token is required"});
  }
  outcome.directory = *directory;
  outcome.settings = directory::EffectiveSettings(*directory);
  Status auth =
      directory::Authenticate(*directory, request.Header("authorization"), options.now_ms());
  if (!auth.ok()) return StatusResponse(auth);
  outcome.authenticated = true;
  // Only after the token: a stranger's flood must not spend a directory's
  // budget (the failed-authentication limit deals with strangers).
  if (rate_limiter != nullptr) {
    RateDecision decision = rate_limiter->Acquire(outcome.directory->id);
    if (!decision.allowed) {
      return TooManyRequests("this directory sent more than its " + FormatRate(options.rate_limit) +
                                 " requests per second; retry after " +
                                 std::to_string(decision.retry_after_s) + " s",
                             decision.retry_after_s, "rate");
    }
  }
  if (!request.body.empty() && !IsJsonMediaType(request.Header("content-type"))) {
    return StatusResponse(
        {Code::kUnsupportedMediaType, "send application/scim+json or application/json"});
  }
  Call call{request,
            store,
            options,
            std::move(directory).value(),
            {},
            std::move(target->segments),
            std::move(target->params),
            outcome.settings};
  std::string public_url = options.public_url_for ? options.public_url_for(request) : "";
  call.render.base_url =
      directory::BaseUrl(public_url.empty() ? options.public_url : public_url, call.directory.id);
  return Dispatch(call);
}

// Some IdPs (OneLogin) want application/json: the directory setting swaps
// the SCIM media type on every JSON response, unless the client's Accept asks
// for application/scim+json and not application/json (RFC 9110 §12.5.1).
bool AcceptsOnlyScimJson(std::string_view accept) {
  std::string lower = scim::LowerAscii(accept);
  return lower.find("application/scim+json") != std::string::npos &&
         lower.find("application/json") == std::string::npos;
}

void ApplyContentType(const directory::Settings& settings, const http::Request& request,
                      http::Response& response) {
  if (settings.response_content_type == "application/scim+json") return;
  if (AcceptsOnlyScimJson(request.Header("accept"))) return;
  for (auto& [name, value] : response.headers) {
    if (scim::EqualsIgnoreCase(name, "content-type") && value == "application/scim+json") {
      value = settings.response_content_type;
    }
  }
}

void AppendToLog(storage::ResourceStore& store, const ApiOptions& options,
                 const http::Request& request, const http::Response& response,
                 const Outcome& outcome, std::string request_id, int64_t started_ms) {
  storage::RequestLogEntry entry;
  entry.time_ms = started_ms;
  entry.method = request.method;
  entry.target = request.target;
  entry.status = response.status;
  entry.latency_ms = std::max<int64_t>(options.now_ms() - started_ms, 0);
  entry.request_id = std::move(request_id);
  // A request that did not prove its token may come from anyone: its
  // bodies are not worth the space, nor safe to show.
  if (outcome.authenticated) {
    entry.request_body = RedactBody(request.body);
    entry.response_body = RedactBody(response.body);
  }
  // The log serves troubleshooting; losing an entry must not fail the call.
  (void)store.AppendRequestLog(outcome.directory->id, entry, options.request_log_entries);
}

}  // namespace

ScimApi::ScimApi(storage::ResourceStore& store, ApiOptions options)
    : store_(store), options_(std::move(options)) {
  if (options_.rate_limit > 0) {
    rate_limiter_ = std::make_unique<RateLimiter>(
        RateLimiterOptions{options_.rate_limit, options_.rate_burst, options_.now_ms});
  }
  if (options_.auth_failure_limit > 0) {
    auth_failure_limiter_ = std::make_unique<AuthFailureLimiter>(
        AuthFailureLimiterOptions{options_.auth_failure_limit, options_.auth_failure_window_ms,
                                  options_.auth_failure_addresses, options_.now_ms});
  }
}

http::Response ScimApi::Handle(const http::Request& request) const {
  std::string request_id = request.Header("x-request-id").empty()
                               ? NewUuid()
                               : std::string(request.Header("x-request-id").substr(0, 128));
  std::string client;
  if (auth_failure_limiter_) {
    client =
        options_.client_address_for ? options_.client_address_for(request) : request.remote_address;
    // Before the directory lookup: a blocked guesser costs no store work and
    // writes no request log entries.
    if (int64_t blocked_s = auth_failure_limiter_->BlockedFor(client); blocked_s > 0) {
      http::Response response =
          TooManyRequests("too many failed authentications from this address; retry after " +
                              std::to_string(blocked_s) + " s",
                          blocked_s, "auth");
      response.SetHeader("X-Request-Id", request_id);
      return response;
    }
  }
  const int64_t started_ms = options_.now_ms();
  Outcome outcome;
  http::Response response;
  try {
    // The change feed records which request made each write, and whether
    // it replaced (PUT) or patched (PATCH) the resource.
    storage::ScopedWriteContext write_context(
        {request_id, request.method == "PUT"     ? "replace"
                     : request.method == "PATCH" ? "patch"
                                                 : ""});
    response = HandleAuthenticated(request, store_, options_, rate_limiter_.get(), outcome);
  } catch (const std::exception& e) {
    // A bug: answer with a SCIM error rather than dropping the connection.
    response = StatusResponse(Internal(std::string("unexpected error: ") + e.what()));
  }
  if (auth_failure_limiter_ && response.status == 401) auth_failure_limiter_->RecordFailure(client);
  response.SetHeader("X-Request-Id", request_id);
  ApplyContentType(outcome.settings, request, response);
  if (outcome.directory) {
    AppendToLog(store_, options_, request, response, outcome, request_id, started_ms);
  }
  return response;
}

http::Response ScimApi::ErrorResponse(int http_status, std::string_view detail) {
  Code code = Code::kBadRequest;
  switch (http_status) {
    case 413:
      code = Code::kPayloadTooLarge;
      break;
    case 408:
    case 431:
      code = Code::kBadRequest;
      break;
    case 503:
      code = Code::kUnavailable;
      break;
    case 500:
      code = Code::kInternal;
      break;
    default:
      break;
  }
  http::Response response = StatusResponse({code, std::string(detail)});
  response.status = http_status;
  boost::json::object body = scim::RenderError({code, std::string(detail)});
  body["status"] = std::to_string(http_status);
  response.body = boost::json::serialize(body);
  return response;
}

}  // namespace scimd::api
