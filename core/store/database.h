#pragma once
// RAII owner of one sqlite3 connection with the project's settings: WAL journal, foreign keys on, a busy
// timeout (two processes on one file wait for each other instead of failing), synchronous=NORMAL (a commit
// survives a killed process; only an OS crash can lose the last commits). Every SQLite failure becomes a
// pwb::Error that names the file and carries SQLite's own message.
#include <cstdint>
#include <string>

struct sqlite3;

namespace pwb::store {

enum class OpenMode {
  ReadWrite,  // open an existing file (created when missing); falls back to read-only when the file is
              // read-only, see Database::readOnly()
  ReadOnly,   // never write, never create
};

struct OpenOptions {
  OpenMode mode = OpenMode::ReadWrite;
  int busyTimeoutMs = 5000;  // how long a write waits for another connection's lock before failing
};

class Database {
 public:
  Database(const std::string& path, const OpenOptions& options = {});
  ~Database();
  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  const std::string& path() const { return path_; }
  sqlite3* handle() const { return db_; }
  bool readOnly() const { return readOnly_; }
  // Why the connection is read-only ("the file is read-only", "opened read-only"); empty when writable.
  const std::string& readOnlyReason() const { return readOnlyReason_; }
  int busyTimeoutMs() const { return busyTimeoutMs_; }

  // Runs one or more SQL statements without results (DDL, pragmas).
  void exec(const std::string& sql);
  int64_t lastInsertId() const;
  int changes() const;
  // Throws the read-only refusal when the connection cannot write; `what` says what was attempted.
  void requireWritable(const std::string& what) const;

  // A pwb::Error for SQLite result code `rc`, naming the file; `context` says what was being done.
  [[noreturn]] void fail(int rc, const std::string& context) const;

 private:
  std::string path_;
  sqlite3* db_ = nullptr;
  bool readOnly_ = false;
  std::string readOnlyReason_;
  int busyTimeoutMs_ = 5000;
};

}  // namespace pwb::store
