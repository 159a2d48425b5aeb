#include "http/server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <condition_variable>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

namespace scimd::http {
namespace {

struct RawResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
};

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// A blocking HTTP/1.1 client on a POSIX socket, so tests can send exactly the
// bytes they mean, malformed ones included. A 10 s receive timeout turns a
// server that hangs into a failed test rather than a stuck one.
class Client {
 public:
  explicit Client(uint16_t port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    timeval timeout{10, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
  }
  ~Client() { close(fd_); }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  bool connected() const { return connected_; }

  void Send(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return;
      data.remove_prefix(static_cast<size_t>(n));
    }
  }

  // One response framed by Content-Length (none means no body), or nullopt
  // when the connection ends first. `head_request`: the response carries no body.
  std::optional<RawResponse> Read(bool head_request = false) {
    size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return std::nullopt;
    }
    std::string head = buffer_.substr(0, end);
    buffer_.erase(0, end + 4);
    RawResponse response;
    response.status = std::stoi(head.substr(9, 3));
    size_t line = head.find("\r\n");
    while (line != std::string::npos) {
      size_t next = head.find("\r\n", line + 2);
      std::string field = head.substr(line + 2, next == std::string::npos ? next : next - line - 2);
      size_t colon = field.find(':');
      response.headers[Lower(field.substr(0, colon))] = field.substr(colon + 2);
      line = next;
    }
    size_t length = 0;
    if (!head_request && response.headers.count("content-length")) {
      length = std::stoul(response.headers["content-length"]);
    }
    while (buffer_.size() < length) {
      if (!Fill()) return std::nullopt;
    }
    response.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    return response;
  }

  // True when the server closes the connection (EOF or reset) before sending
  // anything more; false on unexpected data or the safety timeout.
  bool ReadUntilClosed() {
    char byte;
    ssize_t n = recv(fd_, &byte, 1, 0);
    return n == 0 || (n < 0 && errno == ECONNRESET);
  }

 private:
  bool Fill() {
    char chunk[4096];
    ssize_t n = recv(fd_, chunk, sizeof(chunk), 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<size_t>(n));
    return true;
  }

  int fd_;
  bool connected_ = false;
  std::string buffer_;
};

Response ErrorBody(int status, std::string_view detail) {
  Response response;
  response.status = status;
  response.SetHeader("Content-Type", "application/scim+json");
  response.body = "error " + std::to_string(status) + ": " + std::string(detail);
  return response;
}

// Echoes what the server parsed so tests can check the conversion.
Response Echo(const Request& request) {
  Response response;
  response.SetHeader("Content-Type", "text/plain");
  response.SetHeader("X-Remote", request.remote_address);
  response.body = request.method + " " + request.target + "\n" +
                  std::string(request.Header("X-Test")) + "\n" + request.body;
  return response;
}

class ServerTest : public ::testing::Test {
 protected:
  void Start(ListenerOptions options, Handler handler = Echo) {
    server_ = std::make_unique<Server>(2);
    auto port = server_->Listen(options, std::move(handler), ErrorBody);
    ASSERT_TRUE(port.ok()) << port.status().ToString();
    port_ = *port;
    ASSERT_NE(port_, 0);
    thread_ = std::thread([this] { server_->Run(); });
  }

  void StopAndJoin() {
    if (!server_) return;
    server_->Stop();
    thread_.join();
    server_.reset();
  }

  void TearDown() override { StopAndJoin(); }

  std::unique_ptr<Server> server_;
  std::thread thread_;
  uint16_t port_ = 0;
};

TEST_F(ServerTest, GetRoundTripCarriesHeadersBothWays) {
  Start({});
  Client client(port_);
  ASSERT_TRUE(client.connected());
  client.Send("GET /scim/v2/Users?filter=x HTTP/1.1\r\nHost: t\r\nx-TEST: hello\r\n\r\n");
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "GET /scim/v2/Users?filter=x\nhello\n");
  EXPECT_EQ(response->headers["content-type"], "text/plain");
  EXPECT_EQ(response->headers["x-remote"], "127.0.0.1");
  EXPECT_EQ(response->headers["server"], "scimd");
  EXPECT_EQ(response->headers["content-length"], std::to_string(response->body.size()));
}

TEST(ServerDualStackTest, Ipv4PeerOnIpv6ListenerIsReportedAsIpv4) {
  Server server(1);
  ListenerOptions options;
  options.host = "::";
  auto port = server.Listen(options, Echo, ErrorBody);
  if (!port.ok()) GTEST_SKIP() << "no IPv6 here: " << port.status().ToString();
  std::thread runner([&server] { server.Run(); });
  {
    Client client(*port);
    client.Send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
    auto response = client.Read();
    // No ASSERT here: returning early would leave `runner` joinable.
    EXPECT_EQ(response ? response->headers["x-remote"] : "(no response)", "127.0.0.1");
  }
  server.Stop();
  runner.join();
}

