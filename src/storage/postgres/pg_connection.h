// One libpq connection: parameterised commands, a cache of prepared
// statements for the fixed SQL of hot paths, and the classification of its
// last failure so the store knows whether a transaction may run again.
//
// Results are in text format. Every value is a bound parameter; SQL text is
// never built from client data.
//
// Thread-safety: none; the pool hands a connection to one thread at a time.
#ifndef SCIMD_STORAGE_POSTGRES_PG_CONNECTION_H_
#define SCIMD_STORAGE_POSTGRES_PG_CONNECTION_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "storage/postgres/pg_error.h"
#include "storage/sql/filter_sql.h"

struct pg_conn;
struct pg_result;

namespace scimd::storage::postgres {

// Parameters of one command, in placeholder order ($1, $2, ...).
class PgParams {
 public:
  PgParams& Add(std::string_view text);
  PgParams& Add(const char* text) { return Add(std::string_view(text)); }
  PgParams& Add(const std::string& text) { return Add(std::string_view(text)); }
  PgParams& Add(int64_t value);
  PgParams& Add(const std::optional<std::string>& text);  // nullopt binds NULL
  PgParams& Add(const sql::Param& param);

  size_t size() const { return values_.size(); }
  // Pointers valid while this object is alive and unchanged.
  std::vector<const char*> Pointers() const;

 private:
  std::vector<std::optional<std::string>> values_;
};

// An owned PGresult of a successful command.
class PgResult {
 public:
  explicit PgResult(pg_result* result) : result_(result) {}
  PgResult(PgResult&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
  PgResult& operator=(PgResult&&) = delete;
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;
  ~PgResult();

  int Rows() const;
  bool IsNull(int row, int col) const;
  std::string_view Text(int row, int col) const;  // "" for NULL
  int64_t Int(int row, int col) const;            // 0 for NULL or non-numbers
  // Rows an INSERT/UPDATE/DELETE touched.
  int64_t Affected() const;

 private:
  pg_result* result_;
};

class PgConnection {
 public:
  // Connects with the libpq connection string or URI `conninfo`. When
  // `schema` is not empty every statement resolves unqualified names in it.
  // kUnavailable when the server cannot be reached or refuses the login.
  static Result<std::unique_ptr<PgConnection>> Open(const std::string& conninfo,
                                                    const std::string& schema);

  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;
  ~PgConnection();

  // Runs `sql` (one or more statements, no parameters).
  Status ExecScript(std::string_view sql);

  // Runs one statement with `params`, planned afresh (dynamic SQL such as
  // compiled filters).
  Result<PgResult> Exec(const std::string& sql, const PgParams& params = {});

  // Runs one statement through a prepared statement of this connection,
  // prepared on first use. For fixed SQL only: the cache is never trimmed.
  Result<PgResult> ExecPrepared(const std::string& sql, const PgParams& params = {});

  // How the most recent failing command failed; kOther after a success.
  PgFailure last_failure() const { return last_failure_; }
  // The constraint the most recent failing command violated, or "".
  const std::string& last_constraint() const { return last_constraint_; }
  // True when the server connection is gone or a transaction was left open;
  // the pool closes such connections instead of reusing them.
  bool broken() const;

  // A quoted identifier for `name` (e.g. a schema), safe to splice into SQL.
  std::string QuoteIdentifier(std::string_view name) const;

 private:
  explicit PgConnection(pg_conn* conn) : conn_(conn) {}
  Result<PgResult> Finish(std::string_view context, pg_result* result);

  pg_conn* conn_;
  std::unordered_map<std::string, std::string> prepared_;  // SQL -> statement name
  PgFailure last_failure_ = PgFailure::kOther;
  std::string last_constraint_;
};

}  // namespace scimd::storage::postgres

#endif  // SCIMD_STORAGE_POSTGRES_PG_CONNECTION_H_
