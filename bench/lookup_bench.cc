// Store-level lookup latency at 10k, 100k and 1M users: the four lookups an
// identity provider makes before each create (userName, externalId,
// emails.value, group displayName), each a Find with an `eq` filter on a
// random existing value. The data is preloaded through Import into a
// temporary SQLite file.
//
// Usage: lookup_bench [--sizes=10000,100000,1000000] [Google Benchmark flags]
#include <benchmark/benchmark.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "scim/filter/parser.h"
#include "storage/sqlite/sqlite_store.h"

namespace {

namespace fs = std::filesystem;
using scimd::Result;
using scimd::Status;
using scimd::scim::ResourceKind;
using scimd::storage::Query;
using scimd::storage::QueryResult;
using scimd::storage::Resource;
using scimd::storage::ResourceStore;

constexpr const char* kDir = "benchdir0001";
constexpr int64_t kBatch = 50'000;  // resources per Import call

void Check(const Status& status, const char* what) {
  if (!status.ok()) {
    std::fprintf(stderr, "%s: %s\n", what, status.ToString().c_str());
    std::exit(1);
  }
}

int64_t GroupCount(int64_t users) { return std::max<int64_t>(10, users / 100); }

Resource MakeUser(int64_t i) {
  Resource user;
  user.kind = ResourceKind::kUser;
  user.id = "u" + std::to_string(i);
  const std::string n = std::to_string(i);
  user.attributes =
      boost::json::parse(R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User",)"
                         R"("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],)"
                         R"("name":{"givenName":"Given","familyName":"Family)" +
                         n + R"("},"active":true,"emails":[{"value":"user)" + n +
                         R"(@work.example","type":"work","primary":true},{"value":"user)" + n +
                         R"(@home.example","type":"home"}],)"
                         R"("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":)"
                         R"({"employeeNumber":")" +
                         n + R"(","department":"Dept)" + std::to_string(i % 50) + R"("}})")
          .as_object();
  user.attributes["userName"] = "user" + n + "@example.com";
  user.attributes["externalId"] = "ext-" + n;
  return user;
}

Resource MakeGroup(int64_t j) {
  Resource group;
  group.kind = ResourceKind::kGroup;
  group.id = "g" + std::to_string(j);
  group.attributes["displayName"] = "group-" + std::to_string(j);
  group.attributes["externalId"] = "gext-" + std::to_string(j);
  return group;
}

// Users in batches, then groups with every user a member of one group.
double Preload(ResourceStore& store, int64_t users) {
  auto start = std::chrono::steady_clock::now();
  const int64_t groups = GroupCount(users);
  for (int64_t first = 0; first < users; first += kBatch) {
    std::vector<Resource> batch;
    for (int64_t i = first; i < std::min(users, first + kBatch); ++i) batch.push_back(MakeUser(i));
    Check(store.Import(kDir, batch, {}), "import users");
  }
  for (int64_t first = 0; first < groups; first += kBatch) {
    std::vector<Resource> batch;
    std::vector<std::pair<std::string, std::string>> memberships;
    const int64_t last = std::min(groups, first + kBatch);
    for (int64_t j = first; j < last; ++j) batch.push_back(MakeGroup(j));
    for (int64_t i = 0; i < users; ++i) {
      int64_t j = i % groups;
      if (j >= first && j < last)
        memberships.emplace_back("g" + std::to_string(j), "u" + std::to_string(i));
    }
    Check(store.Import(kDir, batch, memberships), "import groups");
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

struct Lookup {
  const char* name;
  ResourceKind kind;
  std::string (*filter)(int64_t i);
  bool groups;  // pick i among groups rather than users
};

const Lookup kLookups[] = {
    {"userName eq", ResourceKind::kUser,
     [](int64_t i) { return "userName eq \"USER" + std::to_string(i) + "@example.com\""; }, false},
    {"externalId eq", ResourceKind::kUser,
     [](int64_t i) { return "externalId eq \"ext-" + std::to_string(i) + "\""; }, false},
    {"emails.value eq", ResourceKind::kUser,
     [](int64_t i) { return "emails.value eq \"user" + std::to_string(i) + "@home.example\""; },
     false},
    {"group displayName eq", ResourceKind::kGroup,
     [](int64_t i) { return "displayName eq \"group-" + std::to_string(i) + "\""; }, true},
};

void RunLookup(benchmark::State& state, ResourceStore* store, const Lookup* lookup, int64_t n) {
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<int64_t> pick(0, n - 1);
  for (auto _ : state) {
    Result<scimd::scim::filter::NodePtr> filter =
        scimd::scim::filter::Parse(lookup->filter(pick(rng)));
    Query query;
    query.filter = filter->get();
    query.count = 100;
    Result<QueryResult> found = store->Find(kDir, lookup->kind, query);
    if (!found.ok() || found->total_results != 1) {
      state.SkipWithError("lookup did not find exactly one resource");
      break;
    }
    benchmark::DoNotOptimize(found->resources.data());
  }
}

// Keeps each run's mean time per lookup for the summary table.
class SummaryReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
      if (run.error_occurred || run.iterations == 0) continue;
      micros[run.benchmark_name()] = run.GetAdjustedRealTime() *
                                     benchmark::GetTimeUnitMultiplier(benchmark::kMicrosecond) /
                                     benchmark::GetTimeUnitMultiplier(run.time_unit);
    }
  }
  std::map<std::string, double> micros;
};

