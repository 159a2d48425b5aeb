// The behaviour every ResourceStore backend must show, run once per backend.
// A new backend joins by adding a factory to Backends() below.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/json/parse.hpp>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "scim/filter/parser.h"
#include "storage/postgres/pg_store.h"
#include "storage/resource_store.h"
#include "storage/sqlite/sqlite_store.h"

namespace scimd::storage {
namespace {

namespace fs = std::filesystem;
using scim::ResourceKind;

// A clock that moves forward 1 ms each time it is read, so every write gets
// a distinct, predictable timestamp.
struct FakeClock {
  std::atomic<int64_t> now{1'700'000'000'000};
  int64_t Read() { return now.fetch_add(1); }
};

struct Backend {
  std::string name;
  std::function<std::unique_ptr<ResourceStore>(const fs::path& folder, FakeClock* clock)> open;
};

// PostgreSQL joins when SCIMD_TEST_POSTGRES_URL names a server
// (tests/postgres/run_with_postgres.sh starts one); each store gets a fresh
// schema of its own.
std::unique_ptr<ResourceStore> OpenPostgres(FakeClock* clock) {
  static std::atomic<int> next_schema{0};
  Result<postgres::PgOptions> options =
      postgres::ParsePgUrl(std::getenv("SCIMD_TEST_POSTGRES_URL"));
  EXPECT_TRUE(options.ok()) << options.status().ToString();
  if (!options.ok()) return nullptr;
  options->schema =
      "conformance_" + std::to_string(getpid()) + "_" + std::to_string(next_schema.fetch_add(1));
  options->now_ms = [clock] { return clock->Read(); };
  auto store = postgres::PgStore::Open(std::move(options).value());
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return store.ok() ? std::move(store).value() : nullptr;
}

std::vector<Backend> Backends() {
  std::vector<Backend> backends = {
      {"sqlite",
       [](const fs::path& folder, FakeClock* clock) -> std::unique_ptr<ResourceStore> {
         sqlite::SqliteOptions options;
         options.now_ms = [clock] { return clock->Read(); };
         auto store = sqlite::SqliteStore::Open((folder / "store.db").string(), options);
         EXPECT_TRUE(store.ok()) << store.status().ToString();
         return store.ok() ? std::move(store).value() : nullptr;
       }},
  };
  if (std::getenv("SCIMD_TEST_POSTGRES_URL") != nullptr) {
    backends.push_back(
        {"postgres", [](const fs::path&, FakeClock* clock) { return OpenPostgres(clock); }});
  }
  return backends;
}

fs::path MakeTempFolder() {
  std::string pattern = (fs::temp_directory_path() / "scimd-store-XXXXXX").string();
  char* made = mkdtemp(pattern.data());
  EXPECT_NE(made, nullptr);
  return fs::path(pattern);
}

Resource User(std::string id, std::string user_name, std::string extra_json = "{}") {
  Resource user;
  user.kind = ResourceKind::kUser;
  user.id = std::move(id);
  user.attributes = boost::json::parse(extra_json).as_object();
  user.attributes["userName"] = user_name;
  return user;
}

Resource Group(std::string id, std::string display_name) {
  Resource group;
  group.kind = ResourceKind::kGroup;
  group.id = std::move(id);
  group.attributes["displayName"] = display_name;
  return group;
}

DirectoryRecord Directory(std::string id, int64_t created_ms = 1) {
  DirectoryRecord directory;
  directory.id = std::move(id);
  directory.name = "Directory " + directory.id;
  directory.idp = "onelogin";
  directory.secret_hash = std::string(64, 'a');
  directory.settings["strict"] = true;
  directory.created_ms = created_ms;
  return directory;
}

MemberChange Add(std::vector<std::string> ids) {
  return {MemberChange::Kind::kAdd, std::move(ids)};
}
MemberChange Remove(std::vector<std::string> ids) {
  return {MemberChange::Kind::kRemove, std::move(ids)};
}
MemberChange RemoveAll() { return {MemberChange::Kind::kRemoveAll, {}}; }

// A mutator that only queues membership changes.
Mutator Changes(std::vector<MemberChange> changes) {
  return [changes](Resource&, UpdateContext& context) {
    context.member_changes = changes;
    return Status::Ok();
  };
}

std::string AttrString(const Resource& resource, std::string_view name) {
  const boost::json::value* value = resource.attributes.if_contains(name);
  return value != nullptr && value->is_string() ? std::string(value->get_string()) : "";
}

class StoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  static constexpr const char* kDir = "aaaaaaaaaaaa";
  static constexpr const char* kOther = "bbbbbbbbbbbb";

  void SetUp() override {
    folder_ = MakeTempFolder();
    store_ = GetParam().open(folder_, &clock_);
    ASSERT_NE(store_, nullptr);
    ASSERT_TRUE(store_->CreateDirectory(Directory(kDir, 1)).ok());
    ASSERT_TRUE(store_->CreateDirectory(Directory(kOther, 2)).ok());
  }

  void TearDown() override {
    store_.reset();
    fs::remove_all(folder_);
  }

  Resource MustCreate(const Resource& resource, std::vector<std::string> member_ids = {},
                      const char* directory = kDir) {
    Result<Resource> created = store_->Create(directory, resource, member_ids);
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    return created.ok() ? *created : Resource();
  }

  std::vector<std::string> MemberIds(std::string_view group_id, const char* directory = kDir) {
    Result<std::vector<Member>> members = store_->ListMembers(directory, group_id);
    EXPECT_TRUE(members.ok()) << members.status().ToString();
    std::vector<std::string> ids;
    if (members.ok()) {
      for (const Member& member : *members) ids.push_back(member.id);
    }
    return ids;
  }

  int64_t VersionOf(ResourceKind kind, std::string_view id) {
    Result<Resource> resource = store_->Get(kDir, kind, id);
    EXPECT_TRUE(resource.ok()) << resource.status().ToString();
    return resource.ok() ? resource->version : -1;
  }

  struct Found {
    int64_t total = -1;
    std::vector<std::string> ids;
  };

