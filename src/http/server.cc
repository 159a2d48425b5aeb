// The only translation unit that includes Beast and Asio: they are slow to
// compile, so the listener, the connection and the conversions between Beast
// messages and our Request/Response live together here, top-down in the order
// of the Beast example servers.
#include "http/server.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <cctype>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <exception>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

namespace scimd::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using BeastRequest = bhttp::request<bhttp::string_body>;
using BeastResponse = bhttp::response<bhttp::string_body>;
using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// After an error response we half-close and read for this long, so the
// client sees the response instead of a reset caused by its unread upload.
constexpr std::chrono::seconds kLingerTimeout{2};
// Pause before accepting again after a failed accept (e.g. out of descriptors).
constexpr std::chrono::milliseconds kAcceptRetryDelay{100};

ErrorLog& ErrorLogSink() {
  static ErrorLog* sink = new ErrorLog();  // never destroyed: used until exit
  return *sink;
}

void LogError(std::string_view what, std::string_view detail) {
  if (const ErrorLog& sink = ErrorLogSink()) return sink(what, detail);
  std::fprintf(stderr, "scimd http: %.*s: %.*s\n", static_cast<int>(what.size()), what.data(),
               static_cast<int>(detail.size()), detail.data());
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IEquals(std::string_view a, std::string_view b) { return Lower(a) == Lower(b); }

// CR, LF or NUL in a header would let a value smuggle extra headers.
bool SafeForHeader(std::string_view s) {
  return s.find_first_of(std::string_view("\r\n\0", 3)) == s.npos;
}

// A dual-stack listener sees IPv4 clients as ::ffff:a.b.c.d; logs and
// allow-lists want the plain IPv4 form.
std::string PeerAddress(const asio::ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6()).to_string();
  }
  return address.to_string();
}

//------------------------------------------------------------------------------
// TLS

// Mozilla "intermediate" (v5.7) for TLS 1.2: forward-secret AEAD suites only.
// TLS 1.3 suites are OpenSSL's defaults, all of which are modern.
constexpr char kTls12Ciphers[] =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
    "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305";

Result<std::shared_ptr<asio::ssl::context>> MakeTlsContext(const ListenerOptions& options) {
  if (options.tls_cert_file.empty() || options.tls_key_file.empty()) {
    return InvalidValue("TLS needs both a certificate and a key file");
  }
  auto ctx = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
  SSL_CTX* native = ctx->native_handle();
  if (SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) != 1 ||
      SSL_CTX_set_cipher_list(native, kTls12Ciphers) != 1) {
    return InvalidValue("cannot configure TLS 1.2+ with the intermediate cipher list");
  }
  // No compression (CRIME), no renegotiation, fresh ECDH keys per handshake.
  ctx->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_compression |
                   asio::ssl::context::single_dh_use);
  SSL_CTX_set_options(native, SSL_OP_NO_RENEGOTIATION);
  beast::error_code ec;
  ctx->use_certificate_chain_file(options.tls_cert_file, ec);
  if (ec) {
    return InvalidValue("cannot load TLS certificate " + options.tls_cert_file + ": " +
                        ec.message());
  }
  ctx->use_private_key_file(options.tls_key_file, asio::ssl::context::pem, ec);
  if (ec) {
    return InvalidValue("cannot load TLS key " + options.tls_key_file + ": " + ec.message());
  }
  if (SSL_CTX_check_private_key(native) != 1) {
    return InvalidValue("TLS key " + options.tls_key_file + " does not match certificate " +
                        options.tls_cert_file);
  }
  return ctx;
}

//------------------------------------------------------------------------------
// Conversions between Beast messages and ours.

Request ToRequest(BeastRequest&& req, const std::string& remote_address) {
  Request out;
  out.method = std::string(req.method_string());
  out.target = std::string(req.target());
  for (const auto& field : req) {
    out.headers.emplace_back(Lower(field.name_string()), std::string(field.value()));
  }
  out.body = std::move(req.body());
  out.remote_address = remote_address;
  return out;
}

