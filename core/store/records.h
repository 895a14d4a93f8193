#pragma once
// Plain records stored in a project file, one struct per table (see SCHEMA.md). Ids are SQLite rowids;
// 0 means "not stored yet". Times are seconds since the Unix epoch (UTC), as doubles.
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace pwb::store {

enum class RunStatus { Queued, Running, Finished, Cancelled, Failed, Interrupted };

std::string runStatusName(
    RunStatus status);  // "queued", "running", ... (not toString: QTest finds that by ADL)
RunStatus parseRunStatus(const std::string& text);  // throws pwb::Error listing the valid names
bool isTerminal(RunStatus status);                  // finished, cancelled, failed, interrupted

double nowSeconds();  // wall-clock time used for every *_at column

struct DatasetRecord {
  int64_t id = 0;
  std::string name;
  std::string path;
  std::string format;    // "tsv", "csv", "jsonl", ...
  std::string checksum;  // of the file's bytes (e.g. sha256 hex), identifies the content
  int64_t rows = 0;
  double createdAt = 0;
};

struct ModelRecord {
  int64_t id = 0;
  std::string name;
  std::string path;
  std::string configHash;  // of config.json (+ weights header), identifies the model
  double createdAt = 0;
};

struct TemplateRecord {
  int64_t id = 0;
  std::string name;
  std::string text;
  double createdAt = 0;
};

struct VerbalizerRecord {
  int64_t id = 0;
  std::string name;
  std::string spec;  // the verbalizer as text or JSON, as the prompt module writes it
  double createdAt = 0;
};

struct RunRecord {
  int64_t id = 0;
  std::string name;
  std::string method;  // "prompt-ft", "prompt-tuning", "p-tuning", "p-tuning-v2", "fine-tune", ...
  nlohmann::json config = nlohmann::json::object();  // the full configuration, seed included
  std::optional<int64_t> seed;
  std::string kshotChecksum;  // checksum of the K-shot manifest (which examples were sampled)
  std::optional<int64_t> datasetId, modelId, templateId, verbalizerId;
  RunStatus status = RunStatus::Queued;
  std::string device;  // "cpu", "cuda:0", ...
  double createdAt = 0;
  std::optional<double> startedAt, endedAt, heartbeatAt;
  std::string error;                                   // why it failed / was interrupted
  std::string programVersion;                          // filled with PWB_VERSION by createRun when empty
  nlohmann::json versions = nlohmann::json::object();  // e.g. {"libtorch": "1.13.1"}
  nlohmann::json results = nlohmann::json::object();   // final numbers, e.g. {"test_accuracy": 0.62}
  std::string host;                                    // machine that owns the run (filled by createRun)
  std::optional<int64_t> pid;  // process that owns the run (filled by createRun / setStatus(Running))
  std::string configKey;       // canonical config without the seed (computed; see canonical_config.h)
  // Stable identity across project files: 32 hex digits made by createRun when empty. A run merged from
  // another file (a sweep task's run file) keeps its uid, which is how merging twice adds nothing.
  std::string uid;
  std::string job;  // the scheduler job that ran it, e.g. Slurm "1234_7"; empty for local runs
};

// A link from one run to another: an ensemble to its members, a distilled classifier to the runs whose
// labels it learnt. The linked run may have been deleted since (exists = false); its uid is kept to say
// which.
struct RunLink {
  int64_t runId = 0;
  int64_t linkedRunId = 0;
  std::string linkedRunUid;
  std::string role;  // e.g. "member", "teacher", "generation-1"
  int64_t position = 0;
  bool exists = true;  // filled when read
};

struct MetricPoint {
  int64_t step = 0;
  double value = 0;  // NaN when a NaN/inf was recorded
  double time = 0;
};

struct PredictionRecord {
  int64_t index = 0;                // position of the example in the evaluated split
  std::string exampleId;            // the data set's id for it when it has one
  std::optional<std::string> gold;  // absent for unlabelled data
  std::string predicted;
  std::vector<double> probabilities;  // one per label, in EvaluationRecord::labels order
  // The example ids used as demonstrations for this prediction (schema 3): one list per demonstration set
  // averaged (LM-BFF's num_sample), each in placement order. Empty when the template has none.
  std::vector<std::vector<std::string>> demos;
};

struct EvaluationRecord {
  int64_t id = 0;
  std::optional<int64_t> runId;  // empty for zero-shot / comparison evaluations
  std::string name;
  std::optional<int64_t> templateId;
  std::string templateText;  // kept even when templateId is set: the exact text that was scored
  std::optional<int64_t> verbalizerId;
  std::string verbalizerSpec;
  std::optional<int64_t> datasetId;
  std::string dataset;              // path or name of the evaluated data
  std::string split;                // "test", "dev", ...
  std::vector<std::string> labels;  // class names, the order of PredictionRecord::probabilities
  double accuracy = std::numeric_limits<double>::quiet_NaN();  // NaN = not computed (stored as NULL)
  double macroF1 = std::numeric_limits<double>::quiet_NaN();
  int64_t n = 0;
  nlohmann::json metrics = nlohmann::json::object();  // anything else (calibration, confusion matrix, ...)
  double createdAt = 0;
  std::vector<PredictionRecord> predictions;  // filled by getEvaluation, not by listEvaluations
};

struct ArtifactRecord {
  int64_t id = 0;
  int64_t runId = 0;
  std::string kind;  // "prompt-embeddings", "prefix", "checkpoint", "head", ...
  std::string name;
  std::optional<std::string> path;  // file outside the project; data is empty then
  std::string sha256;               // of the file or of data (computed by saveArtifact when empty)
  int64_t size = 0;
  std::vector<uint8_t> data;  // inline bytes (small artifacts); not loaded by listArtifacts
  nlohmann::json meta = nlohmann::json::object();  // shapes, dtype, format, ...
  double createdAt = 0;
};

// A template search (schema 3): its settings, status and, in SearchCandidateRecord, every template it scored.
// Written by core/search/search_record (pwb search-template --db, the Search view).
struct SearchRecord {
  int64_t id = 0;
  std::string uid;                                     // 32 hex digits made by createSearch when empty
  std::string name;                                    // shown in lists; may be empty
  std::string method;                                  // "autoprompt", "generate", "lmbff-list"
  std::string model;                                   // model folder as given
  std::string dataset;                                 // training file as given
  nlohmann::json settings = nlohmann::json::object();  // the whole request: reproducible from its seeds
  std::string status = "running";                      // running, finished, cancelled, failed, interrupted
  std::string error;                                   // why it failed / was interrupted
  std::vector<std::string> notes;                      // what the search skipped or changed
  double seconds = 0;                                  // wall time of the search
  std::string host;                                    // machine that runs it (filled by createSearch)
  std::optional<int64_t> pid;                          // process that runs it (filled by createSearch)
  double createdAt = 0;
  std::optional<double> finishedAt;
  int64_t candidates = 0;  // filled when read: how many candidates are stored
};

struct SearchCandidateRecord {
  int64_t index = 0;  // rank order as stored (0 = best)
  std::string templateText;
  std::string origin;
  double searchScore = 0;
  std::vector<double> devAccuracy;  // per seed, in the settings' seed order
  std::optional<double> devMean, devStd, testMean;
};

}  // namespace pwb::store