  // Runs Find with `filter` ("" for none) and returns the total and page ids.
  Found FindIds(ResourceKind kind, const std::string& filter, int64_t start_index = 1,
                int64_t count = 100, std::optional<SortSpec> sort = std::nullopt) {
    scim::filter::NodePtr node;
    if (!filter.empty()) {
      Result<scim::filter::NodePtr> parsed = scim::filter::Parse(filter);
      EXPECT_TRUE(parsed.ok()) << filter << ": " << parsed.status().ToString();
      if (!parsed.ok()) return {};
      node = std::move(parsed).value();
    }
    Query query;
    query.filter = node.get();
    query.sort = std::move(sort);
    query.start_index = start_index;
    query.count = count;
    Result<QueryResult> result = store_->Find(kDir, kind, query);
    EXPECT_TRUE(result.ok()) << filter << ": " << result.status().ToString();
    Found found;
    if (!result.ok()) return found;
    found.total = result->total_results;
    for (const Resource& resource : result->resources) found.ids.push_back(resource.id);
    return found;
  }

  static SortSpec SortBy(std::string attr, bool descending = false) {
    SortSpec sort;
    Result<scim::AttrPath> path = scim::ParseAttrPath(attr);
    EXPECT_TRUE(path.ok()) << attr;
    if (path.ok()) sort.path = *path;
    sort.descending = descending;
    return sort;
  }

  FakeClock clock_;
  fs::path folder_;
  std::unique_ptr<ResourceStore> store_;
};

// --- Directories --------------------------------------------------------------

TEST_P(StoreTest, DirectoryCrud) {
  EXPECT_EQ(store_->CreateDirectory(Directory(kDir)).code(), Code::kUniqueness);

  Result<DirectoryRecord> got = store_->GetDirectory(kDir);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->name, "Directory aaaaaaaaaaaa");
  EXPECT_EQ(got->idp, "onelogin");
  EXPECT_EQ(got->secret_hash, std::string(64, 'a'));
  EXPECT_EQ(got->settings.at("strict"), true);
  EXPECT_EQ(got->created_ms, 1);
  EXPECT_EQ(store_->GetDirectory("cccccccccccc").status().code(), Code::kNotFound);

  ASSERT_TRUE(store_->CreateDirectory(Directory("cccccccccccc", 0)).ok());
  Result<std::vector<DirectoryRecord>> list = store_->ListDirectories();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ((*list)[0].id, "cccccccccccc");  // created earliest
  EXPECT_EQ((*list)[1].id, kDir);
  EXPECT_EQ((*list)[2].id, kOther);

  DirectoryRecord changed = Directory(kDir);
  changed.name = "Renamed";
  changed.idp = "entra";
  changed.settings = {{"strict", false}};
  ASSERT_TRUE(store_->UpdateDirectory(changed).ok());
  got = store_->GetDirectory(kDir);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->name, "Renamed");
  EXPECT_EQ(got->idp, "entra");
  EXPECT_EQ(got->settings.at("strict"), false);
  EXPECT_EQ(store_->UpdateDirectory(Directory("dddddddddddd")).code(), Code::kNotFound);

  ASSERT_TRUE(store_->DeleteDirectory("cccccccccccc").ok());
  EXPECT_EQ(store_->GetDirectory("cccccccccccc").status().code(), Code::kNotFound);
  EXPECT_EQ(store_->DeleteDirectory("cccccccccccc").code(), Code::kNotFound);
}

TEST_P(StoreTest, DirectoryPreviousSecretRoundTrips) {
  // A directory created before any rotation has no previous secret.
  Result<DirectoryRecord> got = store_->GetDirectory(kDir);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->previous_secret_hash, "");
  EXPECT_EQ(got->previous_secret_expires_ms, 0);

  DirectoryRecord created = Directory("cccccccccccc");
  created.previous_secret_hash = std::string(64, 'c');
  created.previous_secret_expires_ms = 4'102'444'800'123;  // beyond 32 bits
  ASSERT_TRUE(store_->CreateDirectory(created).ok());
  got = store_->GetDirectory("cccccccccccc");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->previous_secret_hash, std::string(64, 'c'));
  EXPECT_EQ(got->previous_secret_expires_ms, 4'102'444'800'123);

  DirectoryRecord rotated = Directory(kDir);
  rotated.secret_hash = std::string(64, 'b');
  rotated.previous_secret_hash = std::string(64, 'a');
  rotated.previous_secret_expires_ms = 1'700'000'000'000;
  ASSERT_TRUE(store_->UpdateDirectory(rotated).ok());
  Result<std::vector<DirectoryRecord>> list = store_->ListDirectories();
  ASSERT_TRUE(list.ok());
  bool seen = false;
  for (const DirectoryRecord& directory : *list) {
    if (directory.id != kDir) continue;
    seen = true;
    EXPECT_EQ(directory.secret_hash, std::string(64, 'b'));
    EXPECT_EQ(directory.previous_secret_hash, std::string(64, 'a'));
    EXPECT_EQ(directory.previous_secret_expires_ms, 1'700'000'000'000);
  }
  EXPECT_TRUE(seen);

  // Clearing it (a rotation without grace) stores the empty state again.
  rotated.previous_secret_hash.clear();
  rotated.previous_secret_expires_ms = 0;
  ASSERT_TRUE(store_->UpdateDirectory(rotated).ok());
  got = store_->GetDirectory(kDir);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->previous_secret_hash, "");
  EXPECT_EQ(got->previous_secret_expires_ms, 0);
}

TEST_P(StoreTest, DeleteDirectoryRemovesEverythingInIt) {
  MustCreate(User("u1", "alice", R"({"emails":[{"value":"a@example.com"}]})"));
  MustCreate(Group("g1", "Admins"), {"u1"});
  MustCreate(User("u1", "alice"), {}, kOther);

  ASSERT_TRUE(store_->DeleteDirectory(kDir).ok());
  EXPECT_EQ(store_->Get(kDir, ResourceKind::kUser, "u1").status().code(), Code::kNotFound);
  EXPECT_EQ(store_->Count(kDir, ResourceKind::kUser).status().code(), Code::kNotFound);

  // The same id starts empty, and the other directory is untouched.
  ASSERT_TRUE(store_->CreateDirectory(Directory(kDir)).ok());
  EXPECT_EQ(*store_->Count(kDir, ResourceKind::kUser), 0);
  EXPECT_EQ(*store_->Count(kDir, ResourceKind::kGroup), 0);
  Result<std::vector<GroupRef>> groups = store_->GroupsOf(kDir, "u1");
  ASSERT_TRUE(groups.ok());
  EXPECT_TRUE(groups->empty());
  EXPECT_EQ(*store_->Count(kOther, ResourceKind::kUser), 1);
}

// --- Users and groups ---------------------------------------------------------

