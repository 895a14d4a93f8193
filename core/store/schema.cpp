#include "store/schema.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "common/error.h"
#include "store/database.h"
#include "store/statement.h"
#include "store/transaction.h"

namespace pwb::store {
namespace {

// Migration i brings a file from version i to i + 1. Never edit a released step: add a new one.
const std::vector<const char*>& migrations() {
  static const std::vector<const char*> steps = {
      // 0 -> 1: the first schema.
      R"sql(
CREATE TABLE datasets (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL DEFAULT '',
  path TEXT NOT NULL,
  format TEXT NOT NULL DEFAULT '',
  checksum TEXT NOT NULL DEFAULT '',
  rows INTEGER NOT NULL DEFAULT 0,
  created_at REAL NOT NULL,
  UNIQUE (path, format, checksum)
);
CREATE TABLE models (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL DEFAULT '',
  path TEXT NOT NULL,
  config_hash TEXT NOT NULL DEFAULT '',
  created_at REAL NOT NULL,
  UNIQUE (path, config_hash)
);
CREATE TABLE templates (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  text TEXT NOT NULL,
  created_at REAL NOT NULL,
  UNIQUE (name, text)
);
CREATE TABLE verbalizers (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  spec TEXT NOT NULL,
  created_at REAL NOT NULL,
  UNIQUE (name, spec)
);
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL DEFAULT '',
  method TEXT NOT NULL,
  config TEXT NOT NULL,
  config_key TEXT NOT NULL,
  seed INTEGER,
  kshot_checksum TEXT NOT NULL DEFAULT '',
  dataset_id INTEGER REFERENCES datasets(id) ON DELETE SET NULL,
  model_id INTEGER REFERENCES models(id) ON DELETE SET NULL,
  template_id INTEGER REFERENCES templates(id) ON DELETE SET NULL,
  verbalizer_id INTEGER REFERENCES verbalizers(id) ON DELETE SET NULL,
  status TEXT NOT NULL CHECK (status IN ('queued','running','finished','cancelled','failed','interrupted')),
  device TEXT NOT NULL DEFAULT '',
  created_at REAL NOT NULL,
  started_at REAL,
  ended_at REAL,
  error TEXT NOT NULL DEFAULT '',
  program_version TEXT NOT NULL DEFAULT '',
  versions TEXT NOT NULL DEFAULT '{}',
  results TEXT NOT NULL DEFAULT '{}',
  host TEXT NOT NULL DEFAULT '',
  pid INTEGER,
  heartbeat_at REAL
);
CREATE INDEX runs_status ON runs (status);
CREATE INDEX runs_config_key ON runs (config_key);
CREATE TABLE metrics (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  step INTEGER NOT NULL,
  key TEXT NOT NULL,
  value REAL,
  time REAL NOT NULL
);
CREATE INDEX metrics_run_key_step ON metrics (run_id, key, step);
CREATE TABLE evaluations (
  id INTEGER PRIMARY KEY,
  run_id INTEGER REFERENCES runs(id) ON DELETE CASCADE,
  name TEXT NOT NULL DEFAULT '',
  template_id INTEGER REFERENCES templates(id) ON DELETE SET NULL,
  template_text TEXT NOT NULL DEFAULT '',
  verbalizer_id INTEGER REFERENCES verbalizers(id) ON DELETE SET NULL,
  verbalizer_spec TEXT NOT NULL DEFAULT '',
  dataset_id INTEGER REFERENCES datasets(id) ON DELETE SET NULL,
  dataset TEXT NOT NULL DEFAULT '',
  split TEXT NOT NULL DEFAULT '',
  labels TEXT NOT NULL DEFAULT '[]',
  accuracy REAL,
  macro_f1 REAL,
  n INTEGER NOT NULL DEFAULT 0,
  metrics TEXT NOT NULL DEFAULT '{}',
  created_at REAL NOT NULL
);
CREATE INDEX evaluations_run ON evaluations (run_id);
CREATE TABLE predictions (
  evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  example_id TEXT NOT NULL DEFAULT '',
  gold TEXT,
  predicted TEXT NOT NULL,
  probs BLOB,
  PRIMARY KEY (evaluation_id, idx)
) WITHOUT ROWID;
CREATE TABLE artifacts (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  path TEXT,
  sha256 TEXT NOT NULL DEFAULT '',
  size INTEGER NOT NULL DEFAULT 0,
  data BLOB,
  meta TEXT NOT NULL DEFAULT '{}',
  created_at REAL NOT NULL,
  CHECK (path IS NOT NULL OR data IS NOT NULL)
);
CREATE INDEX artifacts_run ON artifacts (run_id);
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)sql",
      // 1 -> 2: stable run ids (a run keeps its uid when a sweep task's run file is merged into a project),
      // the scheduler job that ran it (e.g. Slurm "1234_7"), and links between runs (an ensemble and its
      // members, a PET distillation and the runs whose labels it learnt). linked_run_id has no foreign key on
      // purpose: when a member is deleted the link stays, so the ensemble can say which member is missing.
      R"sql(
ALTER TABLE runs ADD COLUMN uid TEXT;
ALTER TABLE runs ADD COLUMN job TEXT NOT NULL DEFAULT '';
UPDATE runs SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL;
CREATE UNIQUE INDEX runs_uid ON runs (uid);
CREATE TABLE run_links (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  linked_run_id INTEGER NOT NULL,
  linked_run_uid TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL,
  position INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id, role, position)
);
CREATE INDEX run_links_linked ON run_links (linked_run_id);
)sql",
      // 2 -> 3: the demonstrations behind each prediction (in-context learning, LM-BFF demonstrations) and
      // template searches with their candidates (AutoPrompt, LM-BFF auto-T). A search is not a run: it
      // trains nothing and its result is a list of templates, so it gets its own tables.
      R"sql(
