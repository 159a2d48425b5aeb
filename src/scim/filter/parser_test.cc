#include "scim/filter/parser.h"

#include <string>

#include "gtest/gtest.h"

namespace scimd::scim::filter {
namespace {

std::string Canon(std::string_view text) {
  auto node = Parse(text);
  if (!node.ok()) return "ERROR " + node.status().detail();
  return ToString(**node);
}

TEST(ParserTest, EveryOperator) {
  for (std::string op : {"eq", "ne", "co", "sw", "ew", "gt", "lt", "ge", "le"}) {
    EXPECT_EQ(Canon("title " + op + " \"x\""), "title " + op + " \"x\"");
  }
  EXPECT_EQ(Canon("title PR"), "title pr");
  EXPECT_EQ(Canon("title Eq \"x\""), "title eq \"x\"");
}

TEST(ParserTest, PrecedenceNotAndOr) {
  EXPECT_EQ(Canon("a eq 1 or b eq 2 and c eq 3"), "(a eq 1) or ((b eq 2) and (c eq 3))");
  EXPECT_EQ(Canon("a eq 1 and b eq 2 or c eq 3"), "((a eq 1) and (b eq 2)) or (c eq 3)");
  EXPECT_EQ(Canon("not a pr and b pr"), "(not (a pr)) and (b pr)");
  EXPECT_EQ(Canon("(a eq 1 or b eq 2) and c eq 3"), "((a eq 1) or (b eq 2)) and (c eq 3)");
  EXPECT_EQ(Canon("not (a pr or b pr)"), "not ((a pr) or (b pr))");
  EXPECT_EQ(Canon("a pr AND b pr Or c pr"), "((a pr) and (b pr)) or (c pr)");
}

TEST(ParserTest, Literals) {
  EXPECT_EQ(Canon("a eq true"), "a eq true");
  EXPECT_EQ(Canon("a eq FALSE"), "a eq false");
  EXPECT_EQ(Canon("a eq null"), "a eq null");
  EXPECT_EQ(Canon("a eq 42"), "a eq 42");
  EXPECT_EQ(Canon("a eq -7"), "a eq -7");
  EXPECT_EQ(Canon("a eq 1.5"), "a eq 1.5E0");
  EXPECT_EQ(Canon("a eq 2e3"), "a eq 2E3");
  EXPECT_EQ(Canon("a eq -0.25E-1"), "a eq -2.5E-2");
  auto node = Parse("a eq 42");
  ASSERT_TRUE(node.ok());
  EXPECT_TRUE(std::get<Comparison>((*node)->v).value.is_int64());
  node = Parse("a eq 1.5");
  ASSERT_TRUE(node.ok());
  EXPECT_DOUBLE_EQ(std::get<Comparison>((*node)->v).value.as_double(), 1.5);
}

TEST(ParserTest, StringEscapes) {
  auto node = Parse(R"(a eq "q\"b\\s\/\n\u00e9\ud83d\ude00")");
  ASSERT_TRUE(node.ok()) << node.status().ToString();
  EXPECT_EQ(std::get<Comparison>((*node)->v).value.as_string(),
            "q\"b\\s/\n\xC3\xA9\xF0\x9F\x98\x80");
  EXPECT_EQ(Parse(R"(a eq "\x")").status().code(), Code::kInvalidFilter);
  EXPECT_EQ(Parse(R"(a eq "\u12")").status().code(), Code::kInvalidFilter);
  EXPECT_EQ(Parse(R"(a eq "\ud83d")").status().code(), Code::kInvalidFilter);
}

TEST(ParserTest, BareWordsAreStrings) {
  EXPECT_EQ(Canon("externalId eq jyoung"), "externalId eq \"jyoung\"");
  EXPECT_EQ(Canon("externalId eq 007"), "externalId eq \"007\"");
  EXPECT_EQ(Canon("externalId eq 1-2"), "externalId eq \"1-2\"");
}

TEST(ParserTest, UrnPaths) {
  auto node =
      Parse("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq \"x\"");
  ASSERT_TRUE(node.ok());
  const auto& c = std::get<Comparison>((*node)->v);
  EXPECT_EQ(c.path.schema, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
  EXPECT_EQ(c.path.attr, "manager");
  EXPECT_EQ(c.path.sub_attr, "value");
}

TEST(ParserTest, ValuePaths) {
  EXPECT_EQ(Canon("emails[type eq \"work\" and value co \"@x\"]"),
            "emails[(type eq \"work\") and (value co \"@x\")]");
  EXPECT_EQ(Canon("emails[type eq \"work\"].value eq \"x\""),
            "emails[(type eq \"work\") and (value eq \"x\")]");
  EXPECT_EQ(Canon("emails[type eq work].value pr"), "emails[(type eq \"work\") and (value pr)]");
  EXPECT_EQ(Canon("userName eq \"a\" or emails[not (type eq \"w\")]"),
            "(userName eq \"a\") or (emails[not (type eq \"w\")])");
}

TEST(ParserTest, ErrorsCarryPositions) {
  auto r = Parse("userName eq \"x\")");
  EXPECT_EQ(r.status().code(), Code::kInvalidFilter);
  EXPECT_NE(r.status().detail().find("at 15"), std::string::npos) << r.status().detail();
  r = Parse("userName xx \"y\"");
  EXPECT_NE(r.status().detail().find("at 9"), std::string::npos) << r.status().detail();
  r = Parse("(userName eq \"x\"");
  EXPECT_NE(r.status().detail().find("at 16"), std::string::npos) << r.status().detail();
  r = Parse("userName eq \"open");
  EXPECT_NE(r.status().detail().find("at 12"), std::string::npos) << r.status().detail();
  for (const char* bad : {"", "   ", "userName", "userName eq", "and", "a eq 1 and",
                          "emails[type eq 1", "emails[a[b eq 1]]", "emails.x[a eq 1]",
                          "emails[a eq 1].b.c eq 2", "a eq (", "a..b eq 1", "not", "()"}) {
    EXPECT_EQ(Parse(bad).status().code(), Code::kInvalidFilter) << bad;
  }
}

TEST(ParserTest, Limits) {
  ParseLimits limits;
  limits.max_length = 10;
  EXPECT_EQ(Parse("userName eq \"abc\"", limits).status().code(), Code::kInvalidFilter);
  limits = ParseLimits{};
  limits.max_depth = 3;
  EXPECT_TRUE(Parse("((a pr))", limits).ok());
  EXPECT_EQ(Parse("((((a pr))))", limits).status().code(), Code::kInvalidFilter);
  EXPECT_EQ(Parse("not not not not a pr", limits).status().code(), Code::kInvalidFilter);
  limits = ParseLimits{};
  limits.max_terms = 3;
  EXPECT_TRUE(Parse("a pr and b pr and c pr", limits).ok());
  EXPECT_EQ(Parse("a pr and b pr and c pr and d pr", limits).status().code(), Code::kInvalidFilter);
}

TEST(ParserTest, ParseAtReportsEnclosingPositions) {
  auto r = ParseAt("a eq", 10);
  EXPECT_NE(r.status().detail().find("at 14"), std::string::npos) << r.status().detail();
}

}  // namespace
}  // namespace scimd::scim::filter
