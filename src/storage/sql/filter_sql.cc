#include "storage/sql/filter_sql.h"

#include <charconv>

#include "scim/filter/evaluator.h"
#include "scim/filter/instant.h"
#include "scim/filter/literal.h"

namespace scimd::storage::sql {
namespace {

namespace json = boost::json;
using scim::AttributeDef;
using scim::AttrType;
using scim::EqualsIgnoreCase;
using scim::filter::CompareOp;
using scim::filter::FoldAscii;

// A compiled piece of the WHERE clause with its own parameters ("?" marks,
// renumbered for PostgreSQL at the end). An inexact fragment selects a
// superset of the matching rows.
struct Fragment {
  std::string sql;
  std::vector<Param> params;
  bool exact = true;
};

// A JSON value reachable from the row. SQLite: json_extract(doc, path) where
// `path` is an SQL expression yielding a JSON path. PostgreSQL: `pg`, a jsonb
// expression.
struct JsonRef {
  std::string path;
  std::string pg;
};

// Where the value of a relative path (inside a value filter) is found.
struct ElementCtx {
  enum class Kind { kJson, kEmails, kMembers } kind = Kind::kJson;
  const AttributeDef* parent = nullptr;
  JsonRef element;  // kJson
};

std::string Quoted(std::string_view name) { return "\"" + std::string(name) + "\""; }

// Escapes LIKE wildcards with '\'.
std::string LikeEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

// Escapes GLOB metacharacters by bracketing them.
std::string GlobEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '*' || c == '?' || c == '[') {
      out += '[';
      out += c;
      out += ']';
    } else {
      out += c;
    }
  }
  return out;
}

// The smallest string greater than every string starting with `prefix`
// (bytewise), or nullopt when none exists.
std::optional<std::string> PrefixSuccessor(std::string prefix) {
  while (!prefix.empty()) {
    unsigned char last = static_cast<unsigned char>(prefix.back());
    if (last != 0xFF) {
      prefix.back() = static_cast<char>(last + 1);
      return prefix;
    }
    prefix.pop_back();
  }
  return std::nullopt;
}

std::string OrderingSql(CompareOp op) {
  switch (op) {
    case CompareOp::kEq:
      return "=";
    case CompareOp::kNe:
      return "<>";
    case CompareOp::kGt:
      return ">";
    case CompareOp::kLt:
      return "<";
    case CompareOp::kGe:
      return ">=";
    case CompareOp::kLe:
      return "<=";
    case CompareOp::kCo:
    case CompareOp::kSw:
    case CompareOp::kEw:
      break;
  }
  return "=";
}

class Compiler {
 public:
  Compiler(const scim::ResourceType& type, Dialect dialect) : type_(type), dialect_(dialect) {}

  Fragment Compile(const scim::filter::Node& node, const ElementCtx* ctx) {
    return std::visit([&](const auto& n) { return Visit(n, ctx); }, node.v);
  }

 private:
  bool pg() const { return dialect_ == Dialect::kPostgres; }
  std::string True() const { return pg() ? "TRUE" : "1"; }
  std::string False() const { return pg() ? "FALSE" : "0"; }
  Fragment Superset() const { return {True(), {}, false}; }
  Fragment Constant(bool b) const { return {b ? True() : False(), {}, true}; }

  // ---- JSON access ----

  JsonRef Root() const { return {"'$'", "r.data"}; }

  JsonRef Child(const JsonRef& ref, std::string_view name) const {
    JsonRef out;
    std::string step = "." + Quoted(name);
    if (ref.path.size() >= 2 && ref.path.front() == '\'' && ref.path.back() == '\'') {
      out.path = ref.path.substr(0, ref.path.size() - 1) + step + "'";
    } else {
      out.path = "(" + ref.path + " || '" + step + "')";
    }
    out.pg = "(" + ref.pg + " -> '" + std::string(name) + "')";
    return out;
  }

  std::string Extract(const JsonRef& ref) const {
    if (pg()) return "(" + ref.pg + " #>> '{}')";
    return "json_extract(r.data, " + ref.path + ")";
  }
  std::string TypeOf(const JsonRef& ref) const {
    if (pg()) return "jsonb_typeof(" + ref.pg + ")";
    return "json_type(r.data, " + ref.path + ")";
  }

