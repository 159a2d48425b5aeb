#include <gtest/gtest.h>

#include "events/event_json.h"
#include "events/signature.h"

namespace scimd::events {
namespace {

TEST(SignatureTest, MatchesTheDocumentedScheme) {
  // echo -n '1700000000.{"a":1}' | openssl dgst -sha256 -hmac secret
  EXPECT_EQ(SignatureHeader("secret", 1700000000, R"({"a":1})"),
            "t=1700000000,v1=49f24e537407743fa4a0242bb63b94b9a47ee99cbbe071ccd8a22550ae411686");
  std::string header = SignatureHeader("secret", 1700000000, "body");
  EXPECT_TRUE(header.starts_with("t=1700000000,v1="));
  EXPECT_EQ(header.size(), std::string("t=1700000000,v1=").size() + 64);
}

TEST(SignatureTest, VerifiesAndRejects) {
  std::string header = SignatureHeader("secret", 1000, "body");
  EXPECT_TRUE(VerifySignature("secret", header, "body", 1000).ok());
  EXPECT_TRUE(VerifySignature("secret", header, "body", 1000 + kReplayWindowSeconds).ok());
  EXPECT_EQ(VerifySignature("other", header, "body", 1000).code(), Code::kUnauthorized);
  EXPECT_EQ(VerifySignature("secret", header, "bodY", 1000).code(), Code::kUnauthorized);
  EXPECT_EQ(VerifySignature("secret", header, "body", 1001 + kReplayWindowSeconds).code(),
            Code::kUnauthorized);
  EXPECT_EQ(VerifySignature("secret", "v1=abc", "body", 1000).code(), Code::kUnauthorized);
  EXPECT_EQ(VerifySignature("secret", "t=x,v1=abc", "body", 1000).code(), Code::kUnauthorized);
}

TEST(EventJsonTest, RendersTheDocumentedShape) {
  storage::EventRecord event;
  event.seq = 7;
  event.time_ms = 0;
  event.directory_id = "abcdefghijkl";
  event.type = "user.deactivated";
  event.resource_type = "User";
  event.resource_id = "u1";
  event.detail = {{"changed", boost::json::array{"active"}},
                  {"values", boost::json::object{{"active", false}}}};
  boost::json::object json = EventJson(event);
  EXPECT_EQ(json.at("seq"), 7);
  EXPECT_EQ(json.at("type"), "user.deactivated");
  EXPECT_EQ(json.at("resourceType"), "User");
  EXPECT_EQ(json.at("changed"), (boost::json::array{"active"}));
  EXPECT_FALSE(json.contains("requestId"));
  EXPECT_FALSE(json.contains("members"));
}

TEST(EventJsonTest, SnapshotItemsDropPasswords) {
  storage::SnapshotItem item;
  item.resource.id = "u1";
  item.resource.attributes = {{"userName", "a"}, {"password", "x"}};
  boost::json::object json = SnapshotItemJson(item);
  EXPECT_FALSE(json.at("attributes").as_object().contains("password"));
  EXPECT_FALSE(json.contains("members"));
}

}  // namespace
}  // namespace scimd::events
