// One authenticated SCIM call, as the endpoint handlers see it.
#ifndef SCIMD_API_CALL_H_
#define SCIMD_API_CALL_H_

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "api/scim_api.h"
#include "common/status.h"
#include "directory/settings.h"
#include "http/message.h"
#include "scim/serialize/render.h"
#include "storage/resource_store.h"

namespace scimd::api {

// Query parameters, decoded ('+' is a space). Names compare
// case-insensitively (RFC 7644 §3.4.2 parameter names are case-insensitive
// in practice: IdPs send `startindex`); the first occurrence wins.
class QueryParams {
 public:
  void Add(std::string name, std::string value);
  // nullptr when absent.
  const std::string* Find(std::string_view name) const;

 private:
  std::map<std::string, std::string> values_;  // keys lower-cased
};

struct Call {
  const http::Request& http;
  storage::ResourceStore& store;
  const ApiOptions& options;
  storage::DirectoryRecord directory;
  scim::RenderContext render;         // base_url of the directory
  std::vector<std::string> segments;  // path segments after /v2
  QueryParams params;
  directory::Settings settings;  // the directory's effective settings
};

// Parses the request body as JSON: kInvalidSyntax when it is not JSON, with
// the parser's message.
Result<boost::json::value> ParseBody(const Call& call);

// --- Responses ------------------------------------------------------------
http::Response JsonResponse(int status, const boost::json::object& body);
http::Response StatusResponse(const Status& status);
// 204 without a body.
http::Response NoContent();

}  // namespace scimd::api

#endif  // SCIMD_API_CALL_H_