// RFC 9110 §6.4.1: these responses carry neither content nor Content-Length.
bool BodyForbidden(int status) { return status < 200 || status == 204 || status == 304; }

BeastResponse ToBeastResponse(Response&& res, unsigned version, bool keep_alive, bool head) {
  int status = res.status >= 100 && res.status <= 999 ? res.status : 500;
  BeastResponse out{static_cast<bhttp::status>(status), version};
  bool has_server = false;
  for (auto& [name, value] : res.headers) {
    std::string lower = Lower(name);
    // Framing is ours to decide; the handler only gets to ask for a close.
    if (lower == "content-length" || lower == "transfer-encoding") continue;
    if (lower == "connection") {
      if (IEquals(value, "close")) keep_alive = false;
      continue;
    }
    if (name.empty() || !SafeForHeader(name) || !SafeForHeader(value)) {
      LogError("dropped unsafe response header", name);
      continue;
    }
    if (lower == "server") has_server = true;
    out.insert(name, value);
  }
  if (!has_server) out.set(bhttp::field::server, "scimd");
  out.keep_alive(keep_alive);
  if (BodyForbidden(status)) return out;
  out.content_length(res.body.size());
  if (!head) out.body() = std::move(res.body);
  return out;
}

//------------------------------------------------------------------------------

// What a Listener needs of a connection, whatever its stream type.
class ConnectionBase {
 public:
  virtual ~ConnectionBase() = default;
  virtual void Start() = 0;
  // Closes the connection if it is waiting for a request of which no byte has
  // arrived; otherwise the request is answered and the connection then
  // closes. Any thread.
  virtual void Shutdown() = 0;
};

// One bound acceptor with its handler and limits. Accepts on its own strand;
// tracks live connections so Stop can reach them and max_connections holds.
class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(asio::io_context& ioc, const ListenerOptions& options,
           std::shared_ptr<asio::ssl::context> tls, Handler handler, ErrorResponder on_error,
           const std::atomic<bool>& stopping)
      : ioc_(ioc),
        options_(options),
        tls_(std::move(tls)),
        handler_(std::move(handler)),
        on_error_(std::move(on_error)),
        stopping_(stopping),
        acceptor_(asio::make_strand(ioc)),
        retry_timer_(acceptor_.get_executor()) {}

  Result<uint16_t> Bind();
  // Queues the first accept; it runs once the io_context runs.
  void Start();
  // Closes the acceptor and the connections not serving a request. Any thread.
  void Shutdown();

  const ListenerOptions& options() const { return options_; }
  bool stopping() const { return stopping_.load(); }
  // The handler's response; 500 from on_error if it throws.
  Response Handle(const Request& request);
  // on_error's response; a plain-text one if on_error itself fails.
  Response Error(int status, std::string_view detail);
  void Unregister(ConnectionBase* connection);

 private:
  // Takes in the connections the kernel already completed, which closing the
  // acceptor would reset; each then serves a request it already sent, if any.
  void DrainBacklog();
  Result<tcp::endpoint> Resolve();
  void Accept();
  void OnAccept(beast::error_code ec, tcp::socket socket);
  // While stopping, an adopted connection serves the request it already sent
  // (if any) and closes: its client connected before the stop.
  void Adopt(tcp::socket socket);

  asio::io_context& ioc_;
  const ListenerOptions options_;
  const std::shared_ptr<asio::ssl::context> tls_;  // null: plain HTTP
  const Handler handler_;
  const ErrorResponder on_error_;
  const std::atomic<bool>& stopping_;
  tcp::acceptor acceptor_;
  asio::steady_timer retry_timer_;
  std::mutex mu_;
  std::unordered_map<ConnectionBase*, std::weak_ptr<ConnectionBase>>
      connections_;  // GUARDED_BY(mu_)
};

// One TCP connection over `Stream` (PlainStream or TlsStream). Every step runs
// on the connection's strand, one request at a time: (TLS handshake,) read
// header, maybe send 100 Continue, read body, call the handler synchronously,
// write, then wait for the next request.
template <class Stream>
class Connection : public ConnectionBase, public std::enable_shared_from_this<Connection<Stream>> {
 public:
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

