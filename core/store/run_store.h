#pragma once
// RunStore: the project file seen as plain records. One RunStore is one connection: use it from one
// thread at a time (open another RunStore on the same path for another thread or process; WAL and the
// busy timeout make them cooperate). MetricWriter is the thread-safe exception.
//
// Typical trainer use:
//   RunStore store(dbPath);
//   const int64_t id = store.createRun(record);           // status queued, owner = this process
//   store.setStatus(id, RunStatus::Running);              // started_at, heartbeat
//   auto metrics = store.metricWriter(id);                // may be handed to the training thread
//   metrics->append(step, "loss", loss);                  // buffered, committed every 0.5 s
//   store.finishRun(id, RunStatus::Finished, {{"test_accuracy", 0.62}});  // flushes the writer first
#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/metric_writer.h"
#include "store/records.h"

namespace pwb::store {

struct StoreOptions {
  OpenMode mode = OpenMode::ReadWrite;
  int busyTimeoutMs = 5000;
  // On open, runs still "running" whose heartbeat is older than this, or whose process (on this host) is
  // gone, are marked "interrupted". Writers beat every kHeartbeatSeconds, so this is generous.
  double staleHeartbeatSeconds = 30.0;
  bool recoverInterrupted = true;
  MetricWriterOptions metricWriter;  // used by appendMetric / metricWriter
};

struct RunFilter {
  std::optional<RunStatus> status;
  std::string method;        // exact match; empty = any
  std::string nameContains;  // substring; empty = any
  std::string configKey;     // exact match (see canonical_config.h); empty = any
  std::optional<int64_t> datasetId, modelId, templateId, verbalizerId;
  int64_t limit = 0;  // 0 = no limit
  bool newestFirst = false;
};

class RunStore {
 public:
  // Opens (or creates) the project file and migrates it; throws pwb::Error with a sentence for: not a
  // database, another program's database, a newer schema, a locked file, an unreadable path.
  explicit RunStore(const std::string& path, const StoreOptions& options = {});
  ~RunStore();  // flushes the metric writers it created
  RunStore(const RunStore&) = delete;
  RunStore& operator=(const RunStore&) = delete;

  const std::string& path() const { return db_.path(); }
  bool readOnly() const { return db_.readOnly(); }
  Database& database() { return db_; }
  const std::vector<int64_t>& recoveredRuns() const { return recovered_; }  // marked interrupted on open

  // ---- runs ----
  // Stores a new run (id, createdAt, configKey, host, pid, programVersion filled in); returns its id.
  int64_t createRun(RunRecord run);
  // Running: sets started_at (first time), owner pid/host and heartbeat, and starts this store's
  // MetricWriter for the run (it keeps the heartbeat fresh). Terminal statuses: flushes and closes that
  // writer, then sets ended_at. `error` is stored when not empty.
  void setStatus(int64_t runId, RunStatus status, const std::string& error = "");
  // setStatus + merge `results` into the run's results JSON, in one transaction.
  void finishRun(int64_t runId, RunStatus status, const nlohmann::json& results = nlohmann::json::object(),
                 const std::string& error = "");
  void mergeResults(int64_t runId, const nlohmann::json& results);  // shallow merge of keys
  void setDevice(int64_t runId, const std::string& device);
  void heartbeat(int64_t runId);
  RunRecord getRun(int64_t runId);  // throws "no run with id N"
  std::optional<RunRecord> findRun(int64_t runId);
  std::vector<RunRecord> listRuns(const RunFilter& filter = {});
  // A hash of what a list of runs shows (ids, names, statuses, devices, start/end times, results): equal
  // before and after a write that only added metric rows or refreshed heartbeats, different after a run
  // was added, deleted, started, finished or given results. One pass over the runs table, no metrics read.
  uint64_t runsFingerprint();
  void deleteRun(int64_t runId);  // with its metrics, evaluations, predictions and artifacts
  std::optional<int64_t> findRunByUid(const std::string& uid);
  // Stores a run copied from another project file (a sweep task's run file) as it is: uid, status, times,
  // host, pid, device, results and job kept (configKey recomputed); throws when the uid is empty or already
  // in this file. Returns the new id. The caller maps datasetId/modelId/templateId/verbalizerId to this
  // file's rows first.
  int64_t importRun(const RunRecord& run);
  // Appends step metrics of one key with their own times (a copy from another file), in one statement
  // per chunk; no MetricWriter involved.
  void importMetrics(int64_t runId, const std::string& key, const std::vector<MetricPoint>& points);
  void setJob(int64_t runId, const std::string& job);  // the scheduler job that runs it (Slurm "1234_7")