TEST_P(StoreTest, CreateAndGetUser) {
  Resource created = MustCreate(User("u1", "Alice", R"({"active":true,"externalId":"ext-1"})"));
  EXPECT_EQ(created.version, 1);
  EXPECT_GT(created.created_ms, 0);
  EXPECT_EQ(created.created_ms, created.modified_ms);

  Result<Resource> got = store_->Get(kDir, ResourceKind::kUser, "u1");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->id, "u1");
  EXPECT_EQ(got->kind, ResourceKind::kUser);
  EXPECT_EQ(got->attributes, created.attributes);
  EXPECT_EQ(AttrString(*got, "userName"), "Alice");  // case kept as sent
  EXPECT_EQ(got->version, 1);
  EXPECT_EQ(got->created_ms, created.created_ms);
  EXPECT_EQ(got->modified_ms, created.modified_ms);

  EXPECT_EQ(store_->Get(kDir, ResourceKind::kGroup, "u1").status().code(), Code::kNotFound);
  EXPECT_EQ(store_->Get(kDir, ResourceKind::kUser, "nope").status().code(), Code::kNotFound);
  EXPECT_EQ(*store_->Count(kDir, ResourceKind::kUser), 1);
  EXPECT_EQ(*store_->Count(kDir, ResourceKind::kGroup), 0);
}

TEST_P(StoreTest, CreateFailures) {
  EXPECT_EQ(store_->Create("zzzzzzzzzzzz", User("u1", "alice"), {}).status().code(),
            Code::kNotFound);
  Resource nameless = User("u1", "alice");
  nameless.attributes.erase("userName");
  EXPECT_EQ(store_->Create(kDir, nameless, {}).status().code(), Code::kInvalidValue);
  EXPECT_EQ(store_->Create(kDir, User("u1", "alice"), {"x"}).status().code(),
            Code::kInvalidValue);  // users have no members

  MustCreate(User("u1", "alice"));
  // Ids are unique in a directory across users and groups.
  EXPECT_EQ(store_->Create(kDir, User("u1", "bob"), {}).status().code(), Code::kUniqueness);
  EXPECT_EQ(store_->Create(kDir, Group("u1", "Admins"), {}).status().code(), Code::kUniqueness);
  EXPECT_EQ(*store_->Count(kDir, ResourceKind::kUser), 1);
  EXPECT_EQ(*store_->Count(kDir, ResourceKind::kGroup), 0);
}

TEST_P(StoreTest, UserNameIsUniqueCaseInsensitivelyPerDirectory) {
  MustCreate(User("u1", "Alice@Example.com"));
  Result<Resource> clash = store_->Create(kDir, User("u2", "alice@example.COM"), {});
  EXPECT_EQ(clash.status().code(), Code::kUniqueness);
  EXPECT_NE(clash.status().detail().find("userName"), std::string::npos);
  EXPECT_EQ(store_->Get(kDir, ResourceKind::kUser, "u2").status().code(), Code::kNotFound);

  // Another directory may use the same userName.
  MustCreate(User("u2", "alice@example.com"), {}, kOther);

  // Renaming onto a taken name fails and changes nothing.
  MustCreate(User("u3", "bob"));
  Result<Resource> renamed =
      store_->Update(kDir, ResourceKind::kUser, "u3", [](Resource& r, UpdateContext&) {
        r.attributes["userName"] = "ALICE@example.com";
        return Status::Ok();
      });
  EXPECT_EQ(renamed.status().code(), Code::kUniqueness);
  Result<Resource> u3 = store_->Get(kDir, ResourceKind::kUser, "u3");
  ASSERT_TRUE(u3.ok());
  EXPECT_EQ(AttrString(*u3, "userName"), "bob");
  EXPECT_EQ(u3->version, 1);
}

TEST_P(StoreTest, GroupDisplayNameIsUniqueCaseInsensitively) {
  MustCreate(Group("g1", "Admins"));
  EXPECT_EQ(store_->Create(kDir, Group("g2", "ADMINS"), {}).status().code(), Code::kUniqueness);
  // Users and groups have separate name spaces.
  MustCreate(User("u1", "admins"));
}

TEST_P(StoreTest, DirectoriesAreIsolated) {
  MustCreate(User("u1", "alice"));
  MustCreate(Group("g1", "Admins"));
  MustCreate(Group("g2", "Staff"), {}, kOther);

  EXPECT_EQ(store_->Get(kOther, ResourceKind::kUser, "u1").status().code(), Code::kNotFound);
  EXPECT_EQ(store_->Update(kOther, ResourceKind::kUser, "u1", Changes({})).status().code(),
            Code::kNotFound);
  EXPECT_EQ(store_->Delete(kOther, ResourceKind::kUser, "u1").code(), Code::kNotFound);
  EXPECT_EQ(store_->ListMembers(kOther, "g1").status().code(), Code::kNotFound);

  // A member id of directory A cannot be linked from directory B.
  Result<Resource> linked =
      store_->Update(kOther, ResourceKind::kGroup, "g2", Changes({Add({"u1"})}));
  EXPECT_EQ(linked.status().code(), Code::kInvalidValue);
  EXPECT_NE(linked.status().detail().find("u1"), std::string::npos);
  EXPECT_EQ(store_->Create(kOther, Group("g3", "Ops"), {"u1"}).status().code(),
            Code::kInvalidValue);
  EXPECT_TRUE(MemberIds("g2", kOther).empty());

  Query all;
  all.count = 10;
  Result<QueryResult> found = store_->Find(kOther, ResourceKind::kUser, all);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->total_results, 0);
  EXPECT_TRUE(store_->Get(kDir, ResourceKind::kUser, "u1").ok());
}

TEST_P(StoreTest, CreateGroupWithMembers) {
  MustCreate(User("u2", "bob", R"({"displayName":"Bob B"})"));
  MustCreate(User("u1", "alice"));
  MustCreate(Group("g0", "Inner"));
  Resource group = MustCreate(Group("g1", "Admins"), {"u2", "u1", "g0", "u1"});
  EXPECT_EQ(group.version, 1);

  Result<std::vector<Member>> members = store_->ListMembers(kDir, "g1");
  ASSERT_TRUE(members.ok());
  ASSERT_EQ(members->size(), 3u);  // ordered by id, duplicates linked once
  EXPECT_EQ((*members)[0].id, "g0");
  EXPECT_EQ((*members)[0].kind, ResourceKind::kGroup);
  EXPECT_EQ((*members)[0].display, "Inner");
  EXPECT_EQ((*members)[1].id, "u1");
  EXPECT_EQ((*members)[1].kind, ResourceKind::kUser);
  EXPECT_EQ((*members)[1].display, "alice");  // no displayName: userName
  EXPECT_EQ((*members)[2].display, "Bob B");

  Result<std::vector<GroupRef>> groups = store_->GroupsOf(kDir, "u1");
  ASSERT_TRUE(groups.ok());
  ASSERT_EQ(groups->size(), 1u);
  EXPECT_EQ((*groups)[0].id, "g1");
  EXPECT_EQ((*groups)[0].display, "Admins");

  // A failing member id rejects the whole create.
  Result<Resource> bad = store_->Create(kDir, Group("g2", "Bad"), {"u1", "missing"});
  EXPECT_EQ(bad.status().code(), Code::kInvalidValue);
  EXPECT_NE(bad.status().detail().find("missing"), std::string::npos);
  EXPECT_EQ(store_->Get(kDir, ResourceKind::kGroup, "g2").status().code(), Code::kNotFound);
  EXPECT_EQ(store_->GroupsOf(kDir, "u1")->size(), 1u);
}

