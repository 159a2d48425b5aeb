#include "admin/admin_call.h"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <charconv>

namespace scimd::admin {

std::string AdminCall::Query(std::string_view name, std::string_view fallback) const {
  auto it = query.find(std::string(name));
  return it == query.end() ? std::string(fallback) : it->second;
}

Result<int64_t> AdminCall::QueryInt(std::string_view name, int64_t fallback, int64_t min,
                                    int64_t max) const {
  auto it = query.find(std::string(name));
  if (it == query.end() || it->second.empty()) return fallback;
  int64_t value = 0;
  const std::string& text = it->second;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value < min || value > max) {
    return InvalidValue(std::string(name) + " must be an integer from " + std::to_string(min) +
                        " to " + std::to_string(max));
  }
  return value;
}

Result<boost::json::object> AdminCall::BodyObject() const {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(request.body, ec);
  if (ec || !value.is_object()) {
    return Status(Code::kInvalidSyntax, "the request body must be a JSON object");
  }
  return std::move(value.as_object());
}

http::Response JsonResponse(int status, const boost::json::value& body) {
  http::Response response;
  response.status = status;
  response.SetHeader("Content-Type", "application/json");
  response.body = boost::json::serialize(body);
  return response;
}

http::Response ErrorResponse(const Status& status) {
  boost::json::object error{{"code", CodeName(status.code())}, {"message", status.detail()}};
  return JsonResponse(HttpStatusOf(status.code()), boost::json::object{{"error", error}});
}

http::Response NoContent() {
  http::Response response;
  response.status = 204;
  return response;
}

std::map<std::string, std::string> ParseQuery(std::string_view query) {
  std::map<std::string, std::string> out;
  const std::string target = "/?" + std::string(query);
  auto url = boost::urls::parse_origin_form(target);
  if (!url) return out;
  // HTML forms and URLSearchParams send a space as '+'.
  boost::urls::encoding_opts form_encoding(/*space_as_plus=*/true, false, false);
  for (auto param : url->params(form_encoding)) {
    out.emplace(param.key, param.has_value ? param.value : "");
  }
  return out;
}

}  // namespace scimd::admin
