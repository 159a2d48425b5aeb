// The lookups IdPs make before every create (userName, externalId, emails,
// group displayName) must be answered from an index, never by scanning a
// directory. EXPLAIN QUERY PLAN over the exact SQL Find runs proves it.
#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "scim/filter/parser.h"
#include "storage/sqlite/sqlite_find.h"
#include "storage/sqlite/sqlite_rows.h"
#include "storage/sqlite/sqlite_store.h"

namespace scimd::storage::sqlite {
namespace {

namespace fs = std::filesystem;

class PlanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "scimd-plan-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    folder_ = pattern;
    Result<std::unique_ptr<SqliteStore>> store = SqliteStore::Open((folder_ / "plan.db").string());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(folder_);
  }

  // The plan of `sql` (Find's statement for `filter`), one detail line each.
  std::vector<std::string> Explain(ResourceKind kind, const std::string& filter, bool count) {
    Result<scim::filter::NodePtr> node = scim::filter::Parse(filter);
    EXPECT_TRUE(node.ok()) << node.status().ToString();
    if (!node.ok()) return {};
    Query query;
    query.filter = node->get();
    query.count = 10;
    Result<FindPlan> plan = PlanFind(kind, query);
    EXPECT_TRUE(plan.ok()) << plan.status().ToString();
    if (!plan.ok()) return {};
    EXPECT_TRUE(plan->exact) << filter;
    std::string sql = count ? CountSql(*plan) : PageSql(*plan, true);
    Result<ReaderPool::Lease> db = store_->Reader();
    EXPECT_TRUE(db.ok());
    if (!db.ok()) return {};
    Result<Statement> stmt = (*db)->Prepare("EXPLAIN QUERY PLAN " + sql);
    EXPECT_TRUE(stmt.ok()) << stmt.status().ToString();
    if (!stmt.ok()) return {};
    stmt->Bind("aaaaaaaaaaaa").Bind(KindCode(kind));
    for (const sql::Param& param : plan->params) stmt->BindParam(param);
    if (!count) stmt->Bind(int64_t{10}).Bind(int64_t{0});
    std::vector<std::string> lines;
    while (true) {
      Result<bool> row = stmt->Step();
      EXPECT_TRUE(row.ok()) << row.status().ToString();
      if (!row.ok() || !*row) break;
      lines.emplace_back(stmt->Text(3));
    }
    return lines;
  }

  // Renders the page and count plans of `filter`, one string each.
  std::vector<std::string> Plans(ResourceKind kind, const std::string& filter) {
    std::vector<std::string> plans;
    for (bool count : {false, true}) {
      std::string all = count ? "count:\n" : "page:\n";
      for (const std::string& line : Explain(kind, filter, count)) all += line + "\n";
      plans.push_back(all);
    }
    return plans;
  }

  // Rows are found through an index (or the primary key), never by a bare
  // scan of `resources`.
  void ExpectNoScan(ResourceKind kind, const std::string& filter) {
    for (const std::string& plan : Plans(kind, filter)) {
      SCOPED_TRACE(filter + "\n" + plan);
      EXPECT_TRUE(plan.find("USING INDEX") != std::string::npos ||
                  plan.find("USING COVERING INDEX") != std::string::npos ||
                  plan.find("USING PRIMARY KEY") != std::string::npos);
      EXPECT_EQ(plan.find("SCAN r\n"), std::string::npos);
      EXPECT_EQ(plan.find("SCAN r "), std::string::npos);
    }
  }

  // Stronger: the rows are sought through `index` by the looked-up value.
  void ExpectSeeks(ResourceKind kind, const std::string& filter, const std::string& index) {
    ExpectNoScan(kind, filter);
    for (const std::string& plan : Plans(kind, filter)) {
      SCOPED_TRACE(filter + "\n" + plan);
      EXPECT_NE(plan.find("INDEX " + index + " ("), std::string::npos);
    }
  }

