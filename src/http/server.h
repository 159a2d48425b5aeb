// An HTTP/1.1 server on Boost.Beast: one io_context run by a pool of threads,
// any number of listeners each with its own handler and limits.
//
// Every input has a limit (header size, body size, read and idle timeouts,
// connection count); a request past a limit is answered 4xx by the
// ErrorResponder, or the connection is closed, and never hangs.
//
// Thread-safety: Listen before Run; Stop may be called from any thread or a
// signal-handling context through Stop().
#ifndef SCIMD_HTTP_SERVER_H_
#define SCIMD_HTTP_SERVER_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "common/status.h"
#include "http/message.h"

namespace scimd::http {

struct ListenerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;                       // 0: the OS picks; see Listen's result
  size_t header_limit = 16 * 1024;         // request line + headers; past it 431
  size_t body_limit = 1024 * 1024;         // past it 413
  std::chrono::seconds read_timeout{30};   // to receive one whole request
  std::chrono::seconds idle_timeout{75};   // keep-alive wait for the next request
  size_t max_connections = 10000;          // past it new connections are closed at once
};

class Server {
 public:
  // `threads` >= 1 run the io_context; handlers run on them.
  explicit Server(int threads);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts accepting (accepting begins when Run is called). Returns
  // the bound port. Fails with kUnavailable when the address cannot be bound.
  Result<uint16_t> Listen(const ListenerOptions& options, Handler handler,
                          ErrorResponder on_error);

  // Runs until Stop (or SIGINT/SIGTERM when HandleSignals was called); then
  // stops accepting, lets in-flight requests finish, and returns.
  void Run();
  void Stop();
  // Makes SIGINT and SIGTERM call Stop.
  void HandleSignals();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace scimd::http

#endif  // SCIMD_HTTP_SERVER_H_