std::vector<int64_t> ParseSizes(int& argc, char** argv) {
  std::vector<int64_t> sizes = {10'000, 100'000, 1'000'000};
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (!arg.starts_with("--sizes=")) continue;
    sizes.clear();
    std::string list = arg.substr(8);
    size_t pos = 0;
    while (pos <= list.size()) {
      size_t comma = list.find(',', pos);
      if (comma == std::string::npos) comma = list.size();
      if (comma > pos) sizes.push_back(std::stoll(list.substr(pos, comma - pos)));
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

  SummaryReporter reporter;
  std::vector<std::pair<int64_t, double>> preload_seconds;
  for (int64_t n : sizes) {
    const fs::path file = folder / ("lookup-" + std::to_string(n) + ".db");
    auto opened = scimd::storage::sqlite::SqliteStore::Open(file.string());
    Check(opened.status(), "open");
    std::unique_ptr<ResourceStore> store = std::move(opened).value();
    scimd::storage::DirectoryRecord directory;
    directory.id = kDir;
    directory.name = "bench";
    directory.idp = "generic";
    directory.secret_hash = std::string(64, '0');
    Check(store->CreateDirectory(directory), "create directory");
    double seconds = Preload(*store, n);
    preload_seconds.emplace_back(n, seconds);
    std::fprintf(stderr, "preloaded %lld users, %lld groups in %.1f s\n", static_cast<long long>(n),
                 static_cast<long long>(GroupCount(n)), seconds);

    for (const Lookup& lookup : kLookups) {
      const int64_t range = lookup.groups ? GroupCount(n) : n;
      benchmark::RegisterBenchmark((std::string(lookup.name) + "/" + std::to_string(n)).c_str(),
                                   RunLookup, store.get(), &lookup, range)
          ->Unit(benchmark::kMicrosecond);
    }
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::ClearRegisteredBenchmarks();
    store.reset();
    fs::remove_all(folder);
    fs::create_directories(folder);
  }
  fs::remove_all(folder);

  std::printf("\n%-22s", "lookup (us, mean)");
  for (int64_t n : sizes) std::printf(" %12lld", static_cast<long long>(n));
  std::printf("\n");
  for (const Lookup& lookup : kLookups) {
    std::printf("%-22s", lookup.name);
    for (int64_t n : sizes) {
      auto it = reporter.micros.find(std::string(lookup.name) + "/" + std::to_string(n));
      if (it == reporter.micros.end()) {
        std::printf(" %12s", "-");
      } else {
        std::printf(" %12.1f", it->second);
      }
    }
    std::printf("\n");
  }
  std::printf("%-22s", "preload (s)");
  for (const auto& [n, seconds] : preload_seconds) std::printf(" %12.1f", seconds);
  std::printf("\n");
  benchmark::Shutdown();
  return 0;
}
