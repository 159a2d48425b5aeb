#include "storage/postgres/pg_error.h"

#include <libpq-fe.h>

#include <string>

namespace scimd::storage::postgres {

PgFailure ClassifySqlState(std::string_view sqlstate) {
  if (sqlstate == "23505") return PgFailure::kUniqueness;
  if (sqlstate == "40001" || sqlstate == "40P01") return PgFailure::kRetry;
  // Class 08 is the connection exception class; 57P01..57P03 are the server
  // going down or not yet accepting connections.
  if (sqlstate.starts_with("08") || sqlstate == "57P01" || sqlstate == "57P02" ||
      sqlstate == "57P03") {
    return PgFailure::kConnection;
  }
  if (sqlstate == "53300" || sqlstate == "55P03" || sqlstate == "53000") {
    return PgFailure::kUnavailable;
  }
  return PgFailure::kOther;
}

Code CodeOf(PgFailure failure) {
  switch (failure) {
    case PgFailure::kUniqueness:
      return Code::kUniqueness;
    case PgFailure::kRetry:
    case PgFailure::kConnection:
    case PgFailure::kUnavailable:
      return Code::kUnavailable;
    case PgFailure::kOther:
      return Code::kInternal;
  }
  return Code::kInternal;
}

Status PgError(std::string_view context, const pg_result* result, const pg_conn* conn,
               PgFailure* failure) {
  std::string sqlstate;
  std::string message;
  if (result != nullptr) {
    if (const char* s = PQresultErrorField(result, PG_DIAG_SQLSTATE)) sqlstate = s;
    if (const char* m = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY)) message = m;
  }
  if (message.empty() && conn != nullptr) message = PQerrorMessage(conn);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
    message.pop_back();
  }
  PgFailure kind = ClassifySqlState(sqlstate);
  // libpq reports a lost server without a SQLSTATE; the connection status is
  // the reliable signal.
  if (conn != nullptr && PQstatus(conn) == CONNECTION_BAD) kind = PgFailure::kConnection;
  if (conn == nullptr && sqlstate.empty()) kind = PgFailure::kConnection;
  if (failure != nullptr) *failure = kind;
  std::string detail(context);
  detail += ": ";
  detail += message.empty() ? "unknown PostgreSQL error" : message;
  if (!sqlstate.empty()) detail += " (SQLSTATE " + sqlstate + ")";
  return Status(CodeOf(kind), std::move(detail));
}

std::string ViolatedConstraint(const pg_result* result) {
  if (result == nullptr) return "";
  const char* name = PQresultErrorField(result, PG_DIAG_CONSTRAINT_NAME);
  return name != nullptr ? name : "";
}

}  // namespace scimd::storage::postgres