ALTER TABLE predictions ADD COLUMN demos TEXT;
CREATE TABLE template_searches (
  id INTEGER PRIMARY KEY,
  uid TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL DEFAULT '',
  method TEXT NOT NULL,
  model TEXT NOT NULL DEFAULT '',
  dataset TEXT NOT NULL DEFAULT '',
  settings TEXT NOT NULL DEFAULT '{}',
  status TEXT NOT NULL DEFAULT 'running',
  error TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT '[]',
  seconds REAL NOT NULL DEFAULT 0,
  host TEXT NOT NULL DEFAULT '',
  pid INTEGER,
  created_at REAL NOT NULL,
  finished_at REAL
);
CREATE TABLE search_candidates (
  search_id INTEGER NOT NULL REFERENCES template_searches(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  template_text TEXT NOT NULL,
  origin TEXT NOT NULL DEFAULT '',
  search_score REAL NOT NULL DEFAULT 0,
  dev_accuracy TEXT NOT NULL DEFAULT '[]',
  dev_mean REAL,
  dev_std REAL,
  test_mean REAL,
  PRIMARY KEY (search_id, idx)
) WITHOUT ROWID;
)sql",
  };
  return steps;
}

int pragmaInt(Database& db, const char* pragma) {
  Statement st(db, std::string("PRAGMA ") + pragma);
  return st.step() ? static_cast<int>(st.getInt64(0)) : 0;
}

std::string journalMode(Database& db) {
  Statement st(db, "PRAGMA journal_mode");
  return st.step() ? st.getText(0) : std::string();
}

// Switching needs the file to itself, and SQLite answers SQLITE_BUSY at once instead of calling the busy
// handler when another connection has it open (two programs creating one project together: the second
// failed with "database is locked" without waiting). So: retry with a growing pause, up to the busy
// timeout, and stop as soon as the other connection has switched it.
void switchToWal(Database& db) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::milliseconds(db.busyTimeoutMs());
  auto pause = std::chrono::milliseconds(2);
  for (;;) {
    if (journalMode(db) == "wal") return;
    sqlite3_stmt* st = nullptr;
    int rc = sqlite3_prepare_v2(db.handle(), "PRAGMA journal_mode=WAL", -1, &st, nullptr);
    if (rc == SQLITE_OK) rc = sqlite3_step(st);
    sqlite3_finalize(st);
    // A row: switched, or a mode that cannot be WAL (kept as before: the file still works, readers just
    // wait for writers).
    if (rc == SQLITE_ROW || rc == SQLITE_DONE) return;
    const int primary = rc & 0xff;
    if ((primary != SQLITE_BUSY && primary != SQLITE_LOCKED) || Clock::now() >= deadline)
      db.fail(rc, "cannot switch the project file to WAL");
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(50));
  }
}

}  // namespace

int schemaVersion(Database& db) {
  return pragmaInt(db, "user_version");
}

void prepareSchema(Database& db) {
  static_assert(kSchemaVersion >= 1, "schema version starts at 1");
  // The checks read one snapshot: two programs opening a new file at once (two `pwb train --db` started
  // together) could otherwise see version 0 and then the other's first tables, and refuse a project that
  // is theirs. The first read is where SQLite notices a file that is not a database.
  int version = 0;
  int appId = 0;
  int64_t tableCount = 0;
  {
    Transaction snapshot(db, Transaction::Kind::Deferred);
    version = schemaVersion(db);
    appId = pragmaInt(db, "application_id");
    Statement tables(db, "SELECT count(*) FROM sqlite_master");
    if (tables.step()) tableCount = tables.getInt64(0);
    snapshot.commit();
  }
  if (appId != 0 && appId != kApplicationId) {
    throw fileError(db.path(), "not a Prompt Workbench project (an SQLite database of another program)");
  }
  if (version > kSchemaVersion) {
    throw fileError(db.path(), "created by a newer Prompt Workbench (schema " + std::to_string(version) +
                                   " > " + std::to_string(kSchemaVersion) + "); not modified");
  }
  if (version == 0 && tableCount > 0) {
    throw fileError(db.path(), "not a Prompt Workbench project (an SQLite database of another program)");
  }
  if (db.readOnly()) {
    if (version < kSchemaVersion) {
      throw fileError(db.path(),
                      version == 0
                          ? "is an empty file and cannot be made a project (" + db.readOnlyReason() + ")"
                          : "needs an upgrade to schema " + std::to_string(kSchemaVersion) +
                                " but is read-only (" + db.readOnlyReason() + ")");
    }
    return;
  }
  // WAL lets readers (the GUI) read while a trainer writes, and makes each commit one append to the log.
  switchToWal(db);
  // Each step under the write lock, re-reading the version there: another program may have migrated the
  // file (part of the way or all of it) since the check above. A current file takes no lock at all.
  for (int v = version; v < kSchemaVersion; v = schemaVersion(db)) {
    Transaction tx(db);
    const int current = schemaVersion(db);
    if (current >= kSchemaVersion) break;
    db.exec(migrations()[static_cast<size_t>(current)]);
    db.exec("PRAGMA application_id=" + std::to_string(kApplicationId));
    db.exec("PRAGMA user_version=" + std::to_string(current + 1));
    tx.commit();
  }
}

}  // namespace pwb::store
