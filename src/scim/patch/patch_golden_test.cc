// Golden PATCH cases: tests/data/patch/*.json, each
//   {"description", "resourceType": "User"|"Group", "id"?, "before": {…},
//    "operations": […] or "body": {…},
//    "after": {…} or "error": "<scimType>",
//    "member_changes"?: [{"kind":"add"|"remove"|"removeAll","ids":[…]}],
//    "members"?: [{"value","display","type"}] (what the member loader returns),
//    "loads_members"?: bool}
// A case with "error" also checks that the resource and the steps are
// untouched (PATCH is atomic).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "scim/patch/patch.h"

namespace scimd::scim {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

fs::path GoldenDir() { return fs::path(SCIMD_SOURCE_DIR) / "tests/data/patch"; }

std::vector<std::string> GoldenFiles() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(GoldenDir())) {
    if (entry.path().extension() == ".json") names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

json::object Load(const std::string& name) {
  std::ifstream in(GoldenDir() / name);
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str()).as_object();
}

std::string_view KindName(MemberChange::Kind kind) {
  switch (kind) {
    case MemberChange::Kind::kAdd:
      return "add";
    case MemberChange::Kind::kRemove:
      return "remove";
    case MemberChange::Kind::kRemoveAll:
      return "removeAll";
  }
  return "?";
}

json::array ToJson(const std::vector<MemberChange>& changes) {
  json::array out;
  for (const MemberChange& c : changes) {
    json::object step{{"kind", KindName(c.kind)}};
    if (c.kind != MemberChange::Kind::kRemoveAll) {
      json::array ids;
      for (const std::string& id : c.ids) ids.emplace_back(id);
      step["ids"] = std::move(ids);
    }
    out.emplace_back(std::move(step));
  }
  return out;
}

std::vector<Member> LoaderMembers(const json::object& golden) {
  std::vector<Member> members;
  const json::value* list = golden.if_contains("members");
  if (list == nullptr) return members;
  for (const json::value& m : list->as_array()) {
    const json::object& o = m.as_object();
    Member member;
    member.id = json::value_to<std::string>(o.at("value"));
    if (const auto* d = o.if_contains("display")) member.display = json::value_to<std::string>(*d);
    const json::value* type = o.if_contains("type");
    member.kind = type && *type == "Group" ? ResourceKind::kGroup : ResourceKind::kUser;
    members.push_back(std::move(member));
  }
  return members;
}

class PatchGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(PatchGolden, Matches) {
  json::object golden = Load(GetParam());
  SCOPED_TRACE(json::value_to<std::string>(golden.at("description")));
  ResourceKind kind =
      golden.at("resourceType") == "Group" ? ResourceKind::kGroup : ResourceKind::kUser;
  Resource resource;
  resource.kind = kind;
  resource.id = golden.contains("id") ? json::value_to<std::string>(golden.at("id")) : "r1";
  resource.attributes = golden.at("before").as_object();

  json::value body = golden.contains("body")
                         ? golden.at("body")
                         : json::value(json::object{{"schemas", {kPatchOpSchema}},
                                                    {"Operations", golden.at("operations")}});
  std::vector<Member> members = LoaderMembers(golden);
  int loads = 0;
  MemberLoader loader = [&]() -> Result<std::vector<Member>> {
    ++loads;
    return members;
  };
  std::vector<MemberChange> changes;
  Status status = Status::Ok();
  auto ops = ParsePatchRequest(body);
  status =
      ops.ok() ? ApplyPatch(*ops, ResourceTypeOf(kind), resource, changes, loader) : ops.status();

  if (const json::value* error = golden.if_contains("error")) {
    ASSERT_FALSE(status.ok()) << "expected " << json::serialize(*error);
    EXPECT_EQ(ScimTypeOf(status.code()), error->as_string()) << status.ToString();
    EXPECT_EQ(resource.attributes, golden.at("before").as_object());
    EXPECT_TRUE(changes.empty());
    return;
  }
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(resource.attributes, golden.at("after").as_object())
      << "got " << json::serialize(resource.attributes);
  json::array expected_changes;
  if (const json::value* mc = golden.if_contains("member_changes")) {
    expected_changes = mc->as_array();
  }
  EXPECT_EQ(ToJson(changes), expected_changes) << "got " << json::serialize(ToJson(changes));
  if (const json::value* expect_loads = golden.if_contains("loads_members")) {
    EXPECT_EQ(loads > 0, expect_loads->as_bool());
  }
}

INSTANTIATE_TEST_SUITE_P(Files, PatchGolden, ::testing::ValuesIn(GoldenFiles()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param.substr(0, info.param.rfind('.'));
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

TEST(PatchGoldenFiles, AtLeastThirtyCases) { EXPECT_GE(GoldenFiles().size(), 30u); }

}  // namespace
}  // namespace scimd::scim