  Connection(tcp::socket socket, std::shared_ptr<Listener> listener, asio::ssl::context* tls)
      : stream_(MakeStream(std::move(socket), tls)), listener_(std::move(listener)) {
    beast::error_code ec;
    auto peer = tcp_stream().socket().remote_endpoint(ec);
    if (!ec) remote_address_ = PeerAddress(peer.address());
  }
  ~Connection() override { listener_->Unregister(this); }

  void Start() override;
  void Shutdown() override;

 private:
  using std::enable_shared_from_this<Connection<Stream>>::shared_from_this;

  static Stream MakeStream(tcp::socket socket, asio::ssl::context* tls) {
    if constexpr (kTls) {
      return Stream(std::move(socket), *tls);
    } else {
      return Stream(std::move(socket));
    }
  }
  beast::tcp_stream& tcp_stream() { return beast::get_lowest_layer(stream_); }
  const ListenerOptions& options() const { return listener_->options(); }
  void OnHandshake(beast::error_code ec);
  void WaitForNextRequest();
  // Reads the first bytes of the next request; while stopping, gives up at
  // once (cancels) unless they are already here.
  void AwaitRequest(std::chrono::seconds timeout);
  void OnFirstBytes(beast::error_code ec, size_t bytes);
  void ReadHeader();
  void OnHeader(beast::error_code ec, size_t bytes);
  void OnContinueSent(beast::error_code ec, size_t bytes);
  void ReadBody();
  void OnBody(beast::error_code ec, size_t bytes);
  void Serve();
  void Fail(beast::error_code ec);
  void RespondAndClose(int status, std::string_view detail);
  void Write(BeastResponse response);
  void OnWrite(beast::error_code ec, size_t bytes);
  void Linger();
  void OnDrain(beast::error_code ec, size_t bytes);
  void OnTlsShutdown(beast::error_code ec);
  void Close();

  Stream stream_;
  std::shared_ptr<Listener> listener_;
  std::string remote_address_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  bhttp::response<bhttp::empty_body> continue_{bhttp::status::continue_, 11};
  std::optional<BeastResponse> response_;
  std::array<char, 4096> discard_;
  // The pending read is AwaitRequest's: no byte of a request has arrived, so
  // a stop may cancel it.
  bool awaiting_ = false;
  bool closed_ = false;
};

//------------------------------------------------------------------------------
// Connection

template <class Stream>
void Connection<Stream>::Start() {
  asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
    if constexpr (kTls) {
      self->tcp_stream().expires_after(self->options().read_timeout);
      self->stream_.async_handshake(asio::ssl::stream_base::server,
                                    beast::bind_front_handler(&Connection::OnHandshake, self));
    } else {
      self->AwaitRequest(self->options().read_timeout);
    }
  });
}

// A failed handshake (a plain-HTTP client, TLS 1.1, no shared cipher) has no
// channel to answer on: close.
template <class Stream>
void Connection<Stream>::OnHandshake(beast::error_code ec) {
  if (ec) return Close();
  AwaitRequest(options().read_timeout);
}

// Deciding from outside whether a request has begun races with the reactor:
// a read may have taken bytes off the socket while its handler still waits in
// the strand's queue, invisible to both the buffer and the socket. Cancelling
// instead lets the read itself tell: a read that already got bytes completes
// with them and the request is served; one that got none completes aborted.
template <class Stream>
void Connection<Stream>::Shutdown() {
  asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
    beast::error_code ec;
    if (self->awaiting_) self->tcp_stream().socket().cancel(ec);
  });
}

// Between keep-alive requests the idle timeout applies; once the first byte of
// the next request arrives, the read timeout does.
template <class Stream>
void Connection<Stream>::WaitForNextRequest() {
  if (buffer_.size() > 0) {  // a pipelined request is already here
    tcp_stream().expires_after(options().read_timeout);
    return ReadHeader();
  }
  AwaitRequest(options().idle_timeout);
}

