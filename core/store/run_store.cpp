#include "store/run_store.h"

#include "common/error.h"
#include "store/canonical_config.h"
#include "store/process_info.h"
#include "store/run_uid.h"
#include "store/schema.h"
#include "store/statement.h"
#include "store/transaction.h"

namespace pwb::store {
namespace {

const char* kRunColumns =
    "id, name, method, config, config_key, seed, kshot_checksum, dataset_id, model_id, template_id, "
    "verbalizer_id, status, device, created_at, started_at, ended_at, error, program_version, versions, "
    "results, host, pid, heartbeat_at, uid, job";

nlohmann::json parseJsonColumn(const Database& db, const std::string& text, const char* column) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) throw keyError(db.path(), column, "stored JSON is damaged");
  return j;
}

RunRecord readRun(const Database& db, const Statement& st) {
  RunRecord r;
  r.id = st.getInt64(0);
  r.name = st.getText(1);
  r.method = st.getText(2);
  r.config = parseJsonColumn(db, st.getText(3), "runs.config");
  r.configKey = st.getText(4);
  r.seed = st.optInt64(5);
  r.kshotChecksum = st.getText(6);
  r.datasetId = st.optInt64(7);
  r.modelId = st.optInt64(8);
  r.templateId = st.optInt64(9);
  r.verbalizerId = st.optInt64(10);
  r.status = parseRunStatus(st.getText(11));
  r.device = st.getText(12);
  r.createdAt = st.getDouble(13);
  r.startedAt = st.optDouble(14);
  r.endedAt = st.optDouble(15);
  r.error = st.getText(16);
  r.programVersion = st.getText(17);
  r.versions = parseJsonColumn(db, st.getText(18), "runs.versions");
  r.results = parseJsonColumn(db, st.getText(19), "runs.results");
  r.host = st.getText(20);
  r.pid = st.optInt64(21);
  r.heartbeatAt = st.optDouble(22);
  r.uid = st.getText(23);
  r.job = st.getText(24);
  return r;
}

}  // namespace

RunStore::RunStore(const std::string& path, const StoreOptions& options)
    : db_(path, OpenOptions{options.mode, options.busyTimeoutMs}), options_(options) {
  prepareSchema(db_);
  if (options.recoverInterrupted && !db_.readOnly()) {
    recovered_ = recoverInterruptedRuns(options.staleHeartbeatSeconds);
    recoverInterruptedSearches();
  }
}

RunStore::~RunStore() {
  for (auto& [id, writer] : writers_) {
    try {
      writer->close();
    } catch (const std::exception&) {
      // Nothing sensible to do in a destructor; rows that could not be written are lost with the process.
    }
  }
}

void RunStore::requireRun(int64_t runId) {
  Statement st(db_, "SELECT 1 FROM runs WHERE id = ?");
  st.bind(1, runId);
  if (!st.step()) throw fileError(db_.path(), "no run with id " + std::to_string(runId));
}

int64_t RunStore::createRun(RunRecord run) {
  db_.requireWritable("create a run");
  if (run.method.empty()) throw fileError(db_.path(), "cannot create a run without a method");
  run.createdAt = nowSeconds();
  run.configKey = configKey(run.config);
  if (run.programVersion.empty()) run.programVersion = PWB_VERSION;
  if (run.host.empty()) run.host = currentHost();
  if (!run.pid) run.pid = currentPid();
  if (run.uid.empty()) run.uid = newRunUid();
  return insertRun(run);
}

