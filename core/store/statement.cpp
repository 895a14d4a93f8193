#include "store/statement.h"

#include <sqlite3.h>

#include <cmath>
#include <limits>

#include "common/error.h"
#include "store/database.h"

namespace pwb::store {
namespace {

std::string shortSql(const std::string& sql) {
  std::string s = sql.substr(0, 48);
  for (char& c : s) {
    if (c == '\n') c = ' ';
  }
  return sql.size() > 48 ? s + "..." : s;
}

}  // namespace

Statement::Statement(Database& db, const std::string& sql) : db_(db), sql_(sql) {
  const int rc = sqlite3_prepare_v2(db.handle(), sql.c_str(), static_cast<int>(sql.size()), &stmt_, nullptr);
  if (rc != SQLITE_OK) db_.fail(rc, "cannot prepare '" + shortSql(sql) + "'");
}

Statement::~Statement() {
  sqlite3_finalize(stmt_);
}

Statement& Statement::bind(int index, int64_t value) {
  const int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK) db_.fail(rc, "cannot bind parameter " + std::to_string(index));
  return *this;
}

Statement& Statement::bind(int index, double value) {
  if (std::isnan(value)) return bindNull(index);
  const int rc = sqlite3_bind_double(stmt_, index, value);
  if (rc != SQLITE_OK) db_.fail(rc, "cannot bind parameter " + std::to_string(index));
  return *this;
}

Statement& Statement::bind(int index, const std::string& value) {
  const int rc = sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK) db_.fail(rc, "cannot bind parameter " + std::to_string(index));
  return *this;
}

Statement& Statement::bindNull(int index) {
  const int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK) db_.fail(rc, "cannot bind parameter " + std::to_string(index));
  return *this;
}

Statement& Statement::bindBlob(int index, const void* data, size_t size) {
  // A zero-length blob must still be a blob, not NULL: sqlite3_bind_blob64 with a null pointer binds NULL.
  static const char empty = 0;
  const int rc = sqlite3_bind_blob64(stmt_, index, size ? data : &empty, size, SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) db_.fail(rc, "cannot bind parameter " + std::to_string(index));
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3_reset(stmt_);  // leaves the statement usable and the transaction state consistent
  db_.fail(rc, "cannot run '" + shortSql(sql_) + "'");
}

void Statement::run() {
  while (step()) {
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int Statement::columnCount() const {
  return sqlite3_column_count(stmt_);
}

bool Statement::isNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

int64_t Statement::getInt64(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

double Statement::getDouble(int column) const {
  if (isNull(column)) return std::numeric_limits<double>::quiet_NaN();
  return sqlite3_column_double(stmt_, column);
}

std::string Statement::getText(int column) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  const int n = sqlite3_column_bytes(stmt_, column);
  return p ? std::string(p, static_cast<size_t>(n)) : std::string();
}

std::vector<uint8_t> Statement::getBlob(int column) const {
  const auto* p = static_cast<const uint8_t*>(sqlite3_column_blob(stmt_, column));
  const int n = sqlite3_column_bytes(stmt_, column);
  return p ? std::vector<uint8_t>(p, p + n) : std::vector<uint8_t>();
}

std::optional<int64_t> Statement::optInt64(int column) const {
  if (isNull(column)) return std::nullopt;
  return getInt64(column);
}

std::optional<double> Statement::optDouble(int column) const {
  if (isNull(column)) return std::nullopt;
  return sqlite3_column_double(stmt_, column);
}

}  // namespace pwb::store