  // "EXISTS (SELECT 1 FROM <elements of ref> WHERE <body(element)>)".
  template <typename Body>
  Fragment ExistsElement(const JsonRef& array, Body body) {
    std::string alias = "j" + std::to_string(++aliases_);
    JsonRef element;
    std::string from;
    if (pg()) {
      from = "jsonb_array_elements(CASE jsonb_typeof(" + array.pg + ") WHEN 'array' THEN " +
             array.pg + " ELSE '[]'::jsonb END) AS " + alias + "(value)";
      element.pg = alias + ".value";
    } else {
      from = "json_each(r.data, " + array.path + ") " + alias;
      element.path = alias + ".fullkey";
    }
    Fragment inner = body(element);
    inner.sql = "EXISTS (SELECT 1 FROM " + from + " WHERE " + inner.sql + ")";
    return inner;
  }

  Fragment JsonPresent(const JsonRef& ref) const {
    if (pg()) {
      const std::string& x = ref.pg;
      return {"COALESCE(CASE jsonb_typeof(" + x + ") WHEN 'null' THEN FALSE WHEN 'string' THEN " +
                  x + " <> '\"\"'::jsonb WHEN 'array' THEN " + x +
                  " <> '[]'::jsonb WHEN 'object' THEN " + x +
                  " <> '{}'::jsonb ELSE TRUE END, FALSE)",
              {},
              true};
    }
    std::string t = TypeOf(ref);
    std::string v = Extract(ref);
    return {"(CASE " + t + " WHEN 'null' THEN 0 WHEN 'text' THEN " + v +
                " <> '' WHEN 'array' THEN json_array_length(r.data, " + ref.path +
                ") > 0 WHEN 'object' THEN " + v + " <> '{}' ELSE " + t + " IS NOT NULL END)",
            {},
            true};
  }

  // ---- Comparisons on one scalar expression ----

  Fragment StringCompare(std::string x, bool case_exact, bool pre_lowered, CompareOp op,
                         std::string text) {
    bool fold = !case_exact;
    if (fold) text = FoldAscii(text);
    // PostgreSQL: JSON text takes the database's collation, under which
    // lower() folds more than ASCII and < is not bytewise; "C" agrees with
    // FoldAscii and SQLite. The table's text columns are COLLATE "C" already.
    if (pg() && x.starts_with("(")) x = "(" + x + ") COLLATE \"C\"";
    std::string lhs = fold && !pre_lowered ? "lower(" + x + ")" : x;
    switch (op) {
      case CompareOp::kEq:
      case CompareOp::kNe:
      case CompareOp::kGt:
      case CompareOp::kLt:
      case CompareOp::kGe:
      case CompareOp::kLe:
        return {lhs + " " + OrderingSql(op) + " ?", {text}, true};
      case CompareOp::kSw: {
        // A range keeps an index on the column usable (name_lc).
        if (text.empty()) return {x + " IS NOT NULL", {}, true};
        std::optional<std::string> upper = PrefixSuccessor(text);
        if (!upper) return {lhs + " >= ?", {text}, true};
        return {"(" + lhs + " >= ? AND " + lhs + " < ?)", {text, *upper}, true};
      }
      case CompareOp::kCo:
      case CompareOp::kEw: {
        std::string tail = op == CompareOp::kCo ? "%" : "";
        if (fold || pg()) {
          return {lhs + " LIKE ? ESCAPE '\\'", {"%" + LikeEscape(text) + tail}, true};
        }
        // SQLite's LIKE ignores ASCII case; GLOB does not.
        return {x + " GLOB ?", {"*" + GlobEscape(text) + (tail.empty() ? "" : "*")}, true};
      }
    }
    return Superset();
  }

  Fragment NumberCompare(const std::string& x, CompareOp op, const json::value& literal) {
    Param p;
    if (literal.is_int64()) {
      p = literal.get_int64();
    } else {
      p = literal.to_number<double>();
    }
    return {x + " " + OrderingSql(op) + " ?", {p}, true};
  }

