#include "scim/bulk/bulk_plan.h"

#include <gtest/gtest.h>

#include "scim/bulk/bulk_test_util.h"

namespace scimd::scim {
namespace {

using testing::ParseOperations;

BulkPlan Plan(const std::string& operations_json) {
  return PlanBulkOperations(ParseOperations(operations_json).operations);
}

TEST(BulkPlanTest, IndependentOperationsKeepRequestOrder) {
  BulkPlan plan = Plan(R"([
    {"method": "POST", "bulkId": "a", "path": "/Users", "data": {}},
    {"method": "DELETE", "path": "/Users/1"},
    {"method": "POST", "bulkId": "b", "path": "/Users", "data": {}}
  ])");
  EXPECT_EQ(plan.order, (std::vector<size_t>{0, 1, 2}));
  EXPECT_TRUE(plan.failures.empty());
}

TEST(BulkPlanTest, ReferencesRunAfterTheirDefinitions) {
  // The group comes first in the request but needs both users; the PATCH
  // needs the group; the DELETE needs user b.
  BulkPlan plan = Plan(R"([
    {"method": "POST", "bulkId": "g", "path": "/Groups",
     "data": {"members": [{"value": "bulkId:a"}, {"value": "bulkId:b"}]}},
    {"method": "PATCH", "path": "/Groups/bulkId:g", "data": {}},
    {"method": "DELETE", "path": "/Users/bulkId:b"},
    {"method": "POST", "bulkId": "a", "path": "/Users", "data": {}},
    {"method": "POST", "bulkId": "b", "path": "/Users", "data": {}}
  ])");
  EXPECT_TRUE(plan.failures.empty());
  EXPECT_EQ(plan.order, (std::vector<size_t>{3, 4, 0, 1, 2}));
}

TEST(BulkPlanTest, UnknownBulkIdFailsWith409) {
  BulkPlan plan = Plan(R"([
    {"method": "POST", "bulkId": "g", "path": "/Groups",
     "data": {"members": [{"value": "bulkId:nobody"}]}},
    {"method": "POST", "bulkId": "a", "path": "/Users", "data": {}}
  ])");
  EXPECT_EQ(plan.order, (std::vector<size_t>{0, 1}));
  ASSERT_EQ(plan.failures.size(), 1u);
  EXPECT_EQ(plan.failures.at(0).code(), Code::kConflict);
  EXPECT_NE(plan.failures.at(0).detail().find("'nobody'"), std::string::npos);
}

TEST(BulkPlanTest, CircularReferencesFailWith409) {
  BulkPlan plan = Plan(R"([
    {"method": "POST", "bulkId": "ga", "path": "/Groups",
     "data": {"members": [{"value": "bulkId:gb"}]}},
    {"method": "POST", "bulkId": "gb", "path": "/Groups",
     "data": {"members": [{"value": "bulkId:ga"}]}},
    {"method": "POST", "bulkId": "u", "path": "/Users", "data": {}},
    {"method": "PATCH", "path": "/Groups/bulkId:ga", "data": {}}
  ])");
  ASSERT_EQ(plan.order.size(), 4u);
  // The PATCH still comes after the group it needs (and fails when run).
  auto position = [&](size_t op) {
    return std::find(plan.order.begin(), plan.order.end(), op) - plan.order.begin();
  };
  EXPECT_GT(position(3), position(0));
  ASSERT_EQ(plan.failures.size(), 2u);
  for (size_t op : {0u, 1u}) {
    EXPECT_EQ(plan.failures.at(op).code(), Code::kConflict);
    EXPECT_NE(plan.failures.at(op).detail().find("circular"), std::string::npos);
    EXPECT_NE(plan.failures.at(op).detail().find("'ga', 'gb'"), std::string::npos)
        << plan.failures.at(op).detail();
  }
}

TEST(BulkPlanTest, LongerCycleAndSelfReference) {
  BulkPlan plan = Plan(R"([
    {"method": "POST", "bulkId": "x", "path": "/Groups", "data": {"m": "bulkId:y"}},
    {"method": "POST", "bulkId": "y", "path": "/Groups", "data": {"m": "bulkId:z"}},
    {"method": "POST", "bulkId": "z", "path": "/Groups", "data": {"m": "bulkId:x"}},
    {"method": "POST", "bulkId": "self", "path": "/Groups", "data": {"m": "bulkId:self"}},
    {"method": "POST", "bulkId": "fine", "path": "/Users", "data": {}}
  ])");
  EXPECT_EQ(plan.order.size(), 5u);
  EXPECT_EQ(plan.failures.size(), 4u);
  EXPECT_FALSE(plan.failures.count(4));
  EXPECT_NE(plan.failures.at(3).detail().find("references itself"), std::string::npos);
}

TEST(BulkPlanTest, DuplicateBulkIdFailsTheLaterPost) {
  BulkPlan plan = Plan(R"([
    {"method": "POST", "bulkId": "a", "path": "/Users", "data": {}},
    {"method": "POST", "bulkId": "a", "path": "/Users", "data": {}},
    {"method": "DELETE", "path": "/Users/bulkId:a"}
  ])");
  ASSERT_EQ(plan.failures.size(), 1u);
  EXPECT_EQ(plan.failures.at(1).code(), Code::kInvalidValue);
  EXPECT_EQ(plan.order, (std::vector<size_t>{0, 1, 2}));
}

TEST(BulkPlanTest, MalformedOperationsAreOrderedButNotFailedByThePlan) {
  BulkPlan plan = Plan(R"([
    {"method": "DELETE", "path": "/Users/bulkId:bad"},
    {"method": "GET", "bulkId": "bad", "path": "/Users"}
  ])");
  EXPECT_TRUE(plan.failures.empty());
  EXPECT_EQ(plan.order, (std::vector<size_t>{1, 0}));
}

}  // namespace
}  // namespace scimd::scim