template <class Stream>
void Connection<Stream>::AwaitRequest(std::chrono::seconds timeout) {
  awaiting_ = true;
  tcp_stream().expires_after(timeout);
  stream_.async_read_some(buffer_.prepare(4096),
                          beast::bind_front_handler(&Connection::OnFirstBytes, shared_from_this()));
  // The read was tried at once; if it is still pending no byte is here yet.
  // Either order with Listener::Shutdown ends up cancelling it.
  if (listener_->stopping()) {
    beast::error_code ec;
    tcp_stream().socket().cancel(ec);
  }
}

template <class Stream>
void Connection<Stream>::OnFirstBytes(beast::error_code ec, size_t bytes) {
  awaiting_ = false;
  if (ec == asio::error::operation_aborted && listener_->stopping() && !closed_) {
    // Bytes that arrived since the cancel were sent before the client could
    // see our close: answer them rather than reset the connection.
    beast::error_code available_ec;
    if (tcp_stream().socket().available(available_ec) > 0 && !available_ec) {
      tcp_stream().expires_after(options().read_timeout);
      return stream_.async_read_some(
          buffer_.prepare(4096),
          beast::bind_front_handler(&Connection::OnFirstBytes, shared_from_this()));
    }
    return Close();  // nothing unread, so the client sees a clean FIN
  }
  if (ec) return Close();
  buffer_.commit(bytes);
  tcp_stream().expires_after(options().read_timeout);
  ReadHeader();
}

template <class Stream>
void Connection<Stream>::ReadHeader() {
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(
      std::min<size_t>(options().header_limit, std::numeric_limits<std::uint32_t>::max())));
  parser_->body_limit(options().body_limit);
  bhttp::async_read_header(stream_, buffer_, *parser_,
                           beast::bind_front_handler(&Connection::OnHeader, shared_from_this()));
}

template <class Stream>
void Connection<Stream>::OnHeader(beast::error_code ec, size_t) {
  if (ec) return Fail(ec);
  const auto& req = parser_->get();
  if (!parser_->is_done() && IEquals(req[bhttp::field::expect], "100-continue")) {
    // RFC 9110 §10.1.1: the client waits for this before sending the body.
    return bhttp::async_write(
        stream_, continue_,
        beast::bind_front_handler(&Connection::OnContinueSent, shared_from_this()));
  }
  ReadBody();
}

template <class Stream>
void Connection<Stream>::OnContinueSent(beast::error_code ec, size_t) {
  if (ec) return Close();
  ReadBody();
}

template <class Stream>
void Connection<Stream>::ReadBody() {
  if (parser_->is_done()) return Serve();
  bhttp::async_read(stream_, buffer_, *parser_,
                    beast::bind_front_handler(&Connection::OnBody, shared_from_this()));
}

template <class Stream>
void Connection<Stream>::OnBody(beast::error_code ec, size_t) {
  if (ec) return Fail(ec);
  Serve();
}

template <class Stream>
void Connection<Stream>::Serve() {
  tcp_stream().expires_never();  // the handler may take as long as the database does
  BeastRequest req = parser_->release();
  parser_.reset();
  unsigned version = req.version();
  bool wants_keep_alive = req.keep_alive();
  bool head = req.method() == bhttp::verb::head;
  Response res = listener_->Handle(ToRequest(std::move(req), remote_address_));
  // Checked after the handler: a Stop that arrived meanwhile ends the connection.
  bool keep_alive = wants_keep_alive && !listener_->stopping();
  BeastResponse out;
  try {
    out = ToBeastResponse(std::move(res), version, keep_alive, head);
  } catch (const std::exception& e) {
    LogError("cannot serialize response", e.what());
    out = ToBeastResponse(listener_->Error(500, "internal server error"), version, false, head);
  }
  Write(std::move(out));
}