TEST_P(StoreTest, MemberChangesApplyInOrder) {
  for (const char* id : {"u1", "u2", "u3", "u4"}) MustCreate(User(id, std::string("n") + id));
  MustCreate(Group("g1", "Admins"));

  ASSERT_TRUE(store_
                  ->Update(kDir, ResourceKind::kGroup, "g1",
                           Changes({Add({"u1", "u2"}), Remove({"u1"}), Add({"u3"})}))
                  .ok());
  EXPECT_EQ(MemberIds("g1"), (std::vector<std::string>{"u2", "u3"}));

  ASSERT_TRUE(store_
                  ->Update(kDir, ResourceKind::kGroup, "g1",
                           Changes({RemoveAll(), Add({"u4", "u1"}), Remove({"u4", "absent"})}))
                  .ok());
  EXPECT_EQ(MemberIds("g1"), (std::vector<std::string>{"u1"}));

  ASSERT_TRUE(
      store_->Update(kDir, ResourceKind::kGroup, "g1", Changes({Add({"u2"}), RemoveAll()})).ok());
  EXPECT_TRUE(MemberIds("g1").empty());
  EXPECT_EQ(VersionOf(ResourceKind::kGroup, "g1"), 4);
}

TEST_P(StoreTest, GroupCannotContainItself) {
  MustCreate(Group("g1", "Admins"));
  Result<Resource> self = store_->Update(kDir, ResourceKind::kGroup, "g1", Changes({Add({"g1"})}));
  EXPECT_EQ(self.status().code(), Code::kInvalidValue);
  EXPECT_NE(self.status().detail().find("g1"), std::string::npos);
}

TEST_P(StoreTest, UpdateContextListsCurrentMembers) {
  MustCreate(User("u1", "alice"));
  MustCreate(Group("g1", "Admins"), {"u1"});
  std::vector<std::string> seen;
  ASSERT_TRUE(store_
                  ->Update(kDir, ResourceKind::kGroup, "g1",
                           [&seen](Resource&, UpdateContext& context) {
                             Result<std::vector<Member>> members = context.Members();
                             if (!members.ok()) return members.status();
                             for (const Member& m : *members) seen.push_back(m.id);
                             return Status::Ok();
                           })
                  .ok());
  EXPECT_EQ(seen, std::vector<std::string>{"u1"});
}

TEST_P(StoreTest, UpdateBumpsVersionAndKeepsIdentity) {
  Resource created = MustCreate(User("u1", "alice", R"({"emails":[{"value":"a@x.com"}]})"));
  Result<Resource> updated =
      store_->Update(kDir, ResourceKind::kUser, "u1", [](Resource& r, UpdateContext&) {
        r.attributes["userName"] = "alice2";
        r.id = "hijacked";  // ignored: identity belongs to the store
        r.version = 100;
        r.created_ms = 5;
        return Status::Ok();
      });
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_EQ(updated->id, "u1");
  EXPECT_EQ(updated->version, 2);
  EXPECT_EQ(updated->created_ms, created.created_ms);
  EXPECT_GT(updated->modified_ms, created.modified_ms);

  Result<Resource> got = store_->Get(kDir, ResourceKind::kUser, "u1");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(AttrString(*got, "userName"), "alice2");
  EXPECT_EQ(got->version, 2);
  EXPECT_EQ(got->modified_ms, updated->modified_ms);
  EXPECT_EQ(store_->Get(kDir, ResourceKind::kUser, "hijacked").status().code(), Code::kNotFound);

  // The old name is free again.
  MustCreate(User("u2", "alice"));
  EXPECT_EQ(store_->Update(kDir, ResourceKind::kUser, "nope", Changes({})).status().code(),
            Code::kNotFound);
}

TEST_P(StoreTest, FailingMutatorWritesNothing) {
  MustCreate(User("u1", "alice"));
  MustCreate(Group("g1", "Admins"));
  Result<Resource> failed =
      store_->Update(kDir, ResourceKind::kGroup, "g1", [](Resource& r, UpdateContext& context) {
        r.attributes["displayName"] = "Changed";
        context.member_changes.push_back(Add({"u1"}));
        return Mutability("displayName is frozen");
      });
  EXPECT_EQ(failed.status().code(), Code::kMutability);  // passed through unchanged
  EXPECT_EQ(failed.status().detail(), "displayName is frozen");

  Result<Resource> got = store_->Get(kDir, ResourceKind::kGroup, "g1");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(AttrString(*got, "displayName"), "Admins");
  EXPECT_EQ(got->version, 1);
  EXPECT_TRUE(MemberIds("g1").empty());
}

TEST_P(StoreTest, FailingMemberAddRollsBackTheWholeUpdate) {
  MustCreate(User("u1", "alice"));
  MustCreate(User("u2", "bob"));
  MustCreate(Group("g1", "Admins"), {"u2"});
  Result<Resource> failed =
      store_->Update(kDir, ResourceKind::kGroup, "g1", [](Resource& r, UpdateContext& context) {
        r.attributes["displayName"] = "Changed";
        context.member_changes = {RemoveAll(), Add({"u1", "ghost"})};
        return Status::Ok();
      });
  EXPECT_EQ(failed.status().code(), Code::kInvalidValue);
  EXPECT_NE(failed.status().detail().find("ghost"), std::string::npos);

  Result<Resource> got = store_->Get(kDir, ResourceKind::kGroup, "g1");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(AttrString(*got, "displayName"), "Admins");
  EXPECT_EQ(got->version, 1);
  EXPECT_EQ(MemberIds("g1"), std::vector<std::string>{"u2"});
}