  // A stored JSON scalar against a literal, per the attribute's type.
  Fragment JsonCompare(const JsonRef& ref, const AttributeDef& attr, CompareOp op,
                       const json::value& literal) {
    switch (attr.type) {
      case AttrType::kString:
      case AttrType::kReference:
      case AttrType::kBinary:
        return StringCompare(Extract(ref), attr.case_exact, false, op,
                             scim::filter::LiteralText(literal));
      case AttrType::kBoolean: {
        bool b = scim::filter::LiteralBool(literal).value_or(false);
        if (pg()) return {"(" + ref.pg + " = '" + (b ? "true" : "false") + "'::jsonb)", {}, true};
        return {TypeOf(ref) + " = '" + (b ? "true" : "false") + "'", {}, true};
      }
      case AttrType::kInteger:
      case AttrType::kDecimal: {
        std::string x = pg() ? "(CASE jsonb_typeof(" + ref.pg + ") WHEN 'number' THEN (" + ref.pg +
                                   " #>> '{}')::numeric END)"
                             : "(CASE WHEN " + TypeOf(ref) + " IN ('integer', 'real') THEN " +
                                   Extract(ref) + " END)";
        return NumberCompare(x, op, literal);
      }
      case AttrType::kDateTime:
      case AttrType::kComplex:
        // Instants inside JSON text are re-checked in memory.
        return Superset();
    }
    return Superset();
  }

  Fragment Negate(Fragment f) const {
    if (!f.exact) return Superset();
    f.sql = "((" + f.sql + ") IS NOT " + (pg() ? "TRUE" : "1") + ")";
    return f;
  }

  // ---- Side tables ----

  // Written as `r.id IN (SELECT ...)` rather than a correlated EXISTS: the
  // IN list is computed once by seeking emails_value / members_member, then
  // each id is a primary-key seek. EXISTS would be evaluated once per
  // resource of the directory. Both sides are NOT NULL, so IN is never NULL
  // and negates cleanly.
  std::string EmailsExists(const std::string& cond) const {
    return "r.id IN (SELECT e.resource_id FROM emails e WHERE e.directory_id = r.directory_id "
           "AND " +
           cond + ")";
  }
  std::string MembersExists(const std::string& cond) const {
    return "r.id IN (SELECT m.group_id FROM members m WHERE m.directory_id = r.directory_id "
           "AND " +
           cond + ")";
  }

  bool IsCore(const scim::ResolvedAttr& r, std::string_view name) const {
    return r.schema == type_.core && r.attr != nullptr && EqualsIgnoreCase(r.attr->name, name);
  }
  bool IsEmails(const scim::ResolvedAttr& r) const {
    return type_.kind == scim::ResourceKind::kUser && IsCore(r, "emails");
  }
  bool IsMembers(const scim::ResolvedAttr& r) const {
    return type_.kind == scim::ResourceKind::kGroup && IsCore(r, "members");
  }
  bool IsCommon(const scim::ResolvedAttr& r, std::string_view name) const {
    return r.schema == &scim::CommonAttributes() && EqualsIgnoreCase(r.attr->name, name);
  }

  // ---- Present ----

  Fragment PresentResource(const scim::ResolvedAttr& r) {
    if (r.is_extension_root()) return JsonPresent(Child(Root(), r.schema->id));
    if (IsCommon(r, "id") || IsCommon(r, "meta")) return Constant(true);
    if (IsCommon(r, "externalId")) {
      return {"(r.external_id IS NOT NULL AND r.external_id <> '')", {}, true};
    }
    if (IsMembers(r)) {
      if (r.sub != nullptr && !EqualsIgnoreCase(r.sub->name, "value")) return Superset();
      return {MembersExists("m.member_id <> ''"), {}, true};
    }
    if (IsEmails(r) && r.sub != nullptr && EqualsIgnoreCase(r.sub->name, "value")) {
      return {EmailsExists("e.value_lc <> ''"), {}, true};
    }
    JsonRef ref = AttrRef(r);
    if (r.sub == nullptr) return JsonPresent(ref);
    if (r.attr->multi_valued) {
      return ExistsElement(ref,
                           [&](const JsonRef& el) { return JsonPresent(Child(el, r.sub->name)); });
    }
    return JsonPresent(Child(ref, r.sub->name));
  }