  // ---- links between runs (run_links; see RunLink) ----
  // Appends links from runId to each of linkedRunIds under `role`, positions continuing after the existing
  // ones; throws when either run does not exist. One transaction.
  void linkRuns(int64_t runId, const std::vector<int64_t>& linkedRunIds, const std::string& role);
  // runId's links (all roles when `role` is empty), ordered by role and position; a deleted linked run
  // comes back with exists = false and its uid.
  std::vector<RunLink> runLinks(int64_t runId, const std::string& role = "");
  std::vector<RunLink> runsLinkingTo(int64_t linkedRunId);  // the reverse direction (exists not filled)
  // Marks orphaned runs interrupted (see StoreOptions); returns their ids. Called by the constructor.
  std::vector<int64_t> recoverInterruptedRuns(double staleHeartbeatSeconds);

  // ---- step metrics ----
  // Buffered through this store's MetricWriter for the run (created on first use).
  void appendMetric(int64_t runId, int64_t step, const std::string& key, double value);
  std::shared_ptr<MetricWriter> metricWriter(int64_t runId);
  void flushMetrics();  // every writer created by this store
  std::vector<MetricPoint> runMetrics(int64_t runId, const std::string& key);  // ordered by step, time
  std::vector<std::string> metricKeys(int64_t runId);
  int64_t metricCount(int64_t runId);

  // ---- data sets, models, templates, verbalizers: saved by content (saving the same content twice
  // returns the first id) ----
  int64_t saveDataset(const DatasetRecord& dataset);  // identity: path + format + checksum
  DatasetRecord getDataset(int64_t id);
  std::vector<DatasetRecord> listDatasets();
  int64_t saveModel(const ModelRecord& model);  // identity: path + configHash
  ModelRecord getModel(int64_t id);
  std::vector<ModelRecord> listModels();
  int64_t saveTemplate(const TemplateRecord& tmpl);  // identity: name + text
  TemplateRecord getTemplate(int64_t id);
  std::vector<TemplateRecord> listTemplates();
  void deleteTemplate(int64_t id);                             // runs/evaluations keep their copy of the text
  int64_t saveVerbalizer(const VerbalizerRecord& verbalizer);  // identity: name + spec
  VerbalizerRecord getVerbalizer(int64_t id);
  std::vector<VerbalizerRecord> listVerbalizers();
  void deleteVerbalizer(int64_t id);

  // ---- evaluations (with per-example predictions) and artifacts ----
  int64_t saveEvaluation(const EvaluationRecord& evaluation);  // predictions included, one transaction
  EvaluationRecord getEvaluation(int64_t id, bool withPredictions = true);
  // Without predictions. runId: only that run's; nullopt: all evaluations. Ordered by id.
  std::vector<EvaluationRecord> listEvaluations(std::optional<int64_t> runId = std::nullopt);
  void deleteEvaluation(int64_t id);
  // Inline (data) or by path; sha256 and size computed when empty/0 (path: from the file). createdAt is
  // kept when > 0 (a copy), else now.
  int64_t saveArtifact(ArtifactRecord artifact);
  ArtifactRecord getArtifact(int64_t id);                    // with data
  std::vector<ArtifactRecord> listArtifacts(int64_t runId);  // without data

  // ---- template searches (template_searches, search_candidates; see SearchRecord) ----
  // Stores a new search as "running" (uid, host, pid, createdAt filled in); returns its id.
  int64_t createSearch(SearchRecord search);
  // Replaces the search's candidates with `candidates` (index = position in the vector), one transaction:
  // a reader sees the old list or the new one, never a mix.
  void setSearchCandidates(int64_t searchId, const std::vector<SearchCandidateRecord>& candidates);
  // status: "finished", "cancelled", "failed" or "interrupted"; sets finished_at, seconds, notes, error.
  void finishSearch(int64_t searchId, const std::string& status, double seconds,
                    const std::vector<std::string>& notes = {}, const std::string& error = "");
  SearchRecord getSearch(int64_t searchId);  // throws "no template search with id N"
  std::vector<SearchRecord> searches();      // newest first
  std::vector<SearchCandidateRecord> searchCandidates(int64_t searchId);  // by index
  void deleteSearch(int64_t searchId);                                    // with its candidates
  // Marks "running" searches whose process (on this host) is gone "interrupted"; returns their ids. Called
  // by the constructor with the runs' recovery.
  std::vector<int64_t> recoverInterruptedSearches();

  // ---- project settings ----
  void setSetting(const std::string& key, const std::string& value);
  std::optional<std::string> setting(const std::string& key);
  std::map<std::string, std::string> settings();

 private:
  void closeWriter(int64_t runId);
  int64_t insertRun(const RunRecord& run);  // every column as given (createRun / importRun fill them)
  void requireRun(int64_t runId);

  Database db_;
  StoreOptions options_;
  std::vector<int64_t> recovered_;
  std::map<int64_t, std::shared_ptr<MetricWriter>> writers_;
};

}  // namespace pwb::store