// Maps a failed read to a response: limits and malformed input get an
// answer; a peer that went away or timed out just gets closed.
template <class Stream>
void Connection<Stream>::Fail(beast::error_code ec) {
  if (ec == bhttp::error::body_limit) {
    return RespondAndClose(
        413, "request body exceeds " + std::to_string(options().body_limit) + " bytes");
  }
  if (ec == bhttp::error::header_limit) {
    return RespondAndClose(
        431, "request header exceeds " + std::to_string(options().header_limit) + " bytes");
  }
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) return Close();
  if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category()) {
    return RespondAndClose(400, "malformed HTTP request: " + ec.message());
  }
  Close();  // timeout (the stream already closed the socket), reset, cancelled
}

template <class Stream>
void Connection<Stream>::RespondAndClose(int status, std::string_view detail) {
  parser_.reset();
  Write(ToBeastResponse(listener_->Error(status, detail), 11, false, false));
}

template <class Stream>
void Connection<Stream>::Write(BeastResponse response) {
  response_ = std::move(response);
  // A client that never reads must not pin us.
  tcp_stream().expires_after(options().read_timeout);
  bhttp::async_write(stream_, *response_,
                     beast::bind_front_handler(&Connection::OnWrite, shared_from_this()));
}

template <class Stream>
void Connection<Stream>::OnWrite(beast::error_code ec, size_t) {
  bool keep_alive = response_->keep_alive();
  response_.reset();
  if (ec) return Close();
  // A close right after the response would reset it if the client already sent
  // more; lingering lets the client read it. The linger is bounded, and a
  // client that reads `Connection: close` ends it at once.
  if (!keep_alive) return Linger();
  // A stop since the response was built: AwaitRequest closes unless the
  // client already sent its next request, which is then answered.
  WaitForNextRequest();
}

// Plain: half-close and drain, so an unread upload does not turn into a reset
// that destroys the response. TLS: send close_notify and wait (bounded) for
// the peer's.
template <class Stream>
void Connection<Stream>::Linger() {
  tcp_stream().expires_after(kLingerTimeout);
  if constexpr (kTls) {
    stream_.async_shutdown(
        beast::bind_front_handler(&Connection::OnTlsShutdown, shared_from_this()));
  } else {
    beast::error_code ec;
    tcp_stream().socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return Close();
    stream_.async_read_some(asio::buffer(discard_),
                            beast::bind_front_handler(&Connection::OnDrain, shared_from_this()));
  }
}

template <class Stream>
void Connection<Stream>::OnDrain(beast::error_code ec, size_t) {
  if (ec) return Close();
  stream_.async_read_some(asio::buffer(discard_),
                          beast::bind_front_handler(&Connection::OnDrain, shared_from_this()));
}

template <class Stream>
void Connection<Stream>::OnTlsShutdown(beast::error_code) {
  Close();
}

template <class Stream>
void Connection<Stream>::Close() {
  if (closed_) return;
  closed_ = true;
  beast::error_code ec;
  tcp_stream().socket().shutdown(tcp::socket::shutdown_both, ec);
  tcp_stream().close();
}

//------------------------------------------------------------------------------
// Listener

Result<tcp::endpoint> Listener::Resolve() {
  std::string host = options_.host;
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  beast::error_code ec;
  auto address = asio::ip::make_address(host, ec);
  if (!ec) return tcp::endpoint(address, options_.port);
  if (host == "localhost") return tcp::endpoint(asio::ip::address_v4::loopback(), options_.port);
  tcp::resolver resolver(ioc_);
  auto results = resolver.resolve(host, std::to_string(options_.port), ec);
  if (ec || results.empty()) {
    return Unavailable("cannot resolve listen host \"" + options_.host + "\": " + ec.message());
  }
  return results.begin()->endpoint();
}

Result<uint16_t> Listener::Bind() {
  SCIMD_ASSIGN_OR_RETURN(tcp::endpoint endpoint, Resolve());
  auto fail = [&](std::string_view step, const beast::error_code& ec) {
    return Unavailable("cannot " + std::string(step) + " " + options_.host + ":" +
                       std::to_string(options_.port) + ": " + ec.message());
  };
  beast::error_code ec;
  acceptor_.open(endpoint.protocol(), ec);
  if (ec) return fail("open a socket for", ec);
  acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (ec) return fail("set SO_REUSEADDR on", ec);
  acceptor_.bind(endpoint, ec);
  if (ec) return fail("bind", ec);
  acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return fail("listen on", ec);
  auto local = acceptor_.local_endpoint(ec);
  if (ec) return fail("read the bound address of", ec);
  return local.port();
}