  JsonRef AttrRef(const scim::ResolvedAttr& r) const {
    JsonRef base = Root();
    if (r.in_extension()) base = Child(base, r.schema->id);
    return Child(base, r.attr->name);
  }

  // ---- Comparison in resource scope ----

  Fragment CompareResource(const scim::filter::Comparison& c, const scim::ResolvedAttr& r) {
    const AttributeDef* leaf = r.leaf();
    const AttributeDef* compared = scim::filter::ComparedAttr(*leaf);
    if (compared == nullptr) return Superset();
    if (r.schema == &scim::CommonAttributes()) return CompareCommon(c, r, *compared);
    if (IsCore(r, type_.kind == scim::ResourceKind::kUser ? "userName" : "displayName")) {
      return StringCompare("r.name_lc", false, true, c.op, scim::filter::LiteralText(c.value));
    }
    bool compares_value = compared != leaf || (r.sub && EqualsIgnoreCase(r.sub->name, "value"));
    if (IsEmails(r) && compares_value && !compared->case_exact) {
      Fragment f =
          StringCompare("e.value_lc", false, true, c.op, scim::filter::LiteralText(c.value));
      f.sql = EmailsExists(f.sql);
      return f;
    }
    if (IsMembers(r)) {
      if (!compares_value) return Superset();
      Fragment f = StringCompare("m.member_id", compared->case_exact, false, c.op,
                                 scim::filter::LiteralText(c.value));
      f.sql = MembersExists(f.sql);
      return f;
    }
    JsonRef ref = AttrRef(r);
    if (r.attr->multi_valued) {
      return ExistsElement(ref, [&](const JsonRef& el) {
        JsonRef target = el;
        if (r.attr->type == AttrType::kComplex) target = Child(el, compared->name);
        return JsonCompare(target, *compared, c.op, c.value);
      });
    }
    if (r.sub != nullptr) return JsonCompare(Child(ref, r.sub->name), *compared, c.op, c.value);
    if (compared != leaf) return JsonCompare(Child(ref, compared->name), *compared, c.op, c.value);
    return JsonCompare(ref, *compared, c.op, c.value);
  }

  Fragment CompareCommon(const scim::filter::Comparison& c, const scim::ResolvedAttr& r,
                         const AttributeDef& compared) {
    std::string text = scim::filter::LiteralText(c.value);
    if (IsCommon(r, "id")) return StringCompare("r.id", compared.case_exact, false, c.op, text);
    if (IsCommon(r, "externalId")) {
      return StringCompare("r.external_id", compared.case_exact, false, c.op, text);
    }
    std::string_view sub = compared.name;
    if (EqualsIgnoreCase(sub, "created") || EqualsIgnoreCase(sub, "lastModified")) {
      auto ms = scim::filter::ParseInstantMillis(text);
      if (!ms) return Constant(false);
      std::string column = EqualsIgnoreCase(sub, "created") ? "r.created_ms" : "r.modified_ms";
      return {column + " " + OrderingSql(c.op) + " ?", {*ms}, true};
    }
    if (EqualsIgnoreCase(sub, "resourceType")) {
      // The same for every row of this table: decide it here.
      json::object resource;
      resource["meta"] = json::object{{"resourceType", type_.name}};
      scim::filter::Node node{c};
      return Constant(scim::filter::Matches(node, resource, type_));
    }
    if (EqualsIgnoreCase(sub, "version") && c.op == CompareOp::kEq) {
      // meta.version is rendered as W/"<n>".
      std::string_view t = text;
      if (t.starts_with("W/\"") && t.ends_with("\"") && t.size() > 4) {
        std::string_view digits = t.substr(3, t.size() - 4);
        int64_t n = 0;
        auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
        if (ec == std::errc() && p == digits.data() + digits.size()) {
          return {"r.version = ?", {n}, true};
        }
      }
      return Constant(false);
    }
    return Superset();  // meta.location depends on the base URL
  }

  // ---- Relative paths inside a value filter ----

