#include <boost/json.hpp>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <optional>

#include "api/resource_handlers.h"
#include "api/resource_view.h"
#include "common/crypto.h"
#include "scim/filter/evaluator.h"
#include "scim/filter/parser.h"
#include "scim/path/attr_path.h"
#include "scim/resource/normalize.h"
#include "scim/serialize/discovery.h"

namespace scimd::api {
namespace {

// The parameters of a list or search, from the query string or a
// SearchRequest body.
struct ListRequest {
  std::string filter;
  std::string sort_by;
  std::string sort_order;
  std::optional<std::string> start_index;
  std::optional<std::string> count;
  std::string attributes;
  std::string excluded;
  std::optional<std::string> cursor;  // RFC 9865: present (even empty) selects cursor paging
};

// --- Cursors (RFC 9865) ---------------------------------------------------
//
// A cursor is base64url of a small JSON object: format version, direction
// ("a" after / "b" before), a fingerprint of the query it belongs to, the
// keyset position (sort key value and id) and the time it was issued. It
// holds no server state, so cursors survive restarts and work on any
// replica; the fingerprint makes one given for another list (directory,
// resource type, filter or sort) invalid, and the issue time bounds its
// life to cursorTimeout. A forged cursor can only name a position in the
// caller's own directory.

struct Cursor {
  bool before = false;
  storage::KeysetPosition position;
};

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// FNV-1a, 64 bits: stable across builds and platforms.
std::string Fingerprint(const Call& call, const scim::ResourceType& type, const ListRequest& list) {
  uint64_t hash = 14695981039346656037ull;
  auto mix = [&hash](std::string_view text) {
    for (unsigned char c : text) {
      hash ^= c;
      hash *= 1099511628211ull;
    }
    hash ^= 0xFF;  // separator, so ("ab","c") and ("a","bc") differ
    hash *= 1099511628211ull;
  };
  mix(call.directory.id);
  mix(type.name);
  mix(list.filter);
  mix(scim::LowerAscii(list.sort_by));
  mix(scim::LowerAscii(list.sort_order));
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

std::optional<std::string> Base64UrlDecode(std::string_view text) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    int v;
    if (c >= 'A' && c <= 'Z') {
      v = c - 'A';
    } else if (c >= 'a' && c <= 'z') {
      v = c - 'a' + 26;
    } else if (c >= '0' && c <= '9') {
      v = c - '0' + 52;
    } else if (c == '-') {
      v = 62;
    } else if (c == '_') {
      v = 63;
    } else {
      return std::nullopt;
    }
    buffer = (buffer << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

std::string EncodeCursor(const std::string& fingerprint, bool before,
                         const storage::KeysetPosition& position) {
  boost::json::object token;
  token["v"] = 1;
  token["d"] = before ? "b" : "a";
  token["f"] = fingerprint;
  struct KeyJson {
    boost::json::value operator()(std::monostate) const { return nullptr; }
    boost::json::value operator()(const std::string& s) const { return boost::json::string(s); }
    boost::json::value operator()(int64_t n) const { return n; }
    boost::json::value operator()(double d) const { return d; }
  };
  token["k"] = std::visit(KeyJson{}, position.key);
  token["i"] = position.id;
  token["t"] = NowSeconds();
  return Base64Url(boost::json::serialize(token));
}

Result<Cursor> DecodeCursor(std::string_view text, const std::string& fingerprint) {
  Status invalid(Code::kInvalidCursor, "the cursor is not one this server issued for this list");
  std::optional<std::string> raw = Base64UrlDecode(text);
  if (!raw) return invalid;
  std::error_code ec;
  boost::json::value parsed = boost::json::parse(*raw, ec);
  if (ec || !parsed.is_object()) return invalid;
  const boost::json::object& token = parsed.get_object();
  const boost::json::value* version = token.if_contains("v");
  const boost::json::value* direction = token.if_contains("d");
  const boost::json::value* owner = token.if_contains("f");
  const boost::json::value* key = token.if_contains("k");
  const boost::json::value* id = token.if_contains("i");
  const boost::json::value* issued = token.if_contains("t");
  if (!version || !version->is_int64() || version->get_int64() != 1 || !direction ||
      !direction->is_string() || !owner || !owner->is_string() || !key || !id || !id->is_string() ||
      !issued || !issued->is_int64()) {
    return invalid;
  }
  if (NowSeconds() - issued->get_int64() > scim::kCursorTimeoutSeconds) {
    return Status(Code::kExpiredCursor, "the cursor has expired; start again without one");
  }
  if (owner->get_string() != fingerprint) return invalid;
  Cursor cursor;
  if (direction->get_string() == "b") {
    cursor.before = true;
  } else if (direction->get_string() != "a") {
    return invalid;
  }
  if (key->is_null()) {
    cursor.position.key = std::monostate();
  } else if (key->is_string()) {
    cursor.position.key = std::string(key->get_string());
  } else if (key->is_int64()) {
    cursor.position.key = key->get_int64();
  } else if (key->is_double()) {
    cursor.position.key = key->get_double();
  } else {
    return invalid;
  }
  cursor.position.id = std::string(id->get_string());
  return cursor;
}

Result<int64_t> ParseInteger(std::string_view name, std::string_view text) {
  int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || text.empty()) {
    return InvalidValue(std::string(name) + " must be an integer, got '" + std::string(text) + "'");
  }
  return value;
}

Result<storage::Query> BuildQuery(const Call& call, const scim::ResourceType& type,
                                  const ListRequest& list, scim::filter::NodePtr& filter) {
  storage::Query query;
  if (!list.filter.empty()) {
    SCIMD_ASSIGN_OR_RETURN(filter, scim::filter::Parse(list.filter));
    SCIMD_RETURN_IF_ERROR(scim::filter::Validate(*filter, type));
    query.filter = filter.get();
  }
  if (!list.sort_by.empty()) {
    SCIMD_ASSIGN_OR_RETURN(scim::AttrPath path, scim::ParseAttrPath(list.sort_by));
    SCIMD_RETURN_IF_ERROR(scim::Resolve(type, path).status());
    bool descending = scim::EqualsIgnoreCase(list.sort_order, "descending");
    if (!descending && !list.sort_order.empty() &&
        !scim::EqualsIgnoreCase(list.sort_order, "ascending")) {
      return InvalidValue("sortOrder must be 'ascending' or 'descending'");
    }
    query.sort = storage::SortSpec{std::move(path), descending};
  }
  // RFC 7644 §3.4.2.4: a startIndex below 1 is 1; a negative count is 0; a
  // count above the cap is the cap.
  query.start_index = 1;
  if (list.start_index) {
    SCIMD_ASSIGN_OR_RETURN(int64_t start, ParseInteger("startIndex", *list.start_index));
    query.start_index = std::max<int64_t>(start, 1);
  }
  if (list.cursor) {
    // RFC 9865 §2: the two paging methods do not mix.
    if (list.start_index) return InvalidValue("startIndex and cursor cannot be used together");
    query.keyset = true;
    if (!list.cursor->empty()) {
      SCIMD_ASSIGN_OR_RETURN(Cursor cursor,
                             DecodeCursor(*list.cursor, Fingerprint(call, type, list)));
      (cursor.before ? query.before : query.after) = std::move(cursor.position);
    }
  }
  query.count = call.options.max_results;
  if (list.count) {
    SCIMD_ASSIGN_OR_RETURN(int64_t count, ParseInteger("count", *list.count));
    query.count = std::clamp<int64_t>(count, 0, call.options.max_results);
  }
  return query;
}

http::Response RunList(Call& call, const scim::ResourceType& type, const ListRequest& list) {
  scim::filter::NodePtr filter;
  Result<storage::Query> query = BuildQuery(call, type, list, filter);
  if (!query.ok()) return StatusResponse(query.status());
  Result<scim::Projection> projection = scim::ParseProjection(list.attributes, list.excluded, type);
  if (!projection.ok()) return StatusResponse(projection.status());
  Result<storage::QueryResult> found = call.store.Find(call.directory.id, type.kind, *query);
  if (!found.ok()) return StatusResponse(found.status());
  boost::json::array resources;
  resources.reserve(found->resources.size());
  for (const scim::Resource& resource : found->resources) {
    Result<boost::json::object> view = RenderView(call, resource, *projection);
    if (!view.ok()) return StatusResponse(view.status());
    resources.emplace_back(std::move(view).value());
  }
  if (query->keyset) {
    const std::string fingerprint = Fingerprint(call, type, list);
    std::optional<std::string> next;
    std::optional<std::string> previous;
    if (found->next) next = EncodeCursor(fingerprint, false, *found->next);
    if (found->previous) previous = EncodeCursor(fingerprint, true, *found->previous);
    return JsonResponse(
        200, scim::RenderCursorList(found->total_results, std::move(resources), next, previous));
  }
  return JsonResponse(
      200, scim::RenderList(found->total_results, query->start_index, std::move(resources)));
}

const std::string& ParamOr(const Call& call, std::string_view name, const std::string& fallback) {
  const std::string* value = call.params.Find(name);
  return value ? *value : fallback;
}

// SearchRequest values are JSON; attribute lists may be arrays of strings.
Result<std::string> SearchString(const boost::json::object& body, std::string_view key) {
  for (const auto& field : body) {
    if (!scim::EqualsIgnoreCase(field.key(), key)) continue;
    const boost::json::value& value = field.value();
    if (value.is_string()) return std::string(value.get_string());
    if (value.is_int64() || value.is_uint64()) return boost::json::serialize(value);
    if (value.is_null()) return std::string();
    if (value.is_array()) {
      std::string joined;
      for (const auto& item : value.get_array()) {
        if (!item.is_string()) return InvalidValue(std::string(key) + " must list strings");
        if (!joined.empty()) joined += ',';
        joined += item.get_string();
      }
      return joined;
    }
    return InvalidValue(std::string(key) + " has the wrong type");
  }
  return std::string();
}

bool HasKey(const boost::json::object& body, std::string_view key) {
  for (const auto& field : body) {
    if (scim::EqualsIgnoreCase(field.key(), key)) return true;
  }
  return false;
}

Result<ListRequest> ParseSearchRequest(const boost::json::value& body) {
  if (!body.is_object()) return InvalidSyntax("a SearchRequest must be a JSON object");
  const boost::json::object& object = body.get_object();
  ListRequest list;
  SCIMD_ASSIGN_OR_RETURN(list.filter, SearchString(object, "filter"));
  SCIMD_ASSIGN_OR_RETURN(list.sort_by, SearchString(object, "sortBy"));
  SCIMD_ASSIGN_OR_RETURN(list.sort_order, SearchString(object, "sortOrder"));
  SCIMD_ASSIGN_OR_RETURN(list.attributes, SearchString(object, "attributes"));
  SCIMD_ASSIGN_OR_RETURN(list.excluded, SearchString(object, "excludedAttributes"));
  if (HasKey(object, "startIndex")) {
    SCIMD_ASSIGN_OR_RETURN(list.start_index, SearchString(object, "startIndex"));
  }
  if (HasKey(object, "count")) {
    SCIMD_ASSIGN_OR_RETURN(list.count, SearchString(object, "count"));
  }
  if (HasKey(object, "cursor")) {
    SCIMD_ASSIGN_OR_RETURN(list.cursor, SearchString(object, "cursor"));
  }
  return list;
}

}  // namespace

http::Response GetResource(Call& call, const scim::ResourceType& type, std::string_view id) {
  Result<scim::Projection> projection = ProjectionOf(call, type);
  if (!projection.ok()) return StatusResponse(projection.status());
  Result<scim::Resource> resource = call.store.Get(call.directory.id, type.kind, id);
  if (!resource.ok()) return StatusResponse(resource.status());
  std::string_view if_none_match = call.http.Header("if-none-match");
  if (!if_none_match.empty() && EtagMatches(if_none_match, resource->version)) {
    http::Response not_modified;
    not_modified.status = 304;
    not_modified.SetHeader("ETag", scim::VersionTag(resource->version));
    return not_modified;
  }
  return ResourceResponse(call, 200, *resource, *projection);
}

http::Response ListResources(Call& call, const scim::ResourceType& type) {
  static const std::string kEmpty;
  ListRequest list;
  list.filter = ParamOr(call, "filter", kEmpty);
  list.sort_by = ParamOr(call, "sortBy", kEmpty);
  list.sort_order = ParamOr(call, "sortOrder", kEmpty);
  list.attributes = ParamOr(call, "attributes", kEmpty);
  list.excluded = ParamOr(call, "excludedAttributes", kEmpty);
  if (const std::string* start = call.params.Find("startIndex")) list.start_index = *start;
  if (const std::string* count = call.params.Find("count")) list.count = *count;
  if (const std::string* cursor = call.params.Find("cursor")) list.cursor = *cursor;
  return RunList(call, type, list);
}

http::Response SearchResources(Call& call, const scim::ResourceType& type) {
  Result<boost::json::value> body = ParseBody(call);
  if (!body.ok()) return StatusResponse(body.status());
  Result<ListRequest> list = ParseSearchRequest(*body);
  if (!list.ok()) return StatusResponse(list.status());
  return RunList(call, type, *list);
}

}  // namespace scimd::api
