#include "storage/postgres/pg_connection.h"

#include <libpq-fe.h>

#include <charconv>
#include <variant>

namespace scimd::storage::postgres {
namespace {

// Short SQL for log lines: the first words say which statement failed.
std::string Abbreviate(std::string_view sql) {
  constexpr size_t kMax = 80;
  if (sql.size() <= kMax) return std::string(sql);
  return std::string(sql.substr(0, kMax)) + "...";
}

}  // namespace

// --- PgParams ----------------------------------------------------------------

PgParams& PgParams::Add(std::string_view text) {
  values_.emplace_back(std::string(text));
  return *this;
}

PgParams& PgParams::Add(int64_t value) {
  values_.emplace_back(std::to_string(value));
  return *this;
}

PgParams& PgParams::Add(const std::optional<std::string>& text) {
  values_.push_back(text);
  return *this;
}

PgParams& PgParams::Add(const sql::Param& param) {
  struct Visitor {
    std::string operator()(const std::string& s) const { return s; }
    std::string operator()(int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const {
      char buffer[64];
      auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, d);
      return std::string(buffer, end);
    }
  };
  values_.emplace_back(std::visit(Visitor{}, param));
  return *this;
}

std::vector<const char*> PgParams::Pointers() const {
  std::vector<const char*> out;
  out.reserve(values_.size());
  for (const std::optional<std::string>& v : values_) out.push_back(v ? v->c_str() : nullptr);
  return out;
}

// --- PgResult ----------------------------------------------------------------

PgResult::~PgResult() {
  if (result_ != nullptr) PQclear(result_);
}

int PgResult::Rows() const { return PQntuples(result_); }

bool PgResult::IsNull(int row, int col) const { return PQgetisnull(result_, row, col) != 0; }

std::string_view PgResult::Text(int row, int col) const {
  return std::string_view(PQgetvalue(result_, row, col),
                          static_cast<size_t>(PQgetlength(result_, row, col)));
}

int64_t PgResult::Int(int row, int col) const {
  std::string_view text = Text(row, col);
  int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

int64_t PgResult::Affected() const {
  std::string_view text = PQcmdTuples(result_);
  int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

// --- PgConnection ------------------------------------------------------------

Result<std::unique_ptr<PgConnection>> PgConnection::Open(const std::string& conninfo,
                                                         const std::string& schema) {
  PGconn* conn = PQconnectdb(conninfo.c_str());
  if (conn == nullptr) return Unavailable("cannot allocate a PostgreSQL connection");
  std::unique_ptr<PgConnection> connection(new PgConnection(conn));
  if (PQstatus(conn) != CONNECTION_OK) {
    return PgError("connecting to PostgreSQL", nullptr, conn);
  }
  // Timestamps are integers and text compares bytewise (COLLATE "C" in the
  // schema), so only the search path and the client encoding matter.
  std::string setup = "SET client_encoding = 'UTF8'";
  if (!schema.empty()) setup += "; SET search_path = " + connection->QuoteIdentifier(schema);
  SCIMD_RETURN_IF_ERROR(connection->ExecScript(setup));
  return connection;
}

PgConnection::~PgConnection() { PQfinish(conn_); }

bool PgConnection::broken() const {
  return PQstatus(conn_) != CONNECTION_OK || PQtransactionStatus(conn_) != PQTRANS_IDLE;
}

std::string PgConnection::QuoteIdentifier(std::string_view name) const {
  char* quoted = PQescapeIdentifier(conn_, name.data(), name.size());
  if (quoted == nullptr) return "\"\"";
  std::string out(quoted);
  PQfreemem(quoted);
  return out;
}

Result<PgResult> PgConnection::Finish(std::string_view context, pg_result* result) {
  ExecStatusType status = result != nullptr ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
    last_failure_ = PgFailure::kOther;
    last_constraint_.clear();
    return PgResult(result);
  }
  Status error = PgError(context, result, conn_, &last_failure_);
  last_constraint_ = ViolatedConstraint(result);
  if (result != nullptr) PQclear(result);
  return error;
}

Status PgConnection::ExecScript(std::string_view sql) {
  std::string text(sql);
  pg_result* result = PQexec(conn_, text.c_str());
  SCIMD_ASSIGN_OR_RETURN(PgResult ignored, Finish(Abbreviate(sql), result));
  return Status::Ok();
}

Result<PgResult> PgConnection::Exec(const std::string& sql, const PgParams& params) {
  std::vector<const char*> values = params.Pointers();
  pg_result* result = PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                                   values.data(), nullptr, nullptr, 0);
  return Finish(Abbreviate(sql), result);
}

Result<PgResult> PgConnection::ExecPrepared(const std::string& sql, const PgParams& params) {
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    std::string name = "s" + std::to_string(prepared_.size() + 1);
    pg_result* prepared = PQprepare(conn_, name.c_str(), sql.c_str(), 0, nullptr);
    SCIMD_ASSIGN_OR_RETURN(PgResult ignored, Finish("preparing " + Abbreviate(sql), prepared));
    it = prepared_.emplace(sql, std::move(name)).first;
  }
  std::vector<const char*> values = params.Pointers();
  pg_result* result = PQexecPrepared(conn_, it->second.c_str(), static_cast<int>(values.size()),
                                     values.data(), nullptr, nullptr, 0);
  return Finish(Abbreviate(sql), result);
}

}  // namespace scimd::storage::postgres