TEST_P(StoreTest, DeletingAUserRemovesItsMembershipsAndBumpsItsGroups) {
  MustCreate(User("u1", "alice"));
  MustCreate(User("u2", "bob"));
  MustCreate(Group("g1", "Admins"), {"u1", "u2"});
  MustCreate(Group("g2", "Staff"), {"u1"});
  MustCreate(Group("g3", "Other"), {"u2"});
  int64_t g1_modified = store_->Get(kDir, ResourceKind::kGroup, "g1")->modified_ms;

  ASSERT_TRUE(store_->Delete(kDir, ResourceKind::kUser, "u1").ok());
  EXPECT_EQ(store_->Get(kDir, ResourceKind::kUser, "u1").status().code(), Code::kNotFound);
  EXPECT_EQ(MemberIds("g1"), std::vector<std::string>{"u2"});
  EXPECT_TRUE(MemberIds("g2").empty());
  EXPECT_EQ(VersionOf(ResourceKind::kGroup, "g1"), 2);
  EXPECT_EQ(VersionOf(ResourceKind::kGroup, "g2"), 2);
  EXPECT_EQ(VersionOf(ResourceKind::kGroup, "g3"), 1);  // never had u1
  EXPECT_GT(store_->Get(kDir, ResourceKind::kGroup, "g1")->modified_ms, g1_modified);
  EXPECT_TRUE(store_->GroupsOf(kDir, "u1")->empty());

  EXPECT_EQ(store_->Delete(kDir, ResourceKind::kUser, "u1").code(), Code::kNotFound);
  // Its userName is free again.
  MustCreate(User("u9", "alice"));
}

TEST_P(StoreTest, DeletingAGroupRemovesBothSidesOfItsMemberships) {
  MustCreate(User("u1", "alice"));
  MustCreate(Group("inner", "Inner"), {"u1"});
  MustCreate(Group("outer", "Outer"), {"inner"});

  ASSERT_TRUE(store_->Delete(kDir, ResourceKind::kGroup, "inner").ok());
  EXPECT_TRUE(store_->GroupsOf(kDir, "u1")->empty());
  EXPECT_TRUE(MemberIds("outer").empty());
  EXPECT_EQ(VersionOf(ResourceKind::kGroup, "outer"), 2);
  EXPECT_EQ(store_->ListMembers(kDir, "inner").status().code(), Code::kNotFound);
  EXPECT_EQ(VersionOf(ResourceKind::kUser, "u1"), 1);
}

// --- Import --------------------------------------------------------------------

using Memberships = std::vector<std::pair<std::string, std::string>>;

TEST_P(StoreTest, ImportInsertsUsersGroupsAndMemberships) {
  MustCreate(User("u0", "existing"));
  std::vector<Resource> batch = {
      User("u1", "Alice", R"({"externalId":"e1","emails":[{"value":"A@x.example"}]})"),
      User("u2", "bob"), Group("g1", "Admins"), Group("g2", "Nested")};
  Memberships memberships = {{"g1", "u1"}, {"g1", "u0"}, {"g1", "g2"}, {"g2", "u2"}};
  ASSERT_TRUE(store_->Import(kDir, batch, memberships).ok());

  Result<Resource> alice = store_->Get(kDir, ResourceKind::kUser, "u1");
  ASSERT_TRUE(alice.ok()) << alice.status().ToString();
  EXPECT_EQ(alice->version, 1);
  EXPECT_EQ(alice->created_ms, alice->modified_ms);
  EXPECT_EQ(AttrString(*alice, "externalId"), "e1");
  EXPECT_EQ(MemberIds("g1"), (std::vector<std::string>{"g2", "u0", "u1"}));
  EXPECT_EQ(MemberIds("g2"), std::vector<std::string>{"u2"});
  EXPECT_EQ(VersionOf(ResourceKind::kGroup, "g1"), 1);
  // The lookup columns are filled as Create fills them.
  EXPECT_EQ(FindIds(ResourceKind::kUser, R"(emails.value eq "a@X.example")").ids,
            std::vector<std::string>{"u1"});
  EXPECT_EQ(FindIds(ResourceKind::kUser, R"(userName eq "ALICE")").ids,
            std::vector<std::string>{"u1"});
  EXPECT_EQ(FindIds(ResourceKind::kGroup, R"(members.value eq "u0")").ids,
            std::vector<std::string>{"g1"});
  EXPECT_EQ(store_->Count(kDir, ResourceKind::kUser).value(), 3);
  EXPECT_EQ(store_->Count(kOther, ResourceKind::kUser).value(), 0);
}

TEST_P(StoreTest, ImportIntoAnExistingGroupBumpsItsVersion) {
  MustCreate(Group("g1", "Admins"));
  ASSERT_TRUE(store_->Import(kDir, {User("u1", "alice")}, {{"g1", "u1"}}).ok());
  EXPECT_EQ(MemberIds("g1"), std::vector<std::string>{"u1"});
  EXPECT_EQ(VersionOf(ResourceKind::kGroup, "g1"), 2);
}

TEST_P(StoreTest, ImportFailuresWriteNothing) {
  MustCreate(User("u0", "taken"));
  MustCreate(User("x0", "elsewhere"), {}, kOther);
  struct Case {
    std::string name;
    std::vector<Resource> resources;
    Memberships memberships;
    Code code;
  };
  std::vector<Case> cases = {
      {"userName taken", {User("u1", "a"), User("u2", "TAKEN")}, {}, Code::kUniqueness},
      {"userName twice", {User("u1", "a"), User("u2", "A")}, {}, Code::kUniqueness},
      {"id taken", {User("u1", "a"), Group("u0", "G")}, {}, Code::kUniqueness},
      {"id twice", {User("u1", "a"), User("u1", "b")}, {}, Code::kUniqueness},
      {"displayName twice", {Group("g1", "G"), Group("g2", "g")}, {}, Code::kUniqueness},
      {"no userName", {User("u1", "a"), User("u2", "")}, {}, Code::kInvalidValue},
      {"unknown member",
       {User("u1", "a"), Group("g1", "G")},
       {{"g1", "nope"}},
       Code::kInvalidValue},
      {"member of another directory", {Group("g1", "G")}, {{"g1", "x0"}}, Code::kInvalidValue},
      {"group is a user", {User("u1", "a")}, {{"u0", "u1"}}, Code::kInvalidValue},
      {"unknown group", {User("u1", "a")}, {{"g9", "u1"}}, Code::kInvalidValue},
      {"group in itself", {Group("g1", "G")}, {{"g1", "g1"}}, Code::kInvalidValue},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(store_->Import(kDir, c.resources, c.memberships).code(), c.code);
    EXPECT_EQ(store_->Count(kDir, ResourceKind::kUser).value(), 1);
    EXPECT_EQ(store_->Count(kDir, ResourceKind::kGroup).value(), 0);
  }
  EXPECT_EQ(store_->Import("zzzzzzzzzzzz", {User("u1", "a")}, {}).code(), Code::kNotFound);
}