void Listener::Start() {
  asio::dispatch(acceptor_.get_executor(), [self = shared_from_this()] { self->Accept(); });
}

void Listener::Shutdown() {
  asio::dispatch(acceptor_.get_executor(), [self = shared_from_this()] {
    beast::error_code ec;
    self->DrainBacklog();
    self->acceptor_.close(ec);
    self->retry_timer_.cancel();
  });
  std::vector<std::weak_ptr<ConnectionBase>> live;
  {
    std::lock_guard lock(mu_);
    for (const auto& [raw, weak] : connections_) live.push_back(weak);
  }
  for (const auto& weak : live) {
    if (auto connection = weak.lock()) connection->Shutdown();
  }
}

Response Listener::Handle(const Request& request) {
  try {
    return handler_(request);
  } catch (const std::exception& e) {
    LogError("handler threw", e.what());
  } catch (...) {
    LogError("handler threw", "unknown exception");
  }
  return Error(500, "internal server error");
}

Response Listener::Error(int status, std::string_view detail) {
  try {
    return on_error_(status, detail);
  } catch (const std::exception& e) {
    LogError("error responder threw", e.what());
  } catch (...) {
    LogError("error responder threw", "unknown exception");
  }
  Response res;
  res.status = status;
  res.SetHeader("Content-Type", "text/plain; charset=utf-8");
  res.body = std::string(detail);
  return res;
}

void Listener::DrainBacklog() {
  beast::error_code ec;
  acceptor_.non_blocking(true, ec);
  while (!ec && acceptor_.is_open()) {
    tcp::socket socket(ioc_);
    acceptor_.accept(socket, ec);
    if (ec) break;
    Adopt(std::move(socket));
  }
}

void Listener::Unregister(ConnectionBase* connection) {
  std::lock_guard lock(mu_);
  connections_.erase(connection);
}

void Listener::Accept() {
  acceptor_.async_accept(asio::make_strand(ioc_),
                         beast::bind_front_handler(&Listener::OnAccept, shared_from_this()));
}

void Listener::OnAccept(beast::error_code ec, tcp::socket socket) {
  // A connection accepted just before Shutdown closed the acceptor is served
  // like the ones DrainBacklog takes in: dropping it would reset a client that
  // may already have sent its request.
  if (!ec) Adopt(std::move(socket));
  if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
  if (ec) {
    // Typically out of file descriptors: back off instead of spinning.
    LogError("accept failed", ec.message());
    retry_timer_.expires_after(kAcceptRetryDelay);
    retry_timer_.async_wait([self = shared_from_this()](beast::error_code wait_ec) {
      if (!wait_ec && self->acceptor_.is_open()) self->Accept();
    });
    return;
  }
  Accept();
}

// Dropping `socket` without adopting it closes the connection at once.
void Listener::Adopt(tcp::socket socket) {
  std::shared_ptr<ConnectionBase> connection;
  {
    std::lock_guard lock(mu_);
    if (connections_.size() >= options_.max_connections) return;
    if (tls_) {
      connection = std::make_shared<Connection<TlsStream>>(std::move(socket), shared_from_this(),
                                                           tls_.get());
    } else {
      connection =
          std::make_shared<Connection<PlainStream>>(std::move(socket), shared_from_this(), nullptr);
    }
    connections_.emplace(connection.get(), connection);
  }
  connection->Start();
  if (stopping()) connection->Shutdown();
}

}  // namespace

//------------------------------------------------------------------------------
// Server

void SetErrorLog(ErrorLog log) { ErrorLogSink() = std::move(log); }

struct Server::Impl {
  explicit Impl(int threads)
      : threads(std::max(1, threads)),
        ioc(this->threads),
        control(asio::make_strand(ioc)),
        work(asio::make_work_guard(ioc)) {}

