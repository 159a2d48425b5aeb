#include "http/client.h"

#include <gtest/gtest.h>

#include <thread>

#include "http/server.h"

namespace scimd::http {
namespace {

Response ErrorBody(int status, std::string_view detail) {
  Response response;
  response.status = status;
  response.body = std::string(detail);
  return response;
}

// Answers with the request echoed: status from the X-Status header.
Response Reflect(const Request& request) {
  Response response;
  std::string_view status = request.Header("x-status");
  response.status = status.empty() ? 200 : std::stoi(std::string(status));
  response.body = request.method + " " + request.target + " " +
                  std::string(request.Header("x-sig")) + " " + request.body;
  response.SetHeader("X-Reply", "yes");
  return response;
}

class ClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ListenerOptions options;
    auto port = server_.Listen(options, Reflect, ErrorBody);
    ASSERT_TRUE(port.ok());
    port_ = *port;
    thread_ = std::thread([this] { server_.Run(); });
  }
  void TearDown() override {
    server_.Stop();
    thread_.join();
  }
  std::string Url(std::string_view path) {
    return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
  }

  Server server_{1};
  uint16_t port_ = 0;
  std::thread thread_;
};

TEST_F(ClientTest, PostsBodyAndHeadersAndReadsResponse) {
  auto response =
      Post(Url("/hook?a=1"), {{"X-Sig", "t=1,v1=ab"}}, "{\"x\":1}", std::chrono::seconds(5));
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "POST /hook?a=1 t=1,v1=ab {\"x\":1}");
  bool found = false;
  for (const auto& [name, value] : response->headers) {
    if (name == "x-reply" && value == "yes") found = true;
  }
  EXPECT_TRUE(found);
}

TEST_F(ClientTest, NonSuccessStatusIsStillAResponse) {
  auto response = Post(Url("/"), {{"X-Status", "503"}}, "", std::chrono::seconds(5));
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 503);
}

TEST(ClientUrlTest, ParsesAndRejects) {
  auto url = ParseHttpUrl("http://example.com:8080/a/b");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->host, "example.com");
  EXPECT_EQ(url->port, 8080);
  EXPECT_EQ(url->target, "/a/b");
  url = ParseHttpUrl("http://[::1]");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->host, "::1");
  EXPECT_EQ(url->port, 80);
  EXPECT_EQ(url->target, "/");
  EXPECT_EQ(ParseHttpUrl("ftp://x/").status().code(), Code::kInvalidValue);
  EXPECT_EQ(ParseHttpUrl("http://x:0/").status().code(), Code::kInvalidValue);
  EXPECT_EQ(ParseHttpUrl("http://:80/").status().code(), Code::kInvalidValue);
  EXPECT_EQ(ParseHttpUrl("http://x:99999/").status().code(), Code::kInvalidValue);
}

TEST(ClientErrorTest, ConnectionRefusedIsUnavailable) {
  // Bind and release a port so nothing listens on it.
  uint16_t port = 0;
  {
    Server server(1);
    auto bound = server.Listen(ListenerOptions{}, Reflect, ErrorBody);
    ASSERT_TRUE(bound.ok());
    port = *bound;
  }
  auto response =
      Post("http://127.0.0.1:" + std::to_string(port) + "/", {}, "", std::chrono::seconds(5));
  EXPECT_EQ(response.status().code(), Code::kUnavailable);
}

TEST(ClientErrorTest, BadUrlIsInvalidValue) {
  EXPECT_EQ(Post("https://x/", {}, "", std::chrono::seconds(1)).status().code(),
            Code::kInvalidValue);
}

}  // namespace
}  // namespace scimd::http