TEST_P(StoreTest, ImportOfNothingSucceeds) {
  EXPECT_TRUE(store_->Import(kDir, {}, {}).ok());
  EXPECT_EQ(store_->Count(kDir, ResourceKind::kUser).value(), 0);
}

// --- Find ----------------------------------------------------------------------

using Ids = std::vector<std::string>;

class FindTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    MustCreate(
        User("u1", "Alice@Example.com",
             R"({"externalId":"ext-1","displayName":"Alice","emails":[)"
             R"({"value":"alice@example.com","primary":true},{"value":"ALICE@work.example"}]})"));
    MustCreate(User("u2", "bob", R"({"externalId":"ext-2","displayName":"Bob B","active":false})"));
    MustCreate(User("u3", "carol", R"({"emails":[{"value":"carol@example.com"}]})"));
    MustCreate(User("u0", "dave"));
    MustCreate(User("u9", "erin", R"({"externalId":"EXT-1"})"));
    MustCreate(Group("g1", "Admins"), {"u1", "u2"});
    MustCreate(Group("g2", "Staff"), {"u3"});
    // Same names in the other directory must never show up.
    MustCreate(User("x1", "alice@example.com", R"({"externalId":"ext-1"})"), {}, kOther);
  }
};

TEST_P(FindTest, UserNameEqIgnoresCase) {
  EXPECT_EQ(FindIds(ResourceKind::kUser, R"(userName eq "alice@EXAMPLE.com")").ids, Ids{"u1"});
  EXPECT_EQ(FindIds(ResourceKind::kUser, R"(USERNAME eq "BOB")").ids, Ids{"u2"});
  EXPECT_EQ(FindIds(ResourceKind::kUser, R"(userName eq "nobody")").total, 0);
}

TEST_P(FindTest, ExternalIdEqIsCaseExact) {
  EXPECT_EQ(FindIds(ResourceKind::kUser, R"(externalId eq "ext-1")").ids, Ids{"u1"});
  EXPECT_EQ(FindIds(ResourceKind::kUser, R"(externalId eq "EXT-1")").ids, Ids{"u9"});
}

TEST_P(FindTest, EmailValueEqMatchesAnyEmail) {
  EXPECT_EQ(FindIds(ResourceKind::kUser, R"(emails.value eq "alice@work.example")").ids, Ids{"u1"});
  EXPECT_EQ(FindIds(ResourceKind::kUser, R"(emails.value eq "Carol@Example.com")").ids, Ids{"u3"});
  EXPECT_EQ(FindIds(ResourceKind::kUser, R"(emails[value eq "alice@example.com"])").ids, Ids{"u1"});
}

TEST_P(FindTest, EmailIndexFollowsUpdatesAndDeletes) {
  ASSERT_TRUE(store_
                  ->Update(kDir, ResourceKind::kUser, "u3",
                           [](Resource& r, UpdateContext&) {
                             r.attributes["emails"] =
                                 boost::json::parse(R"([{"value":"c@new.example"}])");
                             return Status::Ok();
                           })
                  .ok());
  EXPECT_EQ(FindIds(ResourceKind::kUser, R"(emails.value eq "carol@example.com")").total, 0);
  EXPECT_EQ(FindIds(ResourceKind::kUser, R"(emails.value eq "c@new.example")").ids, Ids{"u3"});
  ASSERT_TRUE(store_->Delete(kDir, ResourceKind::kUser, "u3").ok());
  EXPECT_EQ(FindIds(ResourceKind::kUser, R"(emails.value eq "c@new.example")").total, 0);
}

TEST_P(FindTest, GroupDisplayNameEq) {
  EXPECT_EQ(FindIds(ResourceKind::kGroup, R"(displayName eq "admins")").ids, Ids{"g1"});
  EXPECT_EQ(FindIds(ResourceKind::kGroup, R"(displayName eq "Nobody")").total, 0);
}

TEST_P(FindTest, GroupsByMember) {
  EXPECT_EQ(FindIds(ResourceKind::kGroup, R"(members[value eq "u3"])").ids, Ids{"g2"});
  // display is not stored in a column: checked in memory against the members.
  EXPECT_EQ(FindIds(ResourceKind::kGroup, R"(members.display eq "Bob B")").ids, Ids{"g1"});
}

TEST_P(FindTest, AndOrNot) {
  EXPECT_EQ(FindIds(ResourceKind::kUser, R"(userName eq "bob" or externalId eq "ext-1")").ids,
            (Ids{"u1", "u2"}));
  EXPECT_EQ(FindIds(ResourceKind::kUser, R"(userName eq "bob" and externalId eq "ext-1")").total,
            0);
  EXPECT_EQ(FindIds(ResourceKind::kUser, R"(userName eq "bob" and active eq false)").ids,
            Ids{"u2"});
  EXPECT_EQ(FindIds(ResourceKind::kUser, R"(externalId pr and not (externalId eq "ext-2"))").ids,
            (Ids{"u1", "u9"}));
}

TEST_P(FindTest, PagesInCreationOrder) {
  // Created u1, u2, u3, u0, u9: the default order is creation, not id.
  EXPECT_EQ(FindIds(ResourceKind::kUser, "").ids, (Ids{"u1", "u2", "u3", "u0", "u9"}));
  Found page = FindIds(ResourceKind::kUser, "", 2, 2);
  EXPECT_EQ(page.total, 5);
  EXPECT_EQ(page.ids, (Ids{"u2", "u3"}));
  page = FindIds(ResourceKind::kUser, "", 5, 10);
  EXPECT_EQ(page.total, 5);
  EXPECT_EQ(page.ids, Ids{"u9"});
  page = FindIds(ResourceKind::kUser, "", 9, 10);
  EXPECT_EQ(page.total, 5);
  EXPECT_TRUE(page.ids.empty());
  page = FindIds(ResourceKind::kUser, "", 1, 0);  // count=0: only the total
  EXPECT_EQ(page.total, 5);
  EXPECT_TRUE(page.ids.empty());
  page = FindIds(ResourceKind::kUser, R"(externalId pr)", 2, 1);
  EXPECT_EQ(page.total, 3);
  EXPECT_EQ(page.ids, Ids{"u2"});
}

