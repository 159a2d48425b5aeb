// Paged members, member counts and admin tokens, on every backend (SQLite;
// PostgreSQL when SCIMD_TEST_POSTGRES_URL names a server).
#include <gtest/gtest.h>
#include <unistd.h>

#include "storage/resource_store.h"
#include "storage/store_test_fixture.h"

namespace scimd::storage {
namespace {

class AdminStoreTest : public testing::StoreWithDirectoryTest {
 protected:
  void AddUser(const std::string& id) {
    Resource user;
    user.id = id;
    user.attributes["userName"] = "user-" + id;
    ASSERT_TRUE(store_->Create(kDir, user, {}).ok());
  }
};

TEST_P(AdminStoreTest, MembersComePageByPageInIdOrder) {
  std::vector<std::string> ids;
  for (const char* id : {"u3", "u1", "u5", "u2", "u4"}) {
    AddUser(id);
    ids.push_back(id);
  }
  Resource group;
  group.kind = ResourceKind::kGroup;
  group.id = "g1";
  group.attributes["displayName"] = "Group";
  ASSERT_TRUE(store_->Create(kDir, group, ids).ok());

  EXPECT_EQ(*store_->CountMembers(kDir, "g1"), 5);
  auto first = store_->ListMembersPage(kDir, "g1", "", 2);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ((*first)[0].id, "u1");
  EXPECT_EQ((*first)[1].id, "u2");
  EXPECT_EQ((*first)[1].display, "user-u2");
  auto second = store_->ListMembersPage(kDir, "g1", "u2", 2);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->size(), 2u);
  EXPECT_EQ((*second)[0].id, "u3");
  auto last = store_->ListMembersPage(kDir, "g1", "u4", 2);
  ASSERT_TRUE(last.ok());
  ASSERT_EQ(last->size(), 1u);
  EXPECT_EQ((*last)[0].id, "u5");
  EXPECT_TRUE(store_->ListMembersPage(kDir, "g1", "u5", 2)->empty());
}

TEST_P(AdminStoreTest, MembersOfAMissingGroupAreNotFound) {
  EXPECT_EQ(store_->ListMembersPage(kDir, "nope", "", 10).status().code(), Code::kNotFound);
  EXPECT_EQ(store_->CountMembers(kDir, "nope").status().code(), Code::kNotFound);
}

TEST_P(AdminStoreTest, AdminTokensAreCreatedListedTouchedAndRevoked) {
  EXPECT_TRUE(store_->ListAdminTokens()->empty());
  AdminTokenRecord token{"tok000000001", "console", std::string(64, 'b'), 10, 0};
  ASSERT_TRUE(store_->CreateAdminToken(token).ok());
  EXPECT_EQ(store_->CreateAdminToken(token).code(), Code::kUniqueness);
  ASSERT_TRUE(store_->TouchAdminToken("tok000000001", 99).ok());
  auto tokens = store_->ListAdminTokens();
  ASSERT_TRUE(tokens.ok());
  ASSERT_EQ(tokens->size(), 1u);
  EXPECT_EQ((*tokens)[0].name, "console");
  EXPECT_EQ((*tokens)[0].token_hash, std::string(64, 'b'));
  EXPECT_EQ((*tokens)[0].last_used_ms, 99);
  ASSERT_TRUE(store_->DeleteAdminToken("tok000000001").ok());
  EXPECT_EQ(store_->DeleteAdminToken("tok000000001").code(), Code::kNotFound);
  EXPECT_EQ(store_->TouchAdminToken("tok000000001", 5).code(), Code::kNotFound);
  EXPECT_TRUE(store_->ListAdminTokens()->empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, AdminStoreTest,
                         ::testing::ValuesIn(testing::TestBackends("admin_")),
                         testing::BackendName);

}  // namespace
}  // namespace scimd::storage
