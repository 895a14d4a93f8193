#include "store/change_probe.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include "common/error.h"

namespace pwb::store {
namespace {

const std::string& existing(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw fileError(path, "no such project file");
  return path;
}

}  // namespace

// ReadWrite mode on purpose although nothing is written: a read-only connection falls back to an
// immutable open where the -shm file cannot be used, and an immutable connection never sees a change.
// Busy timeout 0: the caller is a GUI timer, which must not wait for another program's lock.
// The file must exist: a read-write open would create an empty one (a project deleted while open).
ChangeProbe::ChangeProbe(const std::string& path)
    : db_(existing(path), OpenOptions{OpenMode::ReadWrite, 0}) {}

bool ChangeProbe::changed() {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db_.handle(), "PRAGMA data_version", -1, &st, nullptr) != SQLITE_OK) {
    sqlite3_finalize(st);
    return false;
  }
  std::optional<int64_t> now;
  if (sqlite3_step(st) == SQLITE_ROW) now = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  if (!now) return false;
  const bool moved = last_ && *last_ != *now;
  last_ = now;
  return moved;
}

}  // namespace pwb::store
