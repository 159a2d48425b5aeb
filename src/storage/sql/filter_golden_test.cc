// Runs every case in tests/data/filter/*.txt through the parser, the in-memory
// evaluator and the SQL compiler (against an in-memory SQLite database with the
// layout of filter_sql.h) and requires all of them to agree with the file.
//
// Case format, one case per block, blocks separated by blank lines, '#' lines
// are comments:
//   filter <filter text>
//   parsed <canonical ToString form>      (omitted for errors)
//   users|groups <expected ids, sorted>   or   error users|groups
#include <sqlite3.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "scim/filter/evaluator.h"
#include "scim/filter/instant.h"
#include "scim/filter/literal.h"
#include "scim/filter/parser.h"
#include "storage/sql/filter_sql.h"

namespace scimd::storage::sql {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

fs::path DataDir() { return fs::path(SCIMD_SOURCE_DIR) / "tests" / "data" / "filter"; }

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Case {
  std::string file;
  int line = 0;
  std::string filter;
  std::string parsed;
  bool groups = false;
  bool error = false;
  std::vector<std::string> ids;
};

std::vector<std::string> Words(std::string_view s) {
  std::vector<std::string> out;
  std::istringstream in{std::string(s)};
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::vector<Case> LoadCases() {
  std::vector<Case> cases;
  for (const auto& entry : fs::directory_iterator(DataDir())) {
    if (entry.path().extension() != ".txt") continue;
    std::ifstream in(entry.path());
    std::string line;
    int n = 0;
    Case current;
    auto flush = [&] {
      if (!current.filter.empty()) cases.push_back(current);
      current = Case{};
    };
    while (std::getline(in, line)) {
      ++n;
      if (line.starts_with("#")) continue;
      if (line.empty()) {
        flush();
        continue;
      }
      if (line.starts_with("filter ")) {
        current.file = entry.path().filename().string();
        current.line = n;
        current.filter = line.substr(7);
      } else if (line.starts_with("parsed ")) {
        current.parsed = line.substr(7);
      } else if (line.starts_with("error ")) {
        current.error = true;
        current.groups = line.substr(6) == "groups";
      } else if (line.starts_with("users") || line.starts_with("groups")) {
        current.groups = line.starts_with("groups");
        auto words = Words(line);
        current.ids.assign(words.begin() + 1, words.end());
      } else {
        ADD_FAILURE() << entry.path() << ":" << n << ": unrecognised line: " << line;
      }
    }
    flush();
  }
  return cases;
}

class Database {
 public:
  Database() {
    EXPECT_EQ(sqlite3_open(":memory:", &db_), SQLITE_OK);
    Exec(
        "CREATE TABLE resources(directory_id TEXT NOT NULL, kind INTEGER NOT NULL, id TEXT NOT "
        "NULL, name_lc TEXT NOT NULL, external_id TEXT, created_ms INTEGER NOT NULL, modified_ms "
        "INTEGER NOT NULL, version INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY "
        "(directory_id, id));"
        "CREATE UNIQUE INDEX resources_name ON resources(directory_id, kind, name_lc);"
        "CREATE TABLE emails(directory_id TEXT, resource_id TEXT, value_lc TEXT);"
        "CREATE TABLE members(directory_id TEXT, group_id TEXT, member_id TEXT);");
  }
  ~Database() { sqlite3_close(db_); }

  void Exec(const std::string& sql) {
    char* err = nullptr;
    EXPECT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK)
        << (err ? err : "") << "\n"
        << sql;
    sqlite3_free(err);
  }

  void Insert(const json::object& full, int kind) {
    json::object data = full;
    data.erase("id");
    data.erase("meta");
    data.erase("members");
    const json::object& meta = full.at("meta").as_object();
    std::string name(full.at(kind == 0 ? "userName" : "displayName").as_string());
    std::string version(meta.at("version").as_string());
    Run("INSERT INTO resources VALUES('d1', ?, ?, ?, ?, ?, ?, ?, ?)",
        std::vector<Param>{int64_t{kind}, std::string(full.at("id").as_string()),
                           scim::filter::FoldAscii(name), Opt(full, "externalId"),
                           Millis(meta, "created"), Millis(meta, "lastModified"),
                           int64_t{std::stoll(version.substr(3))}, json::serialize(data)});
    if (const json::value* emails = full.if_contains("emails")) {
      for (const json::value& e : emails->as_array()) {
        Run("INSERT INTO emails VALUES('d1', ?, ?)",
            std::vector<Param>{std::string(full.at("id").as_string()),
                               scim::filter::FoldAscii(e.at("value").as_string())});
      }
    }
    if (const json::value* members = full.if_contains("members")) {
      for (const json::value& m : members->as_array()) {
        Run("INSERT INTO members VALUES('d1', ?, ?)",
            std::vector<Param>{std::string(full.at("id").as_string()),
                               std::string(m.at("value").as_string())});
      }
    }
  }

  // Ids of rows of `kind` matching `where`, sorted.
  std::vector<std::string> Select(int kind, const Compiled& c) {
    std::vector<Param> params = {int64_t{kind}};
    params.insert(params.end(), c.params.begin(), c.params.end());
    return Run("SELECT r.id FROM resources r WHERE r.directory_id = 'd1' AND r.kind = ? AND (" +
                   c.where + ") ORDER BY r.id",
               params);
  }

  std::vector<std::string> Run(const std::string& sql, const std::vector<Param>& params) {
    sqlite3_stmt* stmt = nullptr;
    std::vector<std::string> out;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << sqlite3_errmsg(db_) << "\n" << sql;
      return out;
    }
    for (size_t i = 0; i < params.size(); ++i) Bind(stmt, static_cast<int>(i + 1), params[i]);
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      const unsigned char* text = sqlite3_column_text(stmt, 0);
      if (text != nullptr) out.emplace_back(reinterpret_cast<const char*>(text));
    }
    EXPECT_EQ(rc, SQLITE_DONE) << sqlite3_errmsg(db_) << "\n" << sql;
    sqlite3_finalize(stmt);
    return out;
  }

 private:
  // externalId may be absent: bound as NULL (an empty string marks "absent").
  static Param Opt(const json::object& o, std::string_view key) {
    const json::value* v = o.if_contains(key);
    return v ? Param{std::string(v->as_string())} : Param{std::string("\x01null")};
  }
  static Param Millis(const json::object& meta, std::string_view key) {
    return *scim::filter::ParseInstantMillis(meta.at(key).as_string());
  }

  static void Bind(sqlite3_stmt* stmt, int i, const Param& p) {
    if (const auto* s = std::get_if<std::string>(&p)) {
      if (*s == "\x01null") {
        sqlite3_bind_null(stmt, i);
      } else {
        sqlite3_bind_text(stmt, i, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
      }
    } else if (const auto* n = std::get_if<int64_t>(&p)) {
      sqlite3_bind_int64(stmt, i, *n);
    } else {
      sqlite3_bind_double(stmt, i, std::get<double>(p));
    }
  }

  sqlite3* db_ = nullptr;
};

