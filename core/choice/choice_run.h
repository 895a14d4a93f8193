#pragma once
// A multiple-choice evaluation (`pwb choice --db`) stored as a run of method "zero-shot" (schema 3, no
// migration), so that `pwb runs` and the Runs view list it with its accuracy.
#include <cstdint>
#include <string>

#include "choice/option_scoring.h"

namespace pwb::store {
class RunStore;
}

namespace pwb::choice {

// Config {"task": "multiple-choice", "model", "data", "template", "score"}, results {"task":
// "multiple-choice", "test_accuracy", "scored", "skipped"}, a "test" evaluation with the option letters as
// labels and each row's gold and predicted letter (the option scores are log-probabilities, kept in the
// evaluation's metrics "scores", not as probabilities). Returns the run id; throws pwb::Error when the
// store fails.
int64_t saveChoiceRun(store::RunStore& store, const OptionScoreResult& result, const std::string& dataPath,
                      const std::string& modelDir, const std::string& device);

}  // namespace pwb::choice
