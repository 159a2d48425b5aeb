// The outgoing HTTP client on Beast. Each step is an async operation on a
// private io_context run until it completes, so the one deadline of
// beast::tcp_stream bounds the whole exchange without threads.
#include "http/client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <charconv>
#include <optional>

namespace scimd::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

// Runs `ioc` until the started operation reports, then returns its error.
beast::error_code RunOne(asio::io_context& ioc, std::optional<beast::error_code>& done) {
  ioc.restart();
  while (!done && ioc.run_one() > 0) {
  }
  return done.value_or(asio::error::operation_aborted);
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

Result<ParsedUrl> ParseHttpUrl(std::string_view url) {
  constexpr std::string_view kScheme = "http://";
  if (url.size() < kScheme.size() || Lower(url.substr(0, kScheme.size())) != kScheme) {
    return InvalidValue("only http:// URLs are supported: " + std::string(url));
  }
  std::string_view rest = url.substr(kScheme.size());
  ParsedUrl parsed;
  const size_t slash = rest.find('/');
  if (slash != std::string_view::npos) {
    parsed.target = std::string(rest.substr(slash));
    rest = rest.substr(0, slash);
  }
  const size_t colon = rest.rfind(':');
  if (colon != std::string_view::npos && rest.find(']', colon) == std::string_view::npos) {
    std::string_view port = rest.substr(colon + 1);
    unsigned value = 0;
    auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || ptr != port.data() + port.size() || value == 0 || value > 65535) {
      return InvalidValue("bad port in URL: " + std::string(url));
    }
    parsed.port = static_cast<uint16_t>(value);
    rest = rest.substr(0, colon);
  }
  if (rest.size() >= 2 && rest.front() == '[' && rest.back() == ']') {
    rest = rest.substr(1, rest.size() - 2);
  }
  if (rest.empty()) return InvalidValue("no host in URL: " + std::string(url));
  parsed.host = std::string(rest);
  return parsed;
}

Result<ClientResponse> Post(const std::string& url,
                            const std::vector<std::pair<std::string, std::string>>& headers,
                            std::string_view body, std::chrono::milliseconds timeout) {
  SCIMD_ASSIGN_OR_RETURN(ParsedUrl parsed, ParseHttpUrl(url));
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  auto fail = [&](std::string_view step, const beast::error_code& ec) {
    return Unavailable(std::string(step) + " " + url + ": " +
                       (ec == beast::error::timeout ? std::string("timed out") : ec.message()));
  };
  beast::error_code ec;
  tcp::resolver resolver(ioc);
  auto endpoints = resolver.resolve(parsed.host, std::to_string(parsed.port), ec);
  if (ec) return fail("resolving", ec);

  stream.expires_after(timeout);
  std::optional<beast::error_code> done;
  stream.async_connect(endpoints, [&](beast::error_code e, const tcp::endpoint&) { done = e; });
  if (ec = RunOne(ioc, done); ec) return fail("connecting to", ec);

  bhttp::request<bhttp::string_body> request{bhttp::verb::post, parsed.target, 11};
  request.set(bhttp::field::host, parsed.host + ":" + std::to_string(parsed.port));
  request.set(bhttp::field::connection, "close");
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = std::string(body);
  request.prepare_payload();
  done.reset();
  bhttp::async_write(stream, request, [&](beast::error_code e, size_t) { done = e; });
  if (ec = RunOne(ioc, done); ec) return fail("writing to", ec);

  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(kMaxClientBody);
  done.reset();
  bhttp::async_read(stream, buffer, parser, [&](beast::error_code e, size_t) { done = e; });
  ec = RunOne(ioc, done);
  // A body past the limit still leaves a usable status line.
  if (ec && !(ec == bhttp::error::body_limit && parser.is_header_done())) {
    return fail("reading from", ec);
  }
  ClientResponse response;
  const auto& message = parser.get();
  response.status = static_cast<int>(message.result_int());
  for (const auto& field : message) {
    response.headers.emplace_back(Lower(field.name_string()), std::string(field.value()));
  }
  response.body = message.body();
  stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  return response;
}

}  // namespace scimd::http
