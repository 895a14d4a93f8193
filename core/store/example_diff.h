#pragma once
// Per-example comparison of two evaluations (two runs, two templates, two verbalizers): which examples
// flip, and from what to what. Examples are matched by exampleId when both sides have ids, else by index.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/records.h"
#include "store/run_store.h"

namespace pwb::store {

struct ExampleFlip {
  int64_t index = 0;  // index in evaluation A
  std::string exampleId;
  std::optional<std::string> gold;
  std::string predictedA, predictedB;
};

struct EvaluationDiff {
  int64_t evaluationA = 0, evaluationB = 0;
  int64_t common = 0;  // examples found in both
  int64_t onlyA = 0, onlyB = 0;
  int64_t correctA = 0, correctB = 0;  // on the common, labelled examples
  int64_t labelled = 0;                // common examples with a gold label
  int64_t fixed = 0;                   // wrong in A, right in B
  int64_t broken = 0;                  // right in A, wrong in B
  int64_t changed = 0;                 // prediction differs otherwise (both wrong, or unlabelled)
  std::vector<ExampleFlip> flips;      // every common example whose prediction differs, in A's order
};

EvaluationDiff diffEvaluations(const EvaluationRecord& a, const EvaluationRecord& b);

// The latest evaluation of a run on `split` (any split when empty); throws pwb::Error when it has none.
int64_t latestEvaluationOfRun(RunStore& store, int64_t runId, const std::string& split = "test");

}  // namespace pwb::store