TEST_F(ServerTest, HeaderNamesReachTheHandlerLowerCased) {
  std::promise<std::vector<std::pair<std::string, std::string>>> seen;
  Start({}, [&seen](const Request& request) {
    seen.set_value(request.headers);
    return Response{};
  });
  Client client(port_);
  client.Send("GET / HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer Abc\r\n\r\n");
  ASSERT_TRUE(client.Read());
  auto headers = seen.get_future().get();
  ASSERT_EQ(headers.size(), 2u);
  EXPECT_EQ(headers[0].first, "host");
  EXPECT_EQ(headers[1].first, "authorization");
  EXPECT_EQ(headers[1].second, "Bearer Abc");
}

TEST_F(ServerTest, PostDeliversBody) {
  Start({});
  Client client(port_);
  client.Send("POST /Users HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\n\r\n{\"a\":\"b c\"}");
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "POST /Users\n\n{\"a\":\"b c\"}");
}

TEST_F(ServerTest, ExpectContinueGetsInterimResponseBeforeBody) {
  Start({});
  Client client(port_);
  std::string body(2048, 'x');
  client.Send(
      "POST /Users HTTP/1.1\r\nHost: t\r\nContent-Length: 2048\r\n"
      "Expect: 100-continue\r\n\r\n");
  auto interim = client.Read();
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  client.Send(body);
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "POST /Users\n\n" + body);
}

TEST_F(ServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  Start({});
  Client client(port_);
  client.Send("GET /one HTTP/1.1\r\nHost: t\r\n\r\n");
  auto first = client.Read();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->headers.count("connection"), 0u);
  client.Send("GET /two HTTP/1.1\r\nHost: t\r\n\r\n");
  auto second = client.Read();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->body, "GET /two\n\n");
}

TEST_F(ServerTest, Http10RequestIsAnsweredThenClosed) {
  Start({});
  Client client(port_);
  client.Send("GET /old HTTP/1.0\r\n\r\n");
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body, "GET /old\n\n");
  EXPECT_TRUE(client.ReadUntilClosed());
}

// Two server threads must run two blocking handlers at once: each waits for
// the other to arrive (bounded, so a regression fails instead of hanging).
TEST_F(ServerTest, HandlersRunConcurrentlyOnServerThreads) {
  std::mutex mu;
  std::condition_variable cv;
  int arrived = 0;
  Start({}, [&](const Request& request) {
    std::unique_lock lock(mu);
    ++arrived;
    cv.notify_all();
    bool both = cv.wait_for(lock, std::chrono::seconds(10), [&] { return arrived == 2; });
    Response response;
    response.status = both ? 200 : 500;
    return response;
  });
  Client a(port_);
  Client b(port_);
  a.Send("GET /a HTTP/1.1\r\nHost: t\r\n\r\n");
  b.Send("GET /b HTTP/1.1\r\nHost: t\r\n\r\n");
  auto ra = a.Read();
  auto rb = b.Read();
  ASSERT_TRUE(ra && rb);
  EXPECT_EQ(ra->status, 200);
  EXPECT_EQ(rb->status, 200);
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  Start({});
  Client client(port_);
  client.Send("GET /one HTTP/1.1\r\nHost: t\r\n\r\nGET /two HTTP/1.1\r\nHost: t\r\n\r\n");
  auto first = client.Read();
  auto second = client.Read();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->body, "GET /one\n\n");
  EXPECT_EQ(second->body, "GET /two\n\n");
}

TEST_F(ServerTest, ConnectionCloseIsHonoured) {
  Start({});
  Client client(port_);
  client.Send("GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->headers["connection"], "close");
  EXPECT_TRUE(client.ReadUntilClosed());
}

TEST_F(ServerTest, HeadSendsLengthWithoutBody) {
  Start({});
  Client client(port_);
  client.Send("HEAD /x HTTP/1.1\r\nHost: t\r\n\r\nGET /y HTTP/1.1\r\nHost: t\r\n\r\n");
  auto head = client.Read(/*head=*/true);
  auto get = client.Read();
  ASSERT_TRUE(head && get);
  EXPECT_EQ(head->headers["content-length"], "9");  // "HEAD /x\n\n"
  EXPECT_EQ(get->body, "GET /y\n\n");               // nothing of the HEAD body came in between
}

TEST_F(ServerTest, NoContentHasNoBodyOrLength) {
  Start({}, [](const Request&) {
    Response response;
    response.status = 204;
    response.body = "ignored";
    return response;
  });
  Client client(port_);
  client.Send("DELETE /Users/1 HTTP/1.1\r\nHost: t\r\n\r\nGET / HTTP/1.1\r\nHost: t\r\n\r\n");
  auto first = client.Read();
  auto second = client.Read();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->status, 204);
  EXPECT_EQ(first->headers.count("content-length"), 0u);
  EXPECT_EQ(second->status, 204);
}

