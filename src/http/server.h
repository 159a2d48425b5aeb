// An HTTP/1.1 server on Boost.Beast: one io_context run by a pool of threads,
// any number of listeners each with its own handler and limits.
//
// Every input has a limit (header size, body size, read and idle timeouts,
// connection count); a request past a limit is answered 4xx by the
// ErrorResponder, or the connection is closed, and never hangs:
//   body over body_limit      -> 413, then close
//   header over header_limit  -> 431, then close
//   malformed request         -> 400, then close
//   read/idle timeout         -> close without a response
//   past max_connections      -> the new connection is closed at once
// Each connection serves one request at a time (pipelined requests wait their
// turn), answers `Expect: 100-continue` before reading the body, keeps the
// connection alive when the client asks for it, frames the body with
// Content-Length and adds `Server: scimd` unless the handler set one.
// Header names reach the handler lower-cased.
//
// Thread-safety: Listen before Run; Stop may be called from any thread, any
// number of times, including from a handler (HandleSignals routes SIGINT and
// SIGTERM to it).
#ifndef SCIMD_HTTP_SERVER_H_
#define SCIMD_HTTP_SERVER_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"
#include "http/message.h"

namespace scimd::http {

struct ListenerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;                      // 0: the OS picks; see Listen's result
  size_t header_limit = 16 * 1024;        // request line + headers; past it 431
  size_t body_limit = 1024 * 1024;        // past it 413
  std::chrono::seconds read_timeout{30};  // to receive one whole request
  std::chrono::seconds idle_timeout{75};  // keep-alive wait for the next request
  size_t max_connections = 10000;         // past it new connections are closed at once
  // TLS: both set -> the listener speaks HTTPS only (TLS 1.2 and 1.3, the
  // Mozilla "intermediate" TLS 1.2 cipher list); both empty -> plain HTTP.
  // PEM files: the certificate chain (leaf first) and its private key. Read
  // once by Listen. The TLS handshake counts against read_timeout.
  std::string tls_cert_file;
  std::string tls_key_file;

  bool tls() const { return !tls_cert_file.empty() || !tls_key_file.empty(); }
};

// Where servers report what no client hears about (a failed accept, a
// handler that threw, requests abandoned at the stop deadline): `what` is a
// fixed phrase, `detail` the specifics. Until set, plain lines on stderr.
// REQUIRES: called before any Server runs (it is not synchronised).
using ErrorLog = std::function<void(std::string_view what, std::string_view detail)>;
void SetErrorLog(ErrorLog log);

class Server {
 public:
  // `threads` >= 1 run the io_context; handlers run on them.
  explicit Server(int threads);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts accepting (accepting begins when Run is called). Returns
  // the bound port. `options.host` is an IPv4 or IPv6 literal (brackets
  // allowed), "localhost" (127.0.0.1), or a name bound at its first address.
  // Fails with kUnavailable, the detail naming host:port and the reason, when
  // the host cannot be resolved or the address cannot be bound; with
  // kInvalidValue when only one of the TLS files is given, or they cannot be
  // read, or the key does not match the certificate. Never throws.
  Result<uint16_t> Listen(const ListenerOptions& options, Handler handler, ErrorResponder on_error);

  // Runs the io_context on `threads` threads (the caller's included) until
  // Stop (or SIGINT/SIGTERM when HandleSignals was called); then returns.
  void Run();
  // Stops accepting, closes idle connections (with a FIN, not a reset: a
  // connection is idle only while no byte of a request has arrived), lets
  // requests already begun be answered with `Connection: close` (each such
  // connection then closes), and makes Run return. A
  // request has begun when any of its bytes reached the server, including on
  // connections still in the kernel's accept queue: those are taken in first,
  // so no client that sent a request before the stop sees a reset. Requests
  // still running at the stop deadline are abandoned: the io_context stops,
  // though Run still waits for a handler that never returns. Returns without
  // waiting.
  void Stop();
  // How long Stop lets requests run before abandoning them; 10 s unless set.
  // REQUIRES: called before Stop.
  void SetStopDeadline(std::chrono::milliseconds deadline);
  // Makes SIGINT and SIGTERM call Stop.
  void HandleSignals();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace scimd::http

#endif  // SCIMD_HTTP_SERVER_H_