struct Fixture {
  std::vector<json::object> users;
  std::vector<json::object> groups;
};

Fixture LoadFixture(Database& db) {
  Fixture f;
  json::value users = json::parse(ReadFile(DataDir() / "users.json"));
  json::value groups = json::parse(ReadFile(DataDir() / "groups.json"));
  for (const json::value& v : users.as_array()) {
    f.users.push_back(v.as_object());
    db.Insert(v.as_object(), 0);
  }
  for (const json::value& v : groups.as_array()) {
    f.groups.push_back(v.as_object());
    db.Insert(v.as_object(), 1);
  }
  return f;
}

std::string Join(const std::vector<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids) out += (out.empty() ? "" : " ") + id;
  return out;
}

TEST(FilterGoldenTest, EvaluatorAndSqlAgreeWithGoldenFiles) {
  Database db;
  Fixture fixture = LoadFixture(db);
  std::vector<Case> cases = LoadCases();
  EXPECT_GE(cases.size(), 60u);
  for (const Case& c : cases) {
    SCOPED_TRACE(c.file + ":" + std::to_string(c.line) + ": " + c.filter);
    const scim::ResourceType& type =
        c.groups ? scim::GroupResourceType() : scim::UserResourceType();
    const std::vector<json::object>& resources = c.groups ? fixture.groups : fixture.users;
    auto node = scim::filter::Parse(c.filter);
    Status status = node.ok() ? scim::filter::Validate(**node, type) : node.status();
    if (c.error) {
      EXPECT_EQ(status.code(), Code::kInvalidFilter) << status.ToString();
      continue;
    }
    ASSERT_TRUE(status.ok()) << status.ToString();
    EXPECT_EQ(scim::filter::ToString(**node), c.parsed);

    std::vector<std::string> evaluated;
    for (const json::object& r : resources) {
      if (scim::filter::Matches(**node, r, type)) evaluated.emplace_back(r.at("id").as_string());
    }
    std::sort(evaluated.begin(), evaluated.end());
    EXPECT_EQ(Join(evaluated), Join(c.ids)) << "evaluator";

    auto compiled = CompileFilter(**node, type, Dialect::kSqlite);
    ASSERT_TRUE(compiled.ok()) << compiled.status().ToString();
    std::vector<std::string> selected = db.Select(c.groups ? 1 : 0, *compiled);
    if (!compiled->exact) {
      // A superset: every expected row must be there; re-check in memory.
      for (const std::string& id : c.ids) {
        EXPECT_NE(std::find(selected.begin(), selected.end(), id), selected.end()) << id;
      }
      std::erase_if(selected, [&](const std::string& id) {
        for (const json::object& r : resources) {
          if (r.at("id").as_string() == id) return !scim::filter::Matches(**node, r, type);
        }
        return true;
      });
    }
    EXPECT_EQ(Join(selected), Join(c.ids)) << "sql: " << compiled->where;
  }
}

}  // namespace
}  // namespace scimd::storage::sql
