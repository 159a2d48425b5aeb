// Rendering resources, lists and errors as SCIM JSON (RFC 7643 §3.1,
// RFC 7644 §3.4.2, §3.12), with projection (RFC 7644 §3.4.2.5).
//
// Pure; thread-safe.
#ifndef SCIMD_SCIM_SERIALIZE_RENDER_H_
#define SCIMD_SCIM_SERIALIZE_RENDER_H_

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "scim/path/attr_path.h"
#include "scim/resource/resource.h"
#include "scim/schema/schema.h"

namespace scimd::scim {

// `attributes` / `excludedAttributes` query parameters, parsed. At most one of
// the two lists is non-empty: when both are given, `attributes` wins.
struct Projection {
  std::vector<AttrPath> attributes;
  std::vector<AttrPath> excluded;

  // Whether the rendered resource will contain `attr_name` (top-level, core
  // schema) — lets the API skip loading members for
  // excludedAttributes=members, or `groups` for users.
  bool Includes(const ResourceType& type, std::string_view attr_name) const;

  // Applies the projection to a full rendering of a resource of `type`:
  // `schemas` and returned:always attributes are kept; returned:request ones
  // only when named in `attributes`; a path with a sub-attribute selects (or
  // excludes) that sub-attribute in every value; an extension URN selects (or
  // excludes) the whole extension object. Paths that name nothing are ignored.
  boost::json::object Apply(const ResourceType& type, boost::json::object rendered) const;
};

// Parses comma-separated attribute lists. Fails with kInvalidPath on a
// malformed path. Unknown attribute names are ignored (they select nothing).
Result<Projection> ParseProjection(std::string_view attributes, std::string_view excluded,
                                   const ResourceType& type);

// Everything a rendering needs besides the resource.
struct RenderContext {
  std::string base_url;  // "https://host/scim/<directory>/v2", no trailing slash
};

// "2026-11-29T05:23:54.123Z"
std::string FormatTime(int64_t epoch_ms);
// Parses RFC 3339 / xsd:dateTime ("2026-01-01T00:00:00Z", offsets, fractions).
// Fails with kInvalidValue.
Result<int64_t> ParseTime(std::string_view text);

// W/"<version>" — the meta.version and ETag of a resource.
std::string VersionTag(int64_t version);

// <base_url>/Users/<id> or /Groups/<id>.
std::string Location(const RenderContext& ctx, ResourceKind kind, std::string_view id);

// The full representation: attributes + id + meta{resourceType, created,
// lastModified, location, version} + members (groups, when `members` is
// non-null; each {value, display, type, $ref}) + groups (users, when `groups`
// is non-null). Attributes with returned:never (password) are never output;
// `projection` then selects (returned:always — id, schemas — always kept).
boost::json::object RenderResource(const Resource& resource, const RenderContext& ctx,
                                   const std::vector<Member>* members,
                                   const std::vector<GroupRef>* groups,
                                   const Projection& projection = {});

// ListResponse (RFC 7644 §3.4.2): schemas, totalResults, startIndex,
// itemsPerPage, Resources.
boost::json::object RenderList(int64_t total_results, int64_t start_index,
                               boost::json::array resources);

// ListResponse of a cursor-paged list (RFC 9865 §3): schemas, totalResults,
// itemsPerPage, nextCursor (absent on the last page), previousCursor (absent
// on the first), Resources; no startIndex.
boost::json::object RenderCursorList(int64_t total_results, boost::json::array resources,
                                     const std::optional<std::string>& next_cursor,
                                     const std::optional<std::string>& previous_cursor);

// Error (RFC 7644 §3.12): schemas, status (a string), scimType when the code
// has one, detail.
boost::json::object RenderError(const Status& status);

}  // namespace scimd::scim

#endif  // SCIMD_SCIM_SERIALIZE_RENDER_H_
