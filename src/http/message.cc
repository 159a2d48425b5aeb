#include "http/message.h"

#include <algorithm>
#include <cctype>

namespace scimd::http {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::string_view Request::Header(std::string_view name) const {
  // Names are stored lower-cased by the server, but tests and handlers may
  // build a Request by hand, so compare without assuming that.
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoreCase(key, name)) return value;
  }
  return {};
}

void Response::SetHeader(std::string name, std::string value) {
  auto same_name = [&name](const auto& header) { return EqualsIgnoreCase(header.first, name); };
  auto it = std::find_if(headers.begin(), headers.end(), same_name);
  if (it == headers.end()) {
    headers.emplace_back(std::move(name), std::move(value));
    return;
  }
  // A handler that appended duplicates by hand still ends with one value.
  headers.erase(std::remove_if(std::next(it), headers.end(), same_name), headers.end());
  it->first = std::move(name);
  it->second = std::move(value);
}

}  // namespace scimd::http
