#include "common/status.h"

namespace scimd {

int HttpStatusOf(Code code) {
  switch (code) {
    case Code::kOk:
      return 200;
    case Code::kInvalidFilter:
    case Code::kTooMany:
    case Code::kInvalidSyntax:
    case Code::kInvalidPath:
    case Code::kNoTarget:
    case Code::kInvalidValue:
    case Code::kInvalidVersion:
    case Code::kSensitive:
    case Code::kMutability:
    case Code::kInvalidCursor:
    case Code::kExpiredCursor:
    case Code::kBadRequest:
      return 400;
    case Code::kUnauthorized:
      return 401;
    case Code::kForbidden:
      return 403;
    case Code::kNotFound:
      return 404;
    case Code::kMethodNotAllowed:
      return 405;
    case Code::kUniqueness:
    case Code::kConflict:
      return 409;
    case Code::kPreconditionFailed:
      return 412;
    case Code::kPayloadTooLarge:
      return 413;
    case Code::kUnsupportedMediaType:
      return 415;
    case Code::kTooManyRequests:
      return 429;
    case Code::kInternal:
      return 500;
    case Code::kNotImplemented:
      return 501;
    case Code::kUnavailable:
      return 503;
  }
  return 500;
}

std::string_view ScimTypeOf(Code code) {
  switch (code) {
    case Code::kInvalidFilter:
      return "invalidFilter";
    case Code::kTooMany:
      return "tooMany";
    case Code::kInvalidSyntax:
      return "invalidSyntax";
    case Code::kInvalidPath:
      return "invalidPath";
    case Code::kNoTarget:
      return "noTarget";
    case Code::kInvalidValue:
      return "invalidValue";
    case Code::kInvalidVersion:
      return "invalidVers";
    case Code::kSensitive:
      return "sensitive";
    case Code::kMutability:
      return "mutability";
    case Code::kInvalidCursor:
      return "invalidCursor";
    case Code::kExpiredCursor:
      return "expiredCursor";
    case Code::kUniqueness:
      return "uniqueness";
    case Code::kOk:
    case Code::kBadRequest:
    case Code::kUnauthorized:
    case Code::kForbidden:
    case Code::kNotFound:
    case Code::kMethodNotAllowed:
    case Code::kConflict:
    case Code::kPreconditionFailed:
    case Code::kPayloadTooLarge:
    case Code::kUnsupportedMediaType:
    case Code::kTooManyRequests:
    case Code::kInternal:
    case Code::kNotImplemented:
    case Code::kUnavailable:
      return "";
  }
  return "";
}

std::string_view CodeName(Code code) {
  switch (code) {
    case Code::kOk:
      return "ok";
    case Code::kInvalidFilter:
      return "invalid_filter";
    case Code::kTooMany:
      return "too_many";
    case Code::kInvalidSyntax:
      return "invalid_syntax";
    case Code::kInvalidPath:
      return "invalid_path";
    case Code::kNoTarget:
      return "no_target";
    case Code::kInvalidValue:
      return "invalid_value";
    case Code::kInvalidVersion:
      return "invalid_version";
    case Code::kSensitive:
      return "sensitive";
    case Code::kMutability:
      return "mutability";
    case Code::kInvalidCursor:
      return "invalid_cursor";
    case Code::kExpiredCursor:
      return "expired_cursor";
    case Code::kBadRequest:
      return "bad_request";
    case Code::kUnauthorized:
      return "unauthorized";
    case Code::kForbidden:
      return "forbidden";
    case Code::kNotFound:
      return "not_found";
    case Code::kMethodNotAllowed:
      return "method_not_allowed";
    case Code::kUniqueness:
      return "uniqueness";
    case Code::kConflict:
      return "conflict";
    case Code::kPreconditionFailed:
      return "precondition_failed";
    case Code::kPayloadTooLarge:
      return "payload_too_large";
    case Code::kUnsupportedMediaType:
      return "unsupported_media_type";
    case Code::kTooManyRequests:
      return "too_many_requests";
    case Code::kInternal:
      return "internal";
    case Code::kNotImplemented:
      return "not_implemented";
    case Code::kUnavailable:
      return "unavailable";
  }
  return "unknown";
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  std::string out(CodeName(code_));
  out += ": ";
  out += detail_;
  return out;
}

}  // namespace scimd
