// Fuzzes the filter parser (RFC 7644 §3.4.2.2) and everything a parsed filter
// reaches: validation, in-memory evaluation and SQL compilation.
#include <boost/json/parse.hpp>

#include "fuzz/fuzz_util.h"
#include "scim/filter/ast.h"
#include "scim/filter/evaluator.h"
#include "scim/filter/parser.h"
#include "scim/schema/schema.h"
#include "storage/sql/filter_sql.h"

namespace scimd::fuzz {
namespace {

void CheckAgainst(const scim::filter::Node& node, const scim::ResourceType& type,
                  const boost::json::object& resource) {
  if (!scim::filter::Validate(node, type).ok()) return;
  scim::filter::Matches(node, resource, type);
  for (auto dialect : {storage::sql::Dialect::kSqlite, storage::sql::Dialect::kPostgres}) {
    (void)storage::sql::CompileFilter(node, type, dialect);
  }
}

}  // namespace
}  // namespace scimd::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace scimd;
  static const boost::json::object user = boost::json::parse(fuzz::kUserJson).as_object();
  static const boost::json::object group = boost::json::parse(fuzz::kGroupJson).as_object();
  Result<scim::filter::NodePtr> parsed = scim::filter::Parse(fuzz::AsText(data, size));
  if (!parsed.ok()) return 0;
  const scim::filter::Node& node = **parsed;
  // The canonical rendering must itself parse (error messages and golden
  // files rely on it).
  std::string canonical = scim::filter::ToString(node);
  scim::filter::ParseLimits relaxed;
  relaxed.max_length = canonical.size() + 1;
  relaxed.max_depth = 1 << 20;
  relaxed.max_terms = 1 << 20;
  if (!scim::filter::Parse(canonical, relaxed).ok()) __builtin_trap();
  fuzz::CheckAgainst(node, scim::UserResourceType(), user);
  fuzz::CheckAgainst(node, scim::GroupResourceType(), group);
  return 0;
}
