// Store-level cost of adding and removing one group member, for groups of 10,
// 10k and 1M members in one directory: each iteration is one PATCH-like
// Update that adds a member and one that removes it again, each its own
// durable transaction (SQLite synchronous=FULL, so every commit is fsynced).
// The membership table is keyed (directory, group, member), so the cost
// should not depend on the group's size.
//
// Usage: member_bench [--members=10,10000,1000000] [Google Benchmark flags]
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "storage/sqlite/sqlite_store.h"

namespace {

namespace fs = std::filesystem;
using scimd::Status;
using scimd::scim::MemberChange;
using scimd::scim::ResourceKind;
using scimd::storage::Resource;
using scimd::storage::ResourceStore;
using scimd::storage::UpdateContext;

constexpr const char* kDir = "benchdir0002";
constexpr int64_t kBatch = 50'000;
constexpr int64_t kSpareUsers = 1'000;  // never members: added and removed by the benchmark

void Check(const Status& status, const char* what) {
  if (!status.ok()) {
    std::fprintf(stderr, "%s: %s\n", what, status.ToString().c_str());
    std::exit(1);
  }
}

Resource User(const std::string& id) {
  Resource user;
  user.kind = ResourceKind::kUser;
  user.id = id;
  user.attributes["userName"] = id + "@example.com";
  user.attributes["active"] = true;
  return user;
}

std::string GroupId(int64_t members) { return "g" + std::to_string(members); }

// Users u0..u(max-1) plus the spares, then one group per size whose members
// are the first `size` users.
void Preload(ResourceStore& store, const std::vector<int64_t>& sizes) {
  const int64_t largest = *std::max_element(sizes.begin(), sizes.end());
  std::vector<Resource> batch;
  auto flush = [&] {
    Check(store.Import(kDir, batch, {}), "import users");
    batch.clear();
  };
  for (int64_t i = 0; i < largest; ++i) {
    batch.push_back(User("u" + std::to_string(i)));
    if (static_cast<int64_t>(batch.size()) == kBatch) flush();
  }
  for (int64_t i = 0; i < kSpareUsers; ++i) batch.push_back(User("spare" + std::to_string(i)));
  flush();
  for (int64_t size : sizes) {
    Resource group;
    group.kind = ResourceKind::kGroup;
    group.id = GroupId(size);
    group.attributes["displayName"] = "group of " + std::to_string(size);
    std::vector<Resource> groups = {group};
    std::vector<std::pair<std::string, std::string>> memberships;
    for (int64_t i = 0; i < size; ++i) {
      memberships.emplace_back(group.id, "u" + std::to_string(i));
      if (static_cast<int64_t>(memberships.size()) == kBatch) {
        Check(store.Import(kDir, groups, memberships), "import members");
        groups.clear();
        memberships.clear();
      }
    }
    Check(store.Import(kDir, groups, memberships), "import members");
  }
}

Status ChangeOne(ResourceStore& store, const std::string& group, MemberChange::Kind kind,
                 const std::string& member) {
  return store
      .Update(kDir, ResourceKind::kGroup, group,
              [&](Resource&, UpdateContext& context) {
                context.member_changes.push_back({kind, {member}});
                return Status::Ok();
              })
      .status();
}

void AddThenRemove(benchmark::State& state, ResourceStore* store, int64_t size) {
  const std::string group = GroupId(size);
  int64_t n = 0;
  for (auto _ : state) {
    const std::string member = "spare" + std::to_string(n++ % kSpareUsers);
    Status added = ChangeOne(*store, group, MemberChange::Kind::kAdd, member);
    Status removed = ChangeOne(*store, group, MemberChange::Kind::kRemove, member);
    if (!added.ok() || !removed.ok()) {
      state.SkipWithError("member change failed");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations() * 2);  // two durable writes per iteration
}

std::vector<int64_t> ParseSizes(int& argc, char** argv) {
  std::vector<int64_t> sizes = {10, 10'000, 1'000'000};
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (!arg.starts_with("--members=")) continue;
    sizes.clear();
    size_t pos = 10;
    while (pos <= arg.size()) {
      size_t comma = std::min(arg.find(',', pos), arg.size());
      if (comma > pos) sizes.push_back(std::stoll(arg.substr(pos, comma - pos)));
      pos = comma + 1;
    }
    for (int j = i; j + 1 < argc; ++j) argv[j] = argv[j + 1];
    --argc;
    break;
  }
  return sizes;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int64_t> sizes = ParseSizes(argc, argv);
  benchmark::Initialize(&argc, argv);
  std::string pattern = (fs::temp_directory_path() / "scimd-bench-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) return 1;
  const fs::path folder = pattern;
  {
    auto opened = scimd::storage::sqlite::SqliteStore::Open((folder / "members.db").string());
    Check(opened.status(), "open");
    std::unique_ptr<ResourceStore> store = std::move(opened).value();
    scimd::storage::DirectoryRecord directory;
    directory.id = kDir;
    directory.name = "bench";
    directory.idp = "generic";
    directory.secret_hash = std::string(64, '0');
    Check(store->CreateDirectory(directory), "create directory");
    Preload(*store, sizes);
    std::fprintf(stderr, "preloaded groups of");
    for (int64_t size : sizes) std::fprintf(stderr, " %lld", static_cast<long long>(size));
    std::fprintf(stderr, " members\n");
    for (int64_t size : sizes) {
      benchmark::RegisterBenchmark(
          ("add+remove one member/group of " + std::to_string(size)).c_str(), AddThenRemove,
          store.get(), size)
          ->Unit(benchmark::kMicrosecond)
          ->MinTime(2.0);
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
  }
  fs::remove_all(folder);
  return 0;
}