  void RunLoop();
  void Shutdown();  // on `control`

  const int threads;
  asio::io_context ioc;
  asio::strand<asio::io_context::executor_type> control;
  asio::executor_work_guard<asio::io_context::executor_type> work;  // until Stop
  std::optional<asio::signal_set> signals;
  std::vector<std::shared_ptr<Listener>> listeners;
  std::atomic<bool> stopping{false};
  std::chrono::milliseconds stop_deadline{std::chrono::seconds(10)};

  std::mutex mu;
  std::condition_variable cv;
  bool finished = false;  // GUARDED_BY(mu): every Run thread returned
  std::thread watchdog;   // GUARDED_BY(mu): enforces kStopDeadline
};

void Server::Impl::RunLoop() {
  // Handlers catch their own exceptions; this keeps a thread alive if one
  // slips through anyway.
  for (;;) {
    try {
      ioc.run();
      return;
    } catch (const std::exception& e) {
      LogError("uncaught exception on a server thread", e.what());
    }
  }
}

void Server::Impl::Shutdown() {
  if (signals) {
    beast::error_code ec;
    signals->cancel(ec);
  }
  for (auto& listener : listeners) listener->Shutdown();
  work.reset();  // run() returns once the in-flight requests are answered
}

Server::Server(int threads) : impl_(std::make_unique<Impl>(threads)) {}

Server::~Server() {
  std::thread watchdog;
  {
    std::lock_guard lock(impl_->mu);
    impl_->finished = true;
    watchdog = std::move(impl_->watchdog);
  }
  impl_->cv.notify_all();
  if (watchdog.joinable()) watchdog.join();
}

Result<uint16_t> Server::Listen(const ListenerOptions& options, Handler handler,
                                ErrorResponder on_error) {
  try {
    std::shared_ptr<asio::ssl::context> tls;
    if (options.tls()) {
      SCIMD_ASSIGN_OR_RETURN(tls, MakeTlsContext(options));
    }
    auto listener =
        std::make_shared<Listener>(impl_->ioc, options, std::move(tls), std::move(handler),
                                   std::move(on_error), impl_->stopping);
    SCIMD_ASSIGN_OR_RETURN(uint16_t port, listener->Bind());
    listener->Start();
    impl_->listeners.push_back(std::move(listener));
    return port;
  } catch (const std::exception& e) {
    return Unavailable("cannot listen on " + options.host + ":" + std::to_string(options.port) +
                       ": " + e.what());
  }
}

void Server::Run() {
  Impl& impl = *impl_;
  std::vector<std::thread> pool;
  for (int i = 1; i < impl.threads; ++i) pool.emplace_back([&impl] { impl.RunLoop(); });
  impl.RunLoop();
  for (auto& thread : pool) thread.join();
  std::thread watchdog;
  {
    std::lock_guard lock(impl.mu);
    impl.finished = true;
    watchdog = std::move(impl.watchdog);
  }
  impl.cv.notify_all();
  if (watchdog.joinable()) watchdog.join();
}

void Server::Stop() {
  Impl& impl = *impl_;
  if (impl.stopping.exchange(true)) return;
  {
    std::lock_guard lock(impl.mu);
    impl.watchdog = std::thread([&impl] {
      std::unique_lock lock(impl.mu);
      if (!impl.cv.wait_for(lock, impl.stop_deadline, [&impl] { return impl.finished; })) {
        LogError("stop", "in-flight requests still running at the deadline; abandoning them");
        impl.ioc.stop();
      }
    });
  }
  asio::post(impl.control, [&impl] { impl.Shutdown(); });
}

void Server::SetStopDeadline(std::chrono::milliseconds deadline) {
  impl_->stop_deadline = deadline;
}

void Server::HandleSignals() {
  Impl& impl = *impl_;
  impl.signals.emplace(impl.control, SIGINT, SIGTERM);
  impl.signals->async_wait([this](beast::error_code ec, int) {
    if (!ec) Stop();
  });
}

}  // namespace scimd::http