TEST_F(ServerTest, BodyOverLimitIsAnswered413ByErrorResponder) {
  ListenerOptions options;
  options.body_limit = 16;
  Start(options);
  Client client(port_);
  client.Send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n");
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(response->headers["content-type"], "application/scim+json");
  EXPECT_EQ(response->body.rfind("error 413: ", 0), 0u) << response->body;
  EXPECT_EQ(response->headers["connection"], "close");
  EXPECT_TRUE(client.ReadUntilClosed());
}

TEST_F(ServerTest, ChunkedBodyOverLimitIsAnswered413) {
  ListenerOptions options;
  options.body_limit = 16;
  Start(options);
  Client client(port_);
  client.Send(
      "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
      "20\r\n01234567890123456789012345678901\r\n0\r\n\r\n");
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
  EXPECT_TRUE(client.ReadUntilClosed());
}

TEST_F(ServerTest, HeaderOverLimitIsAnswered431) {
  ListenerOptions options;
  options.header_limit = 256;
  Start(options);
  Client client(port_);
  client.Send("GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + std::string(1000, 'a') + "\r\n\r\n");
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 431);
  EXPECT_EQ(response->body.rfind("error 431: ", 0), 0u) << response->body;
  EXPECT_TRUE(client.ReadUntilClosed());
}

TEST_F(ServerTest, MalformedRequestLineIsAnswered400AndClosed) {
  Start({});
  Client client(port_);
  client.Send("THIS IS NOT HTTP\r\n\r\n");
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_EQ(response->body.rfind("error 400: ", 0), 0u) << response->body;
  EXPECT_TRUE(client.ReadUntilClosed());
}

TEST_F(ServerTest, HalfRequestIsClosedAfterReadTimeout) {
  ListenerOptions options;
  options.read_timeout = std::chrono::seconds(1);
  Start(options);
  Client client(port_);
  client.Send("GET / HTTP/1.1\r\nHost: t\r\n");
  EXPECT_TRUE(client.ReadUntilClosed());
}

TEST_F(ServerTest, IdleKeepAliveConnectionIsClosedAfterIdleTimeout) {
  ListenerOptions options;
  options.idle_timeout = std::chrono::seconds(1);
  Start(options);
  Client client(port_);
  client.Send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(client.Read());
  EXPECT_TRUE(client.ReadUntilClosed());
}

TEST_F(ServerTest, ThrowingHandlerIsAnswered500) {
  Start({}, [](const Request&) -> Response { throw std::runtime_error("boom"); });
  Client client(port_);
  client.Send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 500);
  EXPECT_EQ(response->body.rfind("error 500: ", 0), 0u) << response->body;
}

TEST_F(ServerTest, UnsafeResponseHeaderIsDropped) {
  Start({}, [](const Request&) {
    Response response;
    response.SetHeader("X-Bad", "a\r\nSet-Cookie: evil");
    response.SetHeader("X-Good", "fine");
    return response;
  });
  Client client(port_);
  client.Send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->headers.count("x-bad"), 0u);
  EXPECT_EQ(response->headers.count("set-cookie"), 0u);
  EXPECT_EQ(response->headers["x-good"], "fine");
}

TEST_F(ServerTest, ConnectionsPastTheLimitAreClosed) {
  ListenerOptions options;
  options.max_connections = 1;
  Start(options);
  Client first(port_);
  first.Send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(first.Read());  // now surely accepted and counted
  Client second(port_);
  EXPECT_TRUE(second.ReadUntilClosed());
  first.Send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
  EXPECT_TRUE(first.Read());
}

TEST_F(ServerTest, BindingABusyPortIsUnavailable) {
  Start({});
  Server other(1);
  ListenerOptions options;
  options.port = port_;
  auto result = other.Listen(options, Echo, ErrorBody);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), Code::kUnavailable);
  EXPECT_NE(result.status().detail().find(std::to_string(port_)), std::string::npos)
      << result.status().detail();
}

