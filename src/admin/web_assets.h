// The web console's files (src/admin/web) and the IdP setup guides
// (docs/idp/*.md, as "idp/<name>.md"), compiled into the binary by
// cmake/embed_files.cmake.
//
// Thread-safety: immutable data.
#ifndef SCIMD_ADMIN_WEB_ASSETS_H_
#define SCIMD_ADMIN_WEB_ASSETS_H_

#include <span>
#include <string_view>

namespace scimd::admin {

struct WebAsset {
  std::string_view path;  // "index.html", "idp/onelogin.md"
  std::string_view content_type;
  std::string_view body;
};

// Every embedded file (generated).
std::span<const WebAsset> WebAssets();

// The asset at `path`, or nullptr.
const WebAsset* FindWebAsset(std::string_view path);

}  // namespace scimd::admin

#endif  // SCIMD_ADMIN_WEB_ASSETS_H_