TEST_P(FindTest, InMemoryFilteringPagesToo) {
  MustCreate(Group("g3", "Bob's"), {"u2"});
  Found page = FindIds(ResourceKind::kGroup, R"(members.display eq "Bob B")", 2, 1);
  EXPECT_EQ(page.total, 2);
  EXPECT_EQ(page.ids, Ids{"g3"});
}

TEST_P(FindTest, SortsByAttribute) {
  EXPECT_EQ(FindIds(ResourceKind::kUser, "", 1, 100, SortBy("userName")).ids,
            (Ids{"u1", "u2", "u3", "u0", "u9"}));
  EXPECT_EQ(FindIds(ResourceKind::kUser, "", 1, 100, SortBy("userName", true)).ids,
            (Ids{"u9", "u0", "u3", "u2", "u1"}));
  EXPECT_EQ(FindIds(ResourceKind::kUser, "", 1, 2, SortBy("id", true)).ids, (Ids{"u9", "u3"}));
  // Users without an externalId come last.
  EXPECT_EQ(FindIds(ResourceKind::kUser, "", 1, 100, SortBy("externalId")).ids,
            (Ids{"u9", "u1", "u2", "u0", "u3"}));
}

TEST_P(FindTest, RejectsWhatCannotBeEvaluated) {
  Result<scim::filter::NodePtr> parsed = scim::filter::Parse(R"(noSuchAttr eq "x")");
  ASSERT_TRUE(parsed.ok());
  Query query;
  query.filter = parsed->get();
  query.count = 10;
  EXPECT_EQ(store_->Find(kDir, ResourceKind::kUser, query).status().code(), Code::kInvalidFilter);
  EXPECT_EQ(store_->Find("zzzzzzzzzzzz", ResourceKind::kUser, Query()).status().code(),
            Code::kNotFound);
}

// --- Keyset (cursor) paging ---------------------------------------------------

struct KeysetPage {
  int64_t total = -1;
  std::vector<std::string> ids;
  std::optional<KeysetPosition> next;
  std::optional<KeysetPosition> previous;
};

KeysetPage FindKeyset(ResourceStore& store, ResourceKind kind, const std::string& filter,
                      int64_t count, std::optional<KeysetPosition> after,
                      std::optional<KeysetPosition> before = std::nullopt,
                      std::optional<SortSpec> sort = std::nullopt) {
  scim::filter::NodePtr node;
  if (!filter.empty()) {
    Result<scim::filter::NodePtr> parsed = scim::filter::Parse(filter);
    EXPECT_TRUE(parsed.ok()) << filter;
    if (!parsed.ok()) return {};
    node = std::move(parsed).value();
  }
  Query query;
  query.filter = node.get();
  query.sort = std::move(sort);
  query.count = count;
  query.keyset = true;
  query.after = std::move(after);
  query.before = std::move(before);
  Result<QueryResult> result = store.Find("aaaaaaaaaaaa", kind, query);
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  KeysetPage page;
  if (!result.ok()) return page;
  page.total = result->total_results;
  for (const Resource& resource : result->resources) page.ids.push_back(resource.id);
  page.next = result->next;
  page.previous = result->previous;
  return page;
}

// Walks forward from the first page and returns every id seen, in order.
std::vector<std::string> WalkForward(ResourceStore& store, ResourceKind kind,
                                     const std::string& filter, int64_t count,
                                     std::optional<SortSpec> sort = std::nullopt) {
  std::vector<std::string> seen;
  std::optional<KeysetPosition> after;
  for (int pages = 0; pages < 1000; ++pages) {
    KeysetPage page = FindKeyset(store, kind, filter, count, after, std::nullopt, sort);
    EXPECT_LE(static_cast<int64_t>(page.ids.size()), count);
    seen.insert(seen.end(), page.ids.begin(), page.ids.end());
    if (!page.next) break;
    EXPECT_EQ(static_cast<int64_t>(page.ids.size()), count);
    after = page.next;
  }
  return seen;
}

TEST_P(FindTest, KeysetPagesFollowTheIndexOrder) {
  KeysetPage first = FindKeyset(*store_, ResourceKind::kUser, "", 2, std::nullopt);
  EXPECT_EQ(first.total, 5);
  EXPECT_EQ(first.ids, (Ids{"u1", "u2"}));
  ASSERT_TRUE(first.next.has_value());
  EXPECT_EQ(first.next->id, "u2");
  EXPECT_FALSE(first.previous.has_value());

  KeysetPage second = FindKeyset(*store_, ResourceKind::kUser, "", 2, first.next);
  EXPECT_EQ(second.total, 5);
  EXPECT_EQ(second.ids, (Ids{"u3", "u0"}));
  ASSERT_TRUE(second.previous.has_value());
  EXPECT_EQ(second.previous->id, "u3");

  KeysetPage last = FindKeyset(*store_, ResourceKind::kUser, "", 2, second.next);
  EXPECT_EQ(last.ids, Ids{"u9"});
  EXPECT_FALSE(last.next.has_value());

  // Back from the second page: the first page again.
  KeysetPage back = FindKeyset(*store_, ResourceKind::kUser, "", 2, std::nullopt, second.previous);
  EXPECT_EQ(back.ids, (Ids{"u1", "u2"}));
  EXPECT_FALSE(back.previous.has_value());
  ASSERT_TRUE(back.next.has_value());
  EXPECT_EQ(back.next->id, "u2");

  // An exactly full last page has no next.
  KeysetPage all = FindKeyset(*store_, ResourceKind::kUser, "", 5, std::nullopt);
  EXPECT_EQ(all.ids.size(), 5u);
  EXPECT_FALSE(all.next.has_value());
  // count 0: only the total.
  KeysetPage none = FindKeyset(*store_, ResourceKind::kUser, "", 0, std::nullopt);
  EXPECT_EQ(none.total, 5);
  EXPECT_TRUE(none.ids.empty());
  EXPECT_FALSE(none.next.has_value());
}