TEST(ServerListenTest, UnresolvableHostIsUnavailable) {
  Server server(1);
  ListenerOptions options;
  options.host = "no such host.invalid";
  auto result = server.Listen(options, Echo, ErrorBody);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), Code::kUnavailable);
}

TEST(ServerListenTest, LocalhostAndIpv6LiteralsBind) {
  Server server(1);
  ListenerOptions options;
  options.host = "localhost";
  auto v4 = server.Listen(options, Echo, ErrorBody);
  ASSERT_TRUE(v4.ok()) << v4.status().ToString();
  EXPECT_NE(*v4, 0);
  options.host = "::1";
  auto v6 = server.Listen(options, Echo, ErrorBody);
  // Some sandboxes have no IPv6 loopback; then the failure must be a Status.
  if (!v6.ok()) {
    EXPECT_EQ(v6.status().code(), Code::kUnavailable);
  }
  server.Stop();
  server.Run();  // returns at once: stopped before it ran
}

TEST(ServerListenTest, TlsNeedsBothReadableFiles) {
  Server server(1);
  ListenerOptions options;
  options.tls_cert_file = "/nonexistent/server.crt";
  auto only_cert = server.Listen(options, Echo, ErrorBody);
  ASSERT_FALSE(only_cert.ok());
  EXPECT_EQ(only_cert.status().code(), Code::kInvalidValue);
  options.tls_key_file = "/nonexistent/server.key";
  auto missing = server.Listen(options, Echo, ErrorBody);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Code::kInvalidValue);
  EXPECT_NE(missing.status().detail().find("/nonexistent/server.crt"), std::string::npos)
      << missing.status().detail();
  server.Stop();
  server.Run();
}

TEST_F(ServerTest, StopLetsTheInFlightRequestFinish) {
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  Start({}, [&entered, released](const Request& request) {
    entered.set_value();
    released.wait();
    return Echo(request);
  });
  Client client(port_);
  client.Send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n");
  entered.get_future().wait();
  server_->Stop();
  release.set_value();
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "GET /slow\n\n");
  EXPECT_EQ(response->headers["connection"], "close");
  thread_.join();  // Run returned
  server_.reset();
}

TEST_F(ServerTest, StopClosesIdleConnectionsAndRunReturns) {
  Start({});
  Client client(port_);
  client.Send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(client.Read());
  StopAndJoin();
  EXPECT_TRUE(client.ReadUntilClosed());
}

// Reads until the server closes; true only for a clean close (EOF), which a
// client can tell from a reset that may have destroyed a response.
bool ClosedCleanly(Client& client) {
  errno = 0;
  return client.ReadUntilClosed() && errno != ECONNRESET;
}

TEST_F(ServerTest, StopClosesAnIdleKeepAliveConnectionWithoutAReset) {
  Start({});
  Client client(port_);
  client.Send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(client.Read());
  server_->Stop();
  EXPECT_TRUE(ClosedCleanly(client));
  thread_.join();
  server_.reset();
}

TEST_F(ServerTest, StopAnswersARequestWhoseFirstBytesArrivedBeforeIt) {
  Start({});
  Client client(port_);
  client.Send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(client.Read());
  client.Send("GET /second HTTP/1.1\r\nHo");  // keep-alive, half a request
  server_->Stop();
  client.Send("st: t\r\n\r\n");
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "GET /second\n\n");
  EXPECT_EQ(response->headers["connection"], "close");
  EXPECT_TRUE(ClosedCleanly(client));
  thread_.join();
  server_.reset();
}

// The connection is still in the kernel's accept queue when Stop runs (Run
// has not started): it is taken in and its request answered, not reset.
TEST(ServerStopTest, RequestStillInTheAcceptQueueIsAnswered) {
  Server server(2);
  auto port = server.Listen({}, Echo, ErrorBody);
  ASSERT_TRUE(port.ok()) << port.status().ToString();
  auto client = std::make_unique<Client>(*port);
  ASSERT_TRUE(client->connected());
  client->Send("GET /queued HTTP/1.1\r\nHost: t\r\n\r\n");
  server.Stop();
  std::thread runner([&server] { server.Run(); });
  auto response = client->Read();
  client.reset();  // ends the server's linger after `Connection: close`
  runner.join();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "GET /queued\n\n");
  EXPECT_EQ(response->headers["connection"], "close");
}

TEST_F(ServerTest, StopFromAnotherThreadWhileIdle) {
  Start({});
  std::thread stopper([this] { server_->Stop(); });
  stopper.join();
  thread_.join();
  server_.reset();
}

}  // namespace
}  // namespace scimd::http
