// Status and Result<T>: how every expected failure in scimd travels.
//
// A Status carries one Code from a closed set and a human-readable detail. Each
// Code maps 1:1 to an HTTP status and, where RFC 7644 §3.12 defines one, a
// `scimType` (see HttpStatusOf / ScimTypeOf). The OK path allocates nothing.
//
// Exceptions are reserved for programming errors and start-up failures; code
// that can fail because of its input returns a Status or a Result<T>.
//
// Thread-safety: values; safe to copy between threads.
#ifndef SCIMD_COMMON_STATUS_H_
#define SCIMD_COMMON_STATUS_H_

#include <cassert>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace scimd {

// The closed set of failure kinds. Adding a code means adding its HTTP status
// and scimType in status.cc; the switch there has no default so the compiler
// finds a missing case.
enum class Code {
  kOk,
  // 400 with a scimType (RFC 7644 §3.12, Table 9; RFC 9865 for cursors).
  kInvalidFilter,
  kTooMany,
  kInvalidSyntax,
  kInvalidPath,
  kNoTarget,
  kInvalidValue,
  kInvalidVersion,
  kSensitive,
  kMutability,
  kInvalidCursor,
  kExpiredCursor,
  // 400 without a scimType.
  kBadRequest,
  kUnauthorized,          // 401
  kForbidden,             // 403
  kNotFound,              // 404
  kMethodNotAllowed,      // 405
  kUniqueness,            // 409, scimType "uniqueness"
  kConflict,              // 409 without scimType
  kPreconditionFailed,    // 412
  kPayloadTooLarge,       // 413
  kUnsupportedMediaType,  // 415
  kTooManyRequests,       // 429
  kInternal,              // 500: a bug or an unexpected foreign failure
  kNotImplemented,        // 501
  kUnavailable,           // 503: transient; the client may retry
};

// HTTP status code for `code` (200 for kOk).
int HttpStatusOf(Code code);

// RFC 7644 §3.12 scimType for `code`, or "" when none applies.
std::string_view ScimTypeOf(Code code);

// Stable lower-case name of the code, for logs and tests ("invalid_filter").
std::string_view CodeName(Code code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(Code code, std::string detail) : code_(code), detail_(std::move(detail)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& detail() const { return detail_; }

  // "invalid_filter: unexpected token at 12" — for logs and test output.
  std::string ToString() const;

 private:
  Code code_ = Code::kOk;
  std::string detail_;
};

// Convenience constructors, one per code, so call sites read as prose.
inline Status InvalidFilter(std::string d) { return {Code::kInvalidFilter, std::move(d)}; }
inline Status InvalidSyntax(std::string d) { return {Code::kInvalidSyntax, std::move(d)}; }
inline Status InvalidPath(std::string d) { return {Code::kInvalidPath, std::move(d)}; }
inline Status NoTarget(std::string d) { return {Code::kNoTarget, std::move(d)}; }
inline Status InvalidValue(std::string d) { return {Code::kInvalidValue, std::move(d)}; }
inline Status Mutability(std::string d) { return {Code::kMutability, std::move(d)}; }
inline Status BadRequest(std::string d) { return {Code::kBadRequest, std::move(d)}; }
inline Status NotFound(std::string d) { return {Code::kNotFound, std::move(d)}; }
inline Status Uniqueness(std::string d) { return {Code::kUniqueness, std::move(d)}; }
inline Status Internal(std::string d) { return {Code::kInternal, std::move(d)}; }
inline Status Unavailable(std::string d) { return {Code::kUnavailable, std::move(d)}; }

// Result<T>: either a value or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {
    assert(!std::get<Status>(v_).ok() && "Result built from an OK Status");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok()
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // OK status when ok(), else the failure.
  Status status() const { return ok() ? Status() : std::get<Status>(v_); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace scimd

// Early-return helpers. SCIMD_RETURN_IF_ERROR(expr) returns the Status of
// `expr` when it is not OK. SCIMD_ASSIGN_OR_RETURN(lhs, expr) unwraps a Result.
#define SCIMD_RETURN_IF_ERROR(expr)                \
  do {                                             \
    ::scimd::Status scimd_status_ = (expr);        \
    if (!scimd_status_.ok()) return scimd_status_; \
  } while (0)

#define SCIMD_CONCAT_INNER_(a, b) a##b
#define SCIMD_CONCAT_(a, b) SCIMD_CONCAT_INNER_(a, b)
#define SCIMD_ASSIGN_OR_RETURN(lhs, expr) \
  SCIMD_ASSIGN_OR_RETURN_IMPL_(SCIMD_CONCAT_(scimd_result_, __LINE__), lhs, expr)
#define SCIMD_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return tmp.status();                \
  lhs = std::move(tmp).value()

#endif  // SCIMD_COMMON_STATUS_H_