  const AttributeDef* ElementLeaf(const scim::AttrPath& path, const ElementCtx& ctx) const {
    if (ctx.parent->sub_attributes.empty()) {
      return EqualsIgnoreCase(path.attr, "value") ? ctx.parent : nullptr;
    }
    return ctx.parent->FindSub(path.attr);
  }

  Fragment PresentElement(const scim::AttrPath& path, const ElementCtx& ctx) {
    const AttributeDef* leaf = ElementLeaf(path, ctx);
    if (leaf == nullptr) return Constant(false);
    bool is_value = EqualsIgnoreCase(leaf->name, "value");
    switch (ctx.kind) {
      case ElementCtx::Kind::kEmails:
        return is_value ? Fragment{"e.value_lc <> ''", {}, true} : Superset();
      case ElementCtx::Kind::kMembers:
        return is_value ? Fragment{"m.member_id <> ''", {}, true} : Superset();
      case ElementCtx::Kind::kJson:
        break;
    }
    if (leaf == ctx.parent) return JsonPresent(ctx.element);
    return JsonPresent(Child(ctx.element, leaf->name));
  }

  Fragment CompareElement(const scim::filter::Comparison& c, const ElementCtx& ctx) {
    const AttributeDef* leaf = ElementLeaf(c.path, ctx);
    if (leaf == nullptr) return Constant(false);
    const AttributeDef* compared = scim::filter::ComparedAttr(*leaf);
    if (compared == nullptr) return Superset();
    bool is_value = EqualsIgnoreCase(leaf->name, "value");
    std::string text = scim::filter::LiteralText(c.value);
    switch (ctx.kind) {
      case ElementCtx::Kind::kEmails:
        if (!is_value || compared->case_exact) return Superset();
        return StringCompare("e.value_lc", false, true, c.op, text);
      case ElementCtx::Kind::kMembers:
        if (!is_value) return Superset();
        return StringCompare("m.member_id", compared->case_exact, false, c.op, text);
      case ElementCtx::Kind::kJson:
        break;
    }
    JsonRef target = leaf == ctx.parent ? ctx.element : Child(ctx.element, leaf->name);
    return JsonCompare(target, *compared, c.op, c.value);
  }

  // True when every path in `node` names the `value` sub-attribute.
  static bool OnlyValue(const scim::filter::Node& node) {
    using namespace scim::filter;
    if (auto* c = std::get_if<Comparison>(&node.v)) return EqualsIgnoreCase(c->path.attr, "value");
    if (auto* p = std::get_if<Present>(&node.v)) return EqualsIgnoreCase(p->path.attr, "value");
    if (auto* l = std::get_if<Logical>(&node.v)) return OnlyValue(*l->lhs) && OnlyValue(*l->rhs);
    if (auto* n = std::get_if<Not>(&node.v)) return OnlyValue(*n->operand);
    return false;
  }

  // ---- Node kinds ----

  Fragment Visit(const scim::filter::Comparison& c, const ElementCtx* ctx) {
    if (c.value.is_null()) {
      // `eq null` is absence, `ne null` presence.
      Fragment present = ctx ? PresentElement(c.path, *ctx) : PresentOf(c.path);
      return c.op == CompareOp::kEq ? Negate(std::move(present)) : present;
    }
    if (c.op == CompareOp::kNe) {
      scim::filter::Comparison eq{c.path, CompareOp::kEq, c.value};
      return Negate(Visit(eq, ctx));
    }
    if (ctx != nullptr) return CompareElement(c, *ctx);
    auto r = scim::Resolve(type_, c.path);
    if (!r.ok() || r->is_extension_root()) return Constant(false);
    return CompareResource(c, *r);
  }

  Fragment PresentOf(const scim::AttrPath& path) {
    auto r = scim::Resolve(type_, path);
    if (!r.ok()) return Constant(false);
    return PresentResource(*r);
  }

  Fragment Visit(const scim::filter::Present& p, const ElementCtx* ctx) {
    return ctx ? PresentElement(p.path, *ctx) : PresentOf(p.path);
  }

