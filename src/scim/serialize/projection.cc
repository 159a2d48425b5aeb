// Projection (RFC 7644 §3.4.2.5): parsing `attributes` / `excludedAttributes`
// and applying them to a rendered resource.
#include <algorithm>
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "scim/serialize/render.h"

namespace scimd::scim {
namespace json = boost::json;
namespace {

enum class Mode { kAll, kInclude, kExclude };

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

Result<std::vector<AttrPath>> ParseList(std::string_view list) {
  std::vector<AttrPath> paths;
  while (!list.empty()) {
    size_t comma = list.find(',');
    std::string_view item = Trim(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    if (item.empty()) continue;
    SCIMD_ASSIGN_OR_RETURN(AttrPath path, ParseAttrPath(item));
    paths.push_back(std::move(path));
  }
  return paths;
}

// Paths that name nothing in `type` select nothing, so they are left out here.
std::vector<ResolvedAttr> ResolveAll(const std::vector<AttrPath>& paths, const ResourceType& type) {
  std::vector<ResolvedAttr> out;
  for (const AttrPath& path : paths) {
    // The core URN alone names every core attribute.
    if (path.attr.empty() && type.FindSchema(path.schema) == type.core) {
      for (const AttributeDef& def : type.core->attributes) {
        out.push_back(ResolvedAttr{type.core, &def, nullptr});
      }
      continue;
    }
    Result<ResolvedAttr> r = Resolve(type, path);
    if (r.ok()) out.push_back(*r);
  }
  return out;
}

struct Selection {
  bool whole = false;
  std::vector<const AttributeDef*> subs;
};

Selection Select(const std::vector<ResolvedAttr>& paths, const AttributeDef* def) {
  Selection sel;
  for (const ResolvedAttr& r : paths) {
    if (r.attr != def) continue;
    if (r.sub == nullptr) {
      sel.whole = true;
    } else {
      sel.subs.push_back(r.sub);
    }
  }
  return sel;
}

bool NamesExtension(const std::vector<ResolvedAttr>& paths, const Schema* extension) {
  return std::any_of(paths.begin(), paths.end(), [&](const ResolvedAttr& r) {
    return r.is_extension_root() && r.schema == extension;
  });
}

// Keeps (keep=true) or removes (keep=false) the listed sub-attributes of a
// complex value, single or multi-valued; elements left empty are dropped.
json::value FilterSubs(const json::value& v, const AttributeDef& def,
                       const std::vector<const AttributeDef*>& subs, bool keep) {
  if (const json::object* obj = v.if_object()) {
    json::object out;
    for (const auto& [key, field] : *obj) {
      const AttributeDef* sub = def.FindSub(key);
      bool listed = sub != nullptr && std::find(subs.begin(), subs.end(), sub) != subs.end();
      if (listed == keep) out[key] = field;
    }
    return out;
  }
  if (const json::array* arr = v.if_array()) {
    json::array out;
    for (const json::value& element : *arr) {
      json::value filtered = FilterSubs(element, def, subs, keep);
      if (!filtered.is_object() || !filtered.get_object().empty()) out.push_back(filtered);
    }
    return out;
  }
  return v;
}

bool IsEmpty(const json::value& v) {
  return (v.is_object() && v.get_object().empty()) || (v.is_array() && v.get_array().empty());
}

// The projected value of attribute `def`, or nullopt when it is left out.
// Takes `v` by rvalue: a kept value is moved, not copied, so projecting a
// full rendering (every GET) allocates nothing for what it keeps.
std::optional<json::value> ProjectAttr(json::value&& v, const AttributeDef& def,
                                       const std::vector<ResolvedAttr>& paths, Mode mode) {
  if (def.returned == Returned::kNever) return std::nullopt;
  if (def.returned == Returned::kAlways) return std::move(v);
  if (mode == Mode::kAll) {
    if (def.returned == Returned::kRequest) return std::nullopt;
    return std::move(v);
  }
  Selection sel = Select(paths, &def);
  switch (mode) {
    case Mode::kAll:
      return std::move(v);
    case Mode::kInclude: {
      if (sel.whole) return std::move(v);
      if (sel.subs.empty()) return std::nullopt;
      json::value kept = FilterSubs(v, def, sel.subs, /*keep=*/true);
      if (IsEmpty(kept)) return std::nullopt;
      return kept;
    }
    case Mode::kExclude: {
      if (sel.whole || def.returned == Returned::kRequest) return std::nullopt;
      if (sel.subs.empty()) return std::move(v);
      json::value kept = FilterSubs(v, def, sel.subs, /*keep=*/false);
      if (IsEmpty(kept)) return std::nullopt;
      return kept;
    }
  }
  return std::move(v);
}

std::optional<json::value> ProjectExtension(json::value&& v, const Schema& extension,
                                            const std::vector<ResolvedAttr>& paths, Mode mode) {
  json::object* obj = v.if_object();
  if (obj == nullptr) return std::move(v);
  if (mode == Mode::kInclude && NamesExtension(paths, &extension)) return std::move(v);
  if (mode == Mode::kExclude && NamesExtension(paths, &extension)) return std::nullopt;
  json::object out;
  for (auto& [key, field] : *obj) {
    const AttributeDef* def = extension.Find(key);
    if (def == nullptr) {
      if (mode != Mode::kInclude) out[key] = std::move(field);
      continue;
    }
    if (std::optional<json::value> kept = ProjectAttr(std::move(field), *def, paths, mode)) {
      out[key] = std::move(*kept);
    }
  }
  if (out.empty()) return std::nullopt;
  return json::value(std::move(out));
}

const AttributeDef* FindTopLevel(const ResourceType& type, std::string_view name) {
  if (const AttributeDef* def = CommonAttributes().Find(name)) return def;
  return type.core->Find(name);
}

}  // namespace

Result<Projection> ParseProjection(std::string_view attributes, std::string_view excluded,
                                   const ResourceType& type) {
  Projection p;
  SCIMD_ASSIGN_OR_RETURN(p.attributes, ParseList(attributes));
  if (p.attributes.empty()) {
    SCIMD_ASSIGN_OR_RETURN(p.excluded, ParseList(excluded));
  }
  return p;
}

bool Projection::Includes(const ResourceType& type, std::string_view attr_name) const {
  const AttributeDef* def = FindTopLevel(type, attr_name);
  if (def == nullptr) return false;
  if (def->returned == Returned::kNever) return false;
  if (def->returned == Returned::kAlways) return true;
  if (!attributes.empty()) {
    Selection sel = Select(ResolveAll(attributes, type), def);
    return sel.whole || !sel.subs.empty();
  }
  if (def->returned == Returned::kRequest) return false;
  if (!excluded.empty()) return !Select(ResolveAll(excluded, type), def).whole;
  return true;
}

json::object Projection::Apply(const ResourceType& type, json::object rendered) const {
  Mode mode = !attributes.empty() ? Mode::kInclude
              : !excluded.empty() ? Mode::kExclude
                                  : Mode::kAll;
  std::vector<ResolvedAttr> paths =
      ResolveAll(mode == Mode::kInclude ? attributes : excluded, type);
  json::object out;
  for (auto& [key, value] : rendered) {
    if (EqualsIgnoreCase(key, "schemas")) {
      out[key] = std::move(value);
      continue;
    }
    std::optional<json::value> kept;
    if (const Schema* ext = type.FindSchema(key); ext != nullptr && ext != type.core) {
      kept = ProjectExtension(std::move(value), *ext, paths, mode);
    } else if (const AttributeDef* def = FindTopLevel(type, key)) {
      kept = ProjectAttr(std::move(value), *def, paths, mode);
    } else if (mode != Mode::kInclude) {
      kept = std::move(value);
    }
    if (kept) out[key] = std::move(*kept);
  }
  return out;
}

}  // namespace scimd::scim