TEST_P(FindTest, KeysetWalksAgreeWithIndexPaging) {
  MustCreate(User("u5", "frank", R"({"externalId":"ext-1"})"));
  MustCreate(User("u4", "grace"));
  struct Case {
    std::string filter;
    std::optional<SortSpec> sort;
  };
  std::vector<Case> cases = {
      {"", std::nullopt},
      {"", SortBy("userName")},
      {"", SortBy("userName", true)},
      {"", SortBy("externalId")},
      {"", SortBy("externalId", true)},
      {"", SortBy("displayName")},
      {"", SortBy("id", true)},
      {"", SortBy("meta.lastModified", true)},
      {R"(externalId pr)", SortBy("externalId")},
      {R"(userName sw "a" or externalId eq "ext-1")", std::nullopt},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.filter + " sort " + (c.sort ? c.sort->path.attr : "-") +
                 (c.sort && c.sort->descending ? " desc" : ""));
    Ids expected = FindIds(ResourceKind::kUser, c.filter, 1, 100, c.sort).ids;
    for (int64_t count : {1, 2, 3, 100}) {
      EXPECT_EQ(WalkForward(*store_, ResourceKind::kUser, c.filter, count, c.sort), expected);
    }
  }
  // Filters SQL cannot express are re-checked in memory, page by page too.
  MustCreate(Group("g3", "Bob's"), {"u2"});
  EXPECT_EQ(WalkForward(*store_, ResourceKind::kGroup, R"(members.display eq "Bob B")", 1),
            (Ids{"g1", "g3"}));
  EXPECT_EQ(
      FindKeyset(*store_, ResourceKind::kGroup, R"(members.display eq "Bob B")", 1, std::nullopt)
          .total,
      2);
}

TEST_P(FindTest, KeysetWalkBackwardsMirrorsTheWalkForwards) {
  for (std::optional<SortSpec> sort :
       {std::optional<SortSpec>(), std::optional<SortSpec>(SortBy("externalId", true))}) {
    Ids forward = WalkForward(*store_, ResourceKind::kUser, "", 2, sort);
    // Walk to the end, then back with `before` to the start.
    std::optional<KeysetPosition> after;
    KeysetPage page;
    while (true) {
      page = FindKeyset(*store_, ResourceKind::kUser, "", 2, after, std::nullopt, sort);
      if (!page.next) break;
      after = page.next;
    }
    Ids backward = page.ids;
    while (page.previous) {
      page = FindKeyset(*store_, ResourceKind::kUser, "", 2, std::nullopt, page.previous, sort);
      backward.insert(backward.begin(), page.ids.begin(), page.ids.end());
    }
    EXPECT_EQ(backward, forward);
  }
}

// Resources that exist for the whole walk appear exactly once, whatever is
// created or deleted between two pages.
TEST_P(StoreTest, KeysetWalkWithWritesBetweenPagesNeverSkipsOrRepeats) {
  for (std::optional<SortSpec> sort :
       {std::optional<SortSpec>(), std::optional<SortSpec>(SortBy("userName")),
        std::optional<SortSpec>(SortBy("userName", true))}) {
    SCOPED_TRACE(sort ? sort->path.attr : "created");
    ASSERT_TRUE(store_->DeleteDirectory(kDir).ok());
    ASSERT_TRUE(store_->CreateDirectory(Directory(kDir)).ok());
    std::vector<Resource> users;
    for (int i = 0; i < 40; ++i) {
      users.push_back(User("s" + std::to_string(i), "stable" + std::to_string(100 + i)));
    }
    ASSERT_TRUE(store_->Import(kDir, users, {}).ok());
    // Volatile users, interleaved in name order with the stable ones.
    for (int i = 0; i < 10; ++i) {
      MustCreate(User("v" + std::to_string(i), "stable" + std::to_string(100 + i * 4) + "x"));
    }
    std::vector<std::string> seen;
    std::optional<KeysetPosition> after;
    int step = 0;
    while (true) {
      KeysetPage page = FindKeyset(*store_, ResourceKind::kUser, "", 3, after, std::nullopt, sort);
      seen.insert(seen.end(), page.ids.begin(), page.ids.end());
      if (!page.next) break;
      after = page.next;
      // Between pages: delete a volatile user, create two new ones (one
      // sorting early, one late), and delete the user the cursor points at.
      ++step;
      if (step <= 10) {
        EXPECT_TRUE(store_->Delete(kDir, ResourceKind::kUser, "v" + std::to_string(step - 1)).ok());
      }
      MustCreate(User("n" + std::to_string(step), "a-new" + std::to_string(step)));
      MustCreate(User("z" + std::to_string(step), "zz-new" + std::to_string(step)));
      if (step == 3 && after->id.starts_with("s")) {
        EXPECT_TRUE(store_->Delete(kDir, ResourceKind::kUser, after->id).ok());
      }
    }
    std::vector<std::string> sorted = seen;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end()) << "repeated id";
    for (const Resource& user : users) {
      EXPECT_NE(std::find(seen.begin(), seen.end(), user.id), seen.end()) << user.id << " skipped";
    }
  }
}

// --- Concurrency ---------------------------------------------------------------

TEST_P(StoreTest, ConcurrentMemberAddsAreNotLost) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 25;
  for (int i = 0; i < kThreads * kPerThread; ++i) {
    MustCreate(User("u" + std::to_string(i), "user" + std::to_string(i)));
  }
  MustCreate(Group("g1", "Everyone"));

  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        std::string id = "u" + std::to_string(t * kPerThread + i);
        if (!store_->Update(kDir, ResourceKind::kGroup, "g1", Changes({Add({id})})).ok()) {
          ++failures;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(MemberIds("g1").size(), static_cast<size_t>(kThreads * kPerThread));
  EXPECT_EQ(VersionOf(ResourceKind::kGroup, "g1"), 1 + kThreads * kPerThread);
}

TEST_P(StoreTest, RacingCreatesOfOneUserNameLetExactlyOneWin) {
  constexpr int kThreads = 16;
  std::vector<Code> codes(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      codes[t] =
          store_->Create(kDir, User("u" + std::to_string(t), "Same.Name"), {}).status().code();
    });
  }
  for (std::thread& thread : threads) thread.join();

  EXPECT_EQ(std::count(codes.begin(), codes.end(), Code::kOk), 1);
  EXPECT_EQ(std::count(codes.begin(), codes.end(), Code::kUniqueness), kThreads - 1);
  EXPECT_EQ(*store_->Count(kDir, ResourceKind::kUser), 1);
}

std::string BackendName(const ::testing::TestParamInfo<Backend>& info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::ValuesIn(Backends()), BackendName);
INSTANTIATE_TEST_SUITE_P(Backends, FindTest, ::testing::ValuesIn(Backends()), BackendName);

}  // namespace
}  // namespace scimd::storage