  // A chain of one operator (`a or b or c`, nested pairwise by the parser)
  // becomes one flat `(a OR b OR c)`: a parenthesis per term overflows
  // SQLite's parser stack (about 100 levels) long before the filter's term
  // limit. Operands keep their left-to-right order, and so do the params.
  Fragment Visit(const scim::filter::Logical& l, const ElementCtx* ctx) {
    std::vector<const scim::filter::Node*> operands;
    std::vector<const scim::filter::Node*> pending{l.rhs.get(), l.lhs.get()};
    while (!pending.empty()) {
      const scim::filter::Node* n = pending.back();
      pending.pop_back();
      const auto* inner = std::get_if<scim::filter::Logical>(&n->v);
      if (inner != nullptr && inner->op == l.op) {
        pending.push_back(inner->rhs.get());
        pending.push_back(inner->lhs.get());
      } else {
        operands.push_back(n);
      }
    }
    std::string_view op;
    switch (l.op) {
      case scim::filter::LogicalOp::kAnd:
        op = " AND ";
        break;
      case scim::filter::LogicalOp::kOr:
        op = " OR ";
        break;
    }
    Fragment out;
    out.sql = "(";
    for (size_t i = 0; i < operands.size(); ++i) {
      Fragment f = Compile(*operands[i], ctx);
      if (i > 0) out.sql += op;
      out.sql += f.sql;
      out.params.insert(out.params.end(), f.params.begin(), f.params.end());
      out.exact = out.exact && f.exact;
    }
    out.sql += ")";
    return out;
  }

  Fragment Visit(const scim::filter::Not& n, const ElementCtx* ctx) {
    return Negate(Compile(*n.operand, ctx));
  }

  Fragment Visit(const scim::filter::ValuePath& vp, const ElementCtx* ctx) {
    if (ctx != nullptr) return Constant(false);  // nested value paths never validate
    auto r = scim::Resolve(type_, vp.path);
    if (!r.ok() || r->attr == nullptr) return Constant(false);
    ElementCtx inner;
    inner.parent = r->attr;
    if (IsMembers(*r)) {
      inner.kind = ElementCtx::Kind::kMembers;
      Fragment f = Compile(*vp.filter, &inner);
      f.sql = MembersExists(f.sql);
      return f;
    }
    if (IsEmails(*r) && OnlyValue(*vp.filter)) {
      inner.kind = ElementCtx::Kind::kEmails;
      Fragment f = Compile(*vp.filter, &inner);
      f.sql = EmailsExists(f.sql);
      return f;
    }
    JsonRef ref = AttrRef(*r);
    if (!r->attr->multi_valued) {
      inner.element = ref;
      return Compile(*vp.filter, &inner);
    }
    return ExistsElement(ref, [&](const JsonRef& el) {
      inner.element = el;
      return Compile(*vp.filter, &inner);
    });
  }

  const scim::ResourceType& type_;
  Dialect dialect_;
  int aliases_ = 0;
};

