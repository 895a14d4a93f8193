#include "store/database.h"

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <utility>

#include "common/error.h"

namespace pwb::store {
namespace {

std::string parentDir(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// A file whose write bits are all cleared is treated as read-only even for root, who could write it
// anyway: the user marked it so on purpose.
std::string readOnlyReasonFor(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return ::access(parentDir(path).c_str(), W_OK) == 0 ? "" : "its folder is not writable";
  }
  if ((st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0 || ::access(path.c_str(), W_OK) != 0) {
    return "the file is read-only";
  }
  // WAL keeps two companion files (-wal, -shm) next to the database; they cannot be created there.
  if (::access(parentDir(path).c_str(), W_OK) != 0) return "its folder is not writable";
  return "";
}

// "file:" URI for sqlite3_open_v2 with SQLITE_OPEN_URI; '%', '?' and '#' would otherwise be read as syntax.
std::string fileUri(const std::string& path, const std::string& query) {
  std::string uri = "file:";
  for (const char c : path) {
    if (c == '%' || c == '?' || c == '#') {
      static const char* hex = "0123456789ABCDEF";
      uri += '%';
      uri += hex[(static_cast<unsigned char>(c) >> 4) & 15];
      uri += hex[static_cast<unsigned char>(c) & 15];
    } else {
      uri += c;
    }
  }
  return query.empty() ? uri : uri + "?" + query;
}

}  // namespace

Database::Database(const std::string& path, const OpenOptions& options)
    : path_(path), busyTimeoutMs_(options.busyTimeoutMs) {
  if (path.empty()) throw Error("no project file given (empty path)");
  struct stat st {};
  const bool exists = ::stat(path.c_str(), &st) == 0;
  if (exists && S_ISDIR(st.st_mode))
    throw fileError(path, "is a folder, not a Prompt Workbench project file");
  if (!exists && options.mode == OpenMode::ReadOnly) throw fileError(path, "no such project file");

  if (options.mode == OpenMode::ReadOnly) {
    readOnly_ = true;
    readOnlyReason_ = "it was opened read-only";
  } else {
    readOnlyReason_ = readOnlyReasonFor(path);
    readOnly_ = !readOnlyReason_.empty();
    if (readOnly_ && !exists) throw fileError(path, "cannot create the project file: " + readOnlyReason_);
  }

  const int flags = (readOnly_ ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                    SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
  int rc = sqlite3_open_v2(fileUri(path, "").c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    const std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw fileError(path, "cannot open the project file: " + msg);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, busyTimeoutMs_);

  if (readOnly_) {
    // A read-only connection to a WAL database needs the -shm file; when it cannot be created (read-only
    // folder) the file is opened as immutable, which reads it without any shared-memory lock.
    rc = sqlite3_exec(db_, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr);
    if ((rc & 0xff) == SQLITE_CANTOPEN || (rc & 0xff) == SQLITE_READONLY) {
      sqlite3_close(db_);
      db_ = nullptr;
      rc = sqlite3_open_v2(fileUri(path, "immutable=1").c_str(), &db_,
                           SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI, nullptr);
      if (rc != SQLITE_OK) {
        const std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close(db_);
        db_ = nullptr;
        throw fileError(path, "cannot open the read-only project file: " + msg);
      }
      sqlite3_extended_result_codes(db_, 1);
    }
  }
  // Connection settings only: nothing here writes to the file (the journal mode is set by the schema
  // code, after it has checked that the file is ours and not from a newer version).
  try {
    exec("PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;");  // throws for a file that is not a database
  } catch (...) {
    sqlite3_close(db_);  // no destructor runs for a constructor that throws: close here, or the handle leaks
    db_ = nullptr;
    throw;
  }
}

Database::~Database() {
  if (db_) sqlite3_close_v2(db_);
}

Database::Database(Database&& other) noexcept
    : path_(std::move(other.path_)),
      db_(std::exchange(other.db_, nullptr)),
      readOnly_(other.readOnly_),
      readOnlyReason_(std::move(other.readOnlyReason_)),
      busyTimeoutMs_(other.busyTimeoutMs_) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    if (db_) sqlite3_close_v2(db_);
    path_ = std::move(other.path_);
    db_ = std::exchange(other.db_, nullptr);
    readOnly_ = other.readOnly_;
    readOnlyReason_ = std::move(other.readOnlyReason_);
    busyTimeoutMs_ = other.busyTimeoutMs_;
  }
  return *this;
}

void Database::exec(const std::string& sql) {
  char* err = nullptr;
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  if (err) sqlite3_free(err);
  if (rc != SQLITE_OK) fail(rc, "cannot run '" + sql.substr(0, 60) + (sql.size() > 60 ? "...'" : "'"));
}

int64_t Database::lastInsertId() const {
  return sqlite3_last_insert_rowid(db_);
}

int Database::changes() const {
  return sqlite3_changes(db_);
}

void Database::requireWritable(const std::string& what) const {
  if (readOnly_) {
    throw fileError(path_, "cannot " + what + ": the project is open read-only (" + readOnlyReason_ + ")");
  }
}

void Database::fail(int rc, const std::string& context) const {
  const std::string sqliteMsg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  switch (rc & 0xff) {
    case SQLITE_NOTADB:
      throw fileError(path_, "not a Prompt Workbench project (file is not a database)");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      throw fileError(path_, context + ": the project is locked by another program (waited " +
                                 std::to_string(busyTimeoutMs_) + " ms): " + sqliteMsg);
    case SQLITE_READONLY:
      throw fileError(path_, context + ": the project file cannot be written (" + sqliteMsg + ")");
    case SQLITE_CORRUPT:
      throw fileError(path_, context + ": the project file is damaged (" + sqliteMsg + ")");
    case SQLITE_FULL:
      throw fileError(path_, context + ": the disk is full (" + sqliteMsg + ")");
    default:
      throw fileError(path_, context + ": " + sqliteMsg);
  }
}

}  // namespace pwb::store
