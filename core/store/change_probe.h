#pragma once
// Has another connection written to the project file? One `PRAGMA data_version` on a connection of its own:
// SQLite answers from the WAL index in shared memory, without reading the database, so a view may call it
// from a timer on the GUI thread and re-read only when the answer is yes. Writes of the probe's own
// connection never count (it makes none); every other connection's commits do, in this process or another.
#include <cstdint>
#include <optional>
#include <string>

#include "store/database.h"

namespace pwb::store {

class ChangeProbe {
 public:
  // Opens the existing project file; throws pwb::Error as Database does.
  explicit ChangeProbe(const std::string& path);

  const std::string& path() const { return db_.path(); }
  // True when another connection committed since the previous call. The first call only records where the
  // file stands and answers false. Never waits: when the file is busy for a moment (another program's
  // checkpoint) it answers false and the change is seen on a later call, since the version it compares
  // with is the one of the last successful look.
  bool changed();

 private:
  Database db_;
  std::optional<int64_t> last_;
};

}  // namespace pwb::store
