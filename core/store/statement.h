#pragma once
// RAII prepared statement: bind by 1-based index, step, read typed columns (0-based, as in SQLite).
// SQL NULL reads as NaN for doubles and as std::nullopt through the opt* accessors.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

struct sqlite3_stmt;

namespace pwb::store {

class Database;

class Statement {
 public:
  Statement(Database& db, const std::string& sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<int64_t>(value)); }
  Statement& bind(int index, double value);  // NaN is stored as NULL (SQLite has no NaN)
  Statement& bind(int index, const std::string& value);
  Statement& bind(int index, const char* value) { return bind(index, std::string(value)); }
  Statement& bindNull(int index);
  Statement& bindBlob(int index, const void* data, size_t size);
  template <typename T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bindNull(index);
  }

  // Advances one row: true when a row is available, false when the statement is done.
  bool step();
  // Runs a statement that returns no rows to completion.
  void run();
  // Makes the statement reusable with new bindings.
  void reset();

  int columnCount() const;
  bool isNull(int column) const;
  int64_t getInt64(int column) const;
  double getDouble(int column) const;
  std::string getText(int column) const;
  std::vector<uint8_t> getBlob(int column) const;
  std::optional<int64_t> optInt64(int column) const;
  std::optional<double> optDouble(int column) const;

 private:
  Database& db_;
  sqlite3_stmt* stmt_ = nullptr;
  std::string sql_;
};

}  // namespace pwb::store