int64_t RunStore::insertRun(const RunRecord& run) {
  Statement st(
      db_,
      "INSERT INTO runs (name, method, config, config_key, seed, kshot_checksum, dataset_id, model_id, "
      "template_id, verbalizer_id, status, device, created_at, started_at, ended_at, error, "
      "program_version, versions, results, host, pid, heartbeat_at, uid, job) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  st.bind(1, run.name)
      .bind(2, run.method)
      .bind(3, run.config.dump())
      .bind(4, run.configKey)
      .bind(5, run.seed);
  st.bind(6, run.kshotChecksum).bind(7, run.datasetId).bind(8, run.modelId).bind(9, run.templateId);
  st.bind(10, run.verbalizerId)
      .bind(11, runStatusName(run.status))
      .bind(12, run.device)
      .bind(13, run.createdAt);
  st.bind(14, run.startedAt).bind(15, run.endedAt).bind(16, run.error).bind(17, run.programVersion);
  st.bind(18, run.versions.dump()).bind(19, run.results.dump()).bind(20, run.host).bind(21, run.pid);
  st.bind(22, run.heartbeatAt).bind(23, run.uid).bind(24, run.job);
  st.run();
  return db_.lastInsertId();
}

void RunStore::setStatus(int64_t runId, RunStatus status, const std::string& error) {
  finishRun(runId, status, nlohmann::json::object(), error);
}

void RunStore::finishRun(int64_t runId, RunStatus status, const nlohmann::json& results,
                         const std::string& error) {
  db_.requireWritable("change the status of run " + std::to_string(runId));
  if (!results.is_object()) throw fileError(db_.path(), "run results must be a JSON object");
  // Metrics first: a run reads "finished" only once all its steps are on disk.
  if (isTerminal(status)) closeWriter(runId);
  const double now = nowSeconds();
  Transaction tx(db_);
  requireRun(runId);
  if (status == RunStatus::Running) {
    Statement st(db_,
                 "UPDATE runs SET status = 'running', started_at = coalesce(started_at, ?), ended_at = NULL, "
                 "heartbeat_at = ?, host = ?, pid = ? WHERE id = ?");
    st.bind(1, now).bind(2, now).bind(3, currentHost()).bind(4, currentPid()).bind(5, runId).run();
  } else if (isTerminal(status)) {
    Statement st(db_, "UPDATE runs SET status = ?, ended_at = ? WHERE id = ?");
    st.bind(1, runStatusName(status)).bind(2, now).bind(3, runId).run();
  } else {
    Statement st(db_, "UPDATE runs SET status = ? WHERE id = ?");
    st.bind(1, runStatusName(status)).bind(2, runId).run();
  }
  if (!error.empty()) {
    Statement st(db_, "UPDATE runs SET error = ? WHERE id = ?");
    st.bind(1, error).bind(2, runId).run();
  }
  if (!results.empty()) mergeResults(runId, results);
  tx.commit();
  // From now on the run's writer beats every few seconds even before the first step is logged (model
  // loading can take longer than the staleness limit), so no other open takes it for a crashed run.
  if (status == RunStatus::Running) metricWriter(runId);
}

void RunStore::mergeResults(int64_t runId, const nlohmann::json& results) {
  db_.requireWritable("store results of run " + std::to_string(runId));
  if (!results.is_object()) throw fileError(db_.path(), "run results must be a JSON object");
  // json_patch merges objects (RFC 7396); done in SQL so it is atomic against other connections.
  Statement st(db_, "UPDATE runs SET results = json_patch(results, ?) WHERE id = ?");
  st.bind(1, results.dump()).bind(2, runId).run();
  if (db_.changes() == 0) throw fileError(db_.path(), "no run with id " + std::to_string(runId));
}

void RunStore::setDevice(int64_t runId, const std::string& device) {
  db_.requireWritable("set the device of run " + std::to_string(runId));
  Statement st(db_, "UPDATE runs SET device = ? WHERE id = ?");
  st.bind(1, device).bind(2, runId).run();
  if (db_.changes() == 0) throw fileError(db_.path(), "no run with id " + std::to_string(runId));
}

void RunStore::heartbeat(int64_t runId) {
  db_.requireWritable("record a heartbeat");
  Statement st(db_, "UPDATE runs SET heartbeat_at = ? WHERE id = ?");
  st.bind(1, nowSeconds()).bind(2, runId).run();
}

std::optional<RunRecord> RunStore::findRun(int64_t runId) {
  Statement st(db_, std::string("SELECT ") + kRunColumns + " FROM runs WHERE id = ?");
  st.bind(1, runId);
  if (!st.step()) return std::nullopt;
  return readRun(db_, st);
}

RunRecord RunStore::getRun(int64_t runId) {
  auto r = findRun(runId);
  if (!r) throw fileError(db_.path(), "no run with id " + std::to_string(runId));
  return *r;
}

std::vector<RunRecord> RunStore::listRuns(const RunFilter& f) {
  std::string sql = std::string("SELECT ") + kRunColumns + " FROM runs WHERE 1";
  if (f.status) sql += " AND status = :status";
  if (!f.method.empty()) sql += " AND method = :method";
  if (!f.nameContains.empty()) sql += " AND instr(name, :name) > 0";
  if (!f.configKey.empty()) sql += " AND config_key = :key";
  if (f.datasetId) sql += " AND dataset_id = :dataset";
  if (f.modelId) sql += " AND model_id = :model";
  if (f.templateId) sql += " AND template_id = :template";
  if (f.verbalizerId) sql += " AND verbalizer_id = :verbalizer";
  sql += f.newestFirst ? " ORDER BY id DESC" : " ORDER BY id";
  if (f.limit > 0) sql += " LIMIT " + std::to_string(f.limit);
  Statement st(db_, sql);
  int i = 0;
  if (f.status) st.bind(++i, runStatusName(*f.status));
  if (!f.method.empty()) st.bind(++i, f.method);
  if (!f.nameContains.empty()) st.bind(++i, f.nameContains);
  if (!f.configKey.empty()) st.bind(++i, f.configKey);
  if (f.datasetId) st.bind(++i, *f.datasetId);
  if (f.modelId) st.bind(++i, *f.modelId);
  if (f.templateId) st.bind(++i, *f.templateId);
  if (f.verbalizerId) st.bind(++i, *f.verbalizerId);
  std::vector<RunRecord> out;
  while (st.step()) out.push_back(readRun(db_, st));
  return out;
}

uint64_t RunStore::runsFingerprint() {
  // FNV-1a over every column's text with a separator byte, so that ("ab", "c") and ("a", "bc") differ.
  uint64_t h = 1469598103934665603ull;
  auto mix = [&h](const std::string& text) {
    for (const unsigned char c : text) h = (h ^ c) * 1099511628211ull;
    h = (h ^ 0x1f) * 1099511628211ull;
  };
  Statement st(db_,
               "SELECT id, name, status, device, started_at, ended_at, results, error FROM runs ORDER BY id");
  while (st.step()) {
    for (int c = 0; c < 8; ++c) mix(st.isNull(c) ? std::string("\x01null") : st.getText(c));
  }
  return h;
}

void RunStore::deleteRun(int64_t runId) {
  db_.requireWritable("delete run " + std::to_string(runId));
  closeWriter(runId);
  Statement st(db_, "DELETE FROM runs WHERE id = ?");
  st.bind(1, runId).run();
  if (db_.changes() == 0) throw fileError(db_.path(), "no run with id " + std::to_string(runId));
}

std::shared_ptr<MetricWriter> RunStore::metricWriter(int64_t runId) {
  db_.requireWritable("record metrics");
  auto& w = writers_[runId];
  if (!w) {
    try {
      w = std::make_shared<MetricWriter>(db_.path(), runId, options_.metricWriter);
    } catch (...) {
      writers_.erase(runId);
      throw;
    }
  }
  return w;
}

void RunStore::appendMetric(int64_t runId, int64_t step, const std::string& key, double value) {
  metricWriter(runId)->append(step, key, value);
}

void RunStore::flushMetrics() {
  for (auto& [id, w] : writers_) w->flush();
}

void RunStore::closeWriter(int64_t runId) {
  auto it = writers_.find(runId);
  if (it == writers_.end()) return;
  auto writer = it->second;
  writers_.erase(it);
  writer->close();
}

std::vector<MetricPoint> RunStore::runMetrics(int64_t runId, const std::string& key) {
  Statement st(db_, "SELECT step, value, time FROM metrics WHERE run_id = ? AND key = ? ORDER BY step, time");
  st.bind(1, runId).bind(2, key);
  std::vector<MetricPoint> out;
  while (st.step()) out.push_back(MetricPoint{st.getInt64(0), st.getDouble(1), st.getDouble(2)});
  return out;
}

std::vector<std::string> RunStore::metricKeys(int64_t runId) {
  Statement st(db_, "SELECT DISTINCT key FROM metrics WHERE run_id = ? ORDER BY key");
  st.bind(1, runId);
  std::vector<std::string> out;
  while (st.step()) out.push_back(st.getText(0));
  return out;
}

int64_t RunStore::metricCount(int64_t runId) {
  Statement st(db_, "SELECT count(*) FROM metrics WHERE run_id = ?");
  st.bind(1, runId);
  return st.step() ? st.getInt64(0) : 0;
}

void RunStore::setSetting(const std::string& key, const std::string& value) {
  db_.requireWritable("change setting '" + key + "'");
  Statement st(db_,
               "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = ?");
  st.bind(1, key).bind(2, value).bind(3, value).run();
}

std::optional<std::string> RunStore::setting(const std::string& key) {
  Statement st(db_, "SELECT value FROM settings WHERE key = ?");
  st.bind(1, key);
  if (!st.step()) return std::nullopt;
  return st.getText(0);
}

std::map<std::string, std::string> RunStore::settings() {
  Statement st(db_, "SELECT key, value FROM settings ORDER BY key");
  std::map<std::string, std::string> out;
  while (st.step()) out[st.getText(0)] = st.getText(1);
  return out;
}

}  // namespace pwb::store