// Replaces each "?" with $first, $first+1, ... (PostgreSQL).
std::string NumberPlaceholders(const std::string& sql, int first) {
  std::string out;
  int n = first;
  bool in_literal = false;
  for (char c : sql) {
    if (c == '\'') in_literal = !in_literal;
    if (c == '?' && !in_literal) {
      out += "$" + std::to_string(n++);
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

Result<Compiled> CompileFilter(const scim::filter::Node& node, const scim::ResourceType& type,
                               Dialect dialect, int first_param) {
  Fragment f = Compiler(type, dialect).Compile(node, nullptr);
  Compiled out;
  out.where = dialect == Dialect::kPostgres ? NumberPlaceholders(f.sql, first_param) : f.sql;
  out.params = std::move(f.params);
  out.exact = f.exact;
  return out;
}

namespace {

std::string MaybeLower(const AttributeDef& leaf, const std::string& x) {
  bool text = leaf.type == AttrType::kString || leaf.type == AttrType::kReference;
  return text && !leaf.case_exact ? "lower(" + x + ")" : x;
}

// "$."a"."b"" (SQLite) or "{a,b}" (PostgreSQL) for the keys in `keys`.
std::string KeyPath(const std::vector<std::string>& keys, Dialect dialect) {
  std::string out = dialect == Dialect::kPostgres ? "{" : "$";
  for (size_t i = 0; i < keys.size(); ++i) {
    if (dialect == Dialect::kPostgres) {
      out += (i ? "," : "") + Quoted(keys[i]);
    } else {
      out += "." + Quoted(keys[i]);
    }
  }
  return dialect == Dialect::kPostgres ? out + "}" : out;
}

Result<std::string> CommonSortKey(const scim::ResolvedAttr& r, const AttributeDef& sorted) {
  std::string_view name = sorted.name;
  if (EqualsIgnoreCase(r.attr->name, "id") || EqualsIgnoreCase(name, "location")) {
    return std::string("r.id");  // location is <base>/<endpoint>/<id>
  }
  if (EqualsIgnoreCase(r.attr->name, "externalId")) return std::string("r.external_id");
  if (EqualsIgnoreCase(name, "created")) return std::string("r.created_ms");
  if (EqualsIgnoreCase(name, "lastModified")) return std::string("r.modified_ms");
  if (EqualsIgnoreCase(name, "version")) return std::string("r.version");
  return std::string("r.kind");
}

}  // namespace

Result<std::string> CompileSortKey(const scim::AttrPath& path, const scim::ResourceType& type,
                                   Dialect dialect) {
  SCIMD_ASSIGN_OR_RETURN(scim::ResolvedAttr r, scim::Resolve(type, path));
  if (r.is_extension_root()) return InvalidPath("cannot sort by a whole extension");
  const AttributeDef* leaf = r.leaf();
  const AttributeDef* sorted = scim::filter::ComparedAttr(*leaf);
  if (sorted == nullptr) return InvalidPath("cannot sort by complex '" + path.ToString() + "'");
  if (r.schema == &scim::CommonAttributes()) return CommonSortKey(r, *sorted);
  const bool is_user = type.kind == scim::ResourceKind::kUser;
  if (r.schema == type.core &&
      EqualsIgnoreCase(r.attr->name, is_user ? "userName" : "displayName")) {
    return std::string("r.name_lc");
  }
  if (!is_user && r.schema == type.core && EqualsIgnoreCase(r.attr->name, "members")) {
    return std::string(
        "(SELECT min(m.member_id) FROM members m WHERE m.directory_id = r.directory_id AND "
        "m.group_id = r.id)");
  }
  std::vector<std::string> keys;
  if (r.in_extension()) keys.push_back(r.schema->id);
  keys.push_back(r.attr->name);
  const bool pg = dialect == Dialect::kPostgres;
  if (!r.attr->multi_valued) {
    if (sorted != r.attr) keys.push_back(sorted->name);
    std::string path_text = KeyPath(keys, dialect);
    if (pg) return MaybeLower(*sorted, "(r.data #>> '" + path_text + "') COLLATE \"C\"");
    return MaybeLower(*sorted, "json_extract(r.data, '" + path_text + "')");
  }
  // A multi-valued attribute sorts by its primary value, else the first.
  const bool complex = r.attr->type == AttrType::kComplex;
  std::string array = KeyPath(keys, dialect);
  if (pg) {
    std::string arr = "(r.data #> '" + array + "')";
    std::string pick = complex ? " ->> '" + sorted->name + "'" : " #>> '{}'";
    return MaybeLower(*sorted, "COALESCE((SELECT e" + pick +
                                   " FROM jsonb_array_elements(CASE jsonb_typeof(" + arr +
                                   ") WHEN 'array' THEN " + arr +
                                   " ELSE '[]'::jsonb END) e WHERE e ->> 'primary' = 'true' "
                                   "LIMIT 1), (" +
                                   arr + " -> 0)" + pick + ") COLLATE \"C\"");
  }
  std::string step = complex ? "." + Quoted(sorted->name) : "";
  return MaybeLower(*sorted, "COALESCE((SELECT json_extract(r.data, j.fullkey || '" + step +
                                 "') FROM json_each(r.data, '" + array +
                                 "') j WHERE json_type(r.data, j.fullkey || '.\"primary\"') = "
                                 "'true' LIMIT 1), json_extract(r.data, '" +
                                 array + "[0]" + step + "'))");
}

}  // namespace scimd::storage::sql
