#pragma once
// Reading a sweep: the finished runs of a project (all, or those of one sweep) as points of a
// parallel-coordinates plot — the run's hyperparameters (method, model, template, verbalizer, K, lr, batch
// size, steps, prompt/prefix length) and its dev and test numbers — and, per method, the best
// configuration (every setting but the seed, see canonical_config.h) by mean dev accuracy over its seeds,
// reported with its test mean (population std, as LM-BFF reports it) and n. The same numbers feed
// `pwb sweep best` and the GUI's Sweeps view. No Qt, no torch.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "store/aggregate.h"
#include "store/records.h"
#include "store/run_store.h"

namespace pwb::store {

// The hyperparameter axes, in plot order. Values are taken from RunRecord::config as the trainer records
// it (run_recorder.cpp); "prompt_length" is method_config.num_virtual_tokens (soft-prompt / prefix length;
// absent for prompt-based fine-tuning and fine-tuning).
const std::vector<std::string>& sweepParamNames();

struct SweepPoint {
  int64_t runId = 0;
  std::string name;
  std::string method;
  std::optional<int64_t> seed;
  std::string configKey;
  nlohmann::json params = nlohmann::json::object();  // name -> number or string; missing when not set
  std::optional<double> dev;                         // the dev metric (default best_dev_accuracy)
  std::optional<double> test;                        // the test metric (default test_accuracy)
};

// The hyperparameters of one run (see sweepParamNames); keys the run does not have are left out.
nlohmann::json runSweepParams(const RunRecord& run);

struct BestConfig {
  std::string method;
  std::string configKey;
  nlohmann::json config;  // without the seed
  std::string label;      // what tells it apart from the other configurations of its method
  nlohmann::json params;  // its hyperparameters (those of its first run)
  Stats dev;              // over its seeds
  Stats test;             // the same runs' test numbers (runs without one left out)
  std::vector<int64_t> runIds;
  int64_t configurations = 0;  // how many configurations of this method were compared
};

// Per method (in alphabetical order), the configuration with the highest mean dev number; points without
// a dev number are left out. Ties (means within 1e-12) go to the configuration with more seeds, then to
// the smaller config key, so the choice never depends on the order runs were stored. The test numbers
// never take part in the choice.
std::vector<BestConfig> bestPerMethod(const std::vector<SweepPoint>& points);

struct SweepSummaryOptions {
  // Only runs with one of these uids: a sweep's runs, named by its done tasks' exit markers
  // (sweep/sweep_runs.h) — a run's config does not say which sweep it came from. Empty = every run.
  std::set<std::string> uids;
  // Looked up as in AggregateOptions::metric. Empty: the task's own — best_dev_pearson / test_pearson when
  // every selected run is a regression run (config "task"), else best_dev_accuracy / test_accuracy; runs of
  // both tasks together are refused then (a Pearson is no accuracy).
  std::string devMetric = "best_dev_accuracy";
  std::string testMetric = "test_accuracy";
  RunFilter filter;  // its status is replaced by finished
};

struct SweepSummary {
  std::vector<std::string> params;   // the axes some selected run has, in sweepParamNames order
  std::vector<std::string> varying;  // those of them whose value (or presence) differs between the runs
  std::vector<SweepPoint> points;    // the selected finished runs, by id
  std::vector<BestConfig> best;
  std::string devMetric, testMetric;  // the metrics used (the options', or the task's when they were empty)
};

// Throws pwb::Error when a metric is left to the task and the runs mix regression and classification.
SweepSummary summarizeSweep(RunStore& store, const SweepSummaryOptions& options = {});

}  // namespace pwb::store
