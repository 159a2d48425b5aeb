#include "storage/sql/filter_sql.h"

#include "gtest/gtest.h"
#include "scim/filter/parser.h"

namespace scimd::storage::sql {
namespace {

Compiled Compile(std::string_view text, Dialect dialect = Dialect::kSqlite, int first = 1,
                 const scim::ResourceType& type = scim::UserResourceType()) {
  auto node = scim::filter::Parse(text);
  EXPECT_TRUE(node.ok());
  auto compiled = CompileFilter(**node, type, dialect, first);
  EXPECT_TRUE(compiled.ok());
  return *compiled;
}

TEST(FilterSqlTest, UserNameUsesTheIndexedColumn) {
  Compiled c = Compile("userName eq \"BJensen\"");
  EXPECT_EQ(c.where, "r.name_lc = ?");
  ASSERT_EQ(c.params.size(), 1u);
  EXPECT_EQ(std::get<std::string>(c.params[0]), "bjensen");
  EXPECT_TRUE(c.exact);
  c = Compile("userName sw \"ab\"");
  EXPECT_EQ(c.where, "(r.name_lc >= ? AND r.name_lc < ?)");
  EXPECT_EQ(std::get<std::string>(c.params[1]), "ac");
}

// A parenthesis per term would overflow SQLite's parser stack at about 100
// terms; a chain of one operator compiles flat, in order.
TEST(FilterSqlTest, OperatorChainsCompileFlat) {
  std::string text = "userName eq \"u0\"";
  for (int i = 1; i < 150; ++i) text += " or userName eq \"u" + std::to_string(i) + "\"";
  Compiled c = Compile(text);
  EXPECT_EQ(c.where.find("(("), std::string::npos) << c.where.substr(0, 200);
  ASSERT_EQ(c.params.size(), 150u);
  EXPECT_EQ(std::get<std::string>(c.params[0]), "u0");
  EXPECT_EQ(std::get<std::string>(c.params[149]), "u149");
  c = Compile("userName eq \"a\" and (title pr or userName eq \"b\") and active eq true");
  EXPECT_EQ(c.where.rfind("(r.name_lc = ? AND (", 0), 0u) << c.where;
}

TEST(FilterSqlTest, LikeMetacharactersAreEscaped) {
  Compiled c = Compile("userName co \"50%_\\\\\"");
  EXPECT_EQ(std::get<std::string>(c.params[0]), "%50\\%\\_\\\\%");
}

TEST(FilterSqlTest, PostgresPlaceholdersAreNumbered) {
  Compiled c = Compile("userName eq \"a\" or externalId eq \"b\"", Dialect::kPostgres, 3);
  EXPECT_NE(c.where.find("$3"), std::string::npos) << c.where;
  EXPECT_NE(c.where.find("$4"), std::string::npos) << c.where;
  EXPECT_EQ(c.where.find('?'), std::string::npos) << c.where;
}

TEST(FilterSqlTest, InexactOnlyWhereSqlCannotTell) {
  EXPECT_TRUE(Compile("not (title eq \"x\")").exact);
  EXPECT_FALSE(Compile("meta.location co \"x\"").exact);
  Compiled c =
      Compile("not (members[type eq \"User\"])", Dialect::kSqlite, 1, scim::GroupResourceType());
  EXPECT_FALSE(c.exact);
  EXPECT_EQ(c.where, "1");
}

TEST(FilterSqlTest, SortKeys) {
  auto key = [](std::string_view path, const scim::ResourceType& type) {
    auto r = CompileSortKey(*scim::ParseAttrPath(path), type, Dialect::kSqlite);
    return r.ok() ? *r : "ERROR";
  };
  EXPECT_EQ(key("userName", scim::UserResourceType()), "r.name_lc");
  EXPECT_EQ(key("displayName", scim::GroupResourceType()), "r.name_lc");
  EXPECT_EQ(key("meta.lastModified", scim::UserResourceType()), "r.modified_ms");
  EXPECT_EQ(key("externalId", scim::UserResourceType()), "r.external_id");
  EXPECT_EQ(key("name.familyName", scim::UserResourceType()),
            "lower(json_extract(r.data, '$.\"name\".\"familyName\"'))");
  EXPECT_NE(key("emails", scim::UserResourceType()).find("primary"), std::string::npos);
  EXPECT_EQ(key("nope", scim::UserResourceType()), "ERROR");
  EXPECT_EQ(key("name", scim::UserResourceType()), "ERROR");
}

}  // namespace
}  // namespace scimd::storage::sql