  // The plan of a keyset page after a position, unfiltered, one string.
  std::string ExplainKeyset(ResourceKind kind, std::optional<SortSpec> sort,
                            KeysetPosition position) {
    Query query;
    query.sort = std::move(sort);
    query.count = 10;
    query.keyset = true;
    Result<FindPlan> plan = PlanFind(kind, query);
    EXPECT_TRUE(plan.ok()) << plan.status().ToString();
    if (!plan.ok()) return "";
    Result<ReaderPool::Lease> db = store_->Reader();
    EXPECT_TRUE(db.ok());
    if (!db.ok()) return "";
    Result<Statement> stmt =
        (*db)->Prepare("EXPLAIN QUERY PLAN " + KeysetSql(*plan, position, false, true));
    EXPECT_TRUE(stmt.ok()) << stmt.status().ToString();
    if (!stmt.ok()) return "";
    stmt->Bind("aaaaaaaaaaaa").Bind(KindCode(kind));
    for (const sql::Param& param : KeysetParams(*plan, position)) stmt->BindParam(param);
    stmt->Bind(int64_t{11});
    std::string lines;
    while (true) {
      Result<bool> row = stmt->Step();
      EXPECT_TRUE(row.ok()) << row.status().ToString();
      if (!row.ok() || !*row) break;
      lines += std::string(stmt->Text(3)) + "\n";
    }
    return lines;
  }

  fs::path folder_;
  std::unique_ptr<SqliteStore> store_;
};

TEST_F(PlanTest, UserNameEqSeeksTheNameIndex) {
  ExpectSeeks(ResourceKind::kUser, R"(userName eq "Alice@Example.com")", "resources_name");
}

TEST_F(PlanTest, ExternalIdEqSeeksTheExternalIdIndex) {
  ExpectSeeks(ResourceKind::kUser, R"(externalId eq "00u1")", "resources_external_id");
  ExpectSeeks(ResourceKind::kGroup, R"(externalId eq "00g1")", "resources_external_id");
}

TEST_F(PlanTest, GroupDisplayNameEqSeeksTheNameIndex) {
  ExpectSeeks(ResourceKind::kGroup, R"(displayName eq "Admins")", "resources_name");
}

TEST_F(PlanTest, EmailValueEqUsesAnIndex) {
  ExpectNoScan(ResourceKind::kUser, R"(emails.value eq "a@example.com")");
}

TEST_F(PlanTest, EmailValueEqSeeksTheEmailIndex) {
  ExpectSeeks(ResourceKind::kUser, R"(emails.value eq "a@example.com")", "emails_value");
  ExpectSeeks(ResourceKind::kUser, R"(emails[value eq "a@example.com"])", "emails_value");
}

TEST_F(PlanTest, GroupsByMemberSeekTheMemberIndex) {
  ExpectSeeks(ResourceKind::kGroup, R"(members.value eq "u1")", "members_member");
  ExpectSeeks(ResourceKind::kGroup, R"(members[value eq "u1"])", "members_member");
}

// A deep cursor page seeks the ordering index at its position and reads
// only the page: no sort of the directory, no walk over what came before.
TEST_F(PlanTest, KeysetPagesSeekTheOrderingIndex) {
  std::string plan = ExplainKeyset(ResourceKind::kUser, std::nullopt, {int64_t{1700}, "u1"});
  SCOPED_TRACE(plan);
  EXPECT_NE(plan.find("INDEX resources_created (directory_id=? AND kind=? AND created_ms>?)"),
            std::string::npos);
  EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos);

  SortSpec by_name;
  by_name.path.attr = "userName";
  plan = ExplainKeyset(ResourceKind::kUser, by_name, {std::string("bob"), "u1"});
  SCOPED_TRACE(plan);
  EXPECT_NE(plan.find("INDEX resources_name (directory_id=? AND kind=? AND name_lc>?)"),
            std::string::npos);
  EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos);
}

}  // namespace
}  // namespace scimd::storage::sqlite
