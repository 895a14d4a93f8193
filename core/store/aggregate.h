#pragma once
// Grouping runs by configuration (everything but the seed, see canonical_config.h) and summarising one
// number per run over the seeds: the "61.8 (2.7)" of a results table.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "store/records.h"
#include "store/run_store.h"

namespace pwb::store {

struct Stats {
  int64_t n = 0;
  double mean = 0;
  double popStd = 0;     // divides by n (0 for one value)
  double sampleStd = 0;  // divides by n - 1 (NaN for fewer than two values)
  double median = 0;     // mean of the two middle values when n is even
  double min = 0;
  double max = 0;
};

// Summary of the values (all NaN fields and n = 0 when empty). NaN inputs are counted as given.
Stats summarize(const std::vector<double>& values);

struct SeedValue {
  int64_t runId = 0;
  std::optional<int64_t> seed;
  double value = 0;
};

struct ConfigGroup {
  std::string configKey;  // canonical JSON of the config without seed
  nlohmann::json config;  // the same, parsed
  std::string method;
  std::string label;  // method plus the settings that tell this group apart from the others
  Stats stats;
  std::vector<SeedValue> values;  // one per run, ordered by seed then run id
};

// One number of one run, ready for grouping.
struct RunValue {
  int64_t runId = 0;
  std::string method;
  nlohmann::json config;  // full config (the seed is removed when grouping)
  std::optional<int64_t> seed;
  double value = 0;
};

// Groups in order of their first run; labels filled by labelGroups.
std::vector<ConfigGroup> groupByConfig(const std::vector<RunValue>& values);
// "prompt-ft lr=2e-05 batch_size=8": the method and the flattened config keys whose values differ
// between the groups (every key when there is a single group would be noise, so then just the method).
void labelGroups(std::vector<ConfigGroup>& groups);

struct AggregateOptions {
  // Which number of a run is summarised. Looked up, in order: run.results[metric]; for "<split>_<field>"
  // (e.g. "test_accuracy", "dev_macro_f1") the run's latest evaluation of that split (accuracy, macro_f1,
  // n or a key of its metrics JSON); else the last step metric with that key.
  std::string metric = "test_accuracy";
  bool includeUnfinished = false;  // false: only runs with status finished
  RunFilter filter;                // narrows the runs (its status is ignored unless includeUnfinished)
};

// The value of `metric` for a run (see AggregateOptions), or nullopt when the run has none.
std::optional<double> runValue(RunStore& store, const RunRecord& run, const std::string& metric);

// Runs of the store grouped by configuration and summarised; runs without the metric are left out.
std::vector<ConfigGroup> groupRuns(RunStore& store, const AggregateOptions& options = {});

}  // namespace pwb::store
