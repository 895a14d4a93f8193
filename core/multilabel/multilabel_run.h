#pragma once
// Multi-label results in the run store (schema 3, no migration): label sets as prediction text, and a
// zero-shot evaluation (`pwb multilabel --db`) stored as a run so that `pwb runs` and the Runs view list it
// beside trained ones. Trained runs: train/run_recorder_multilabel.cpp (the same keys).
#include <cstdint>
#include <string>
#include <vector>

#include "multilabel/multilabel_types.h"

namespace pwb::store {
class RunStore;
}

namespace pwb::multilabel {

// A label set as a prediction's gold / predicted text: a JSON array of label names in label order, e.g.
// ["a","c"]; [] = none. parseLabelSet reads it back as indices into `labels` (throws pwb::Error for text
// that is not such an array or names another label).
std::string labelSetText(const std::vector<int>& set, const std::vector<std::string>& labels);
std::vector<int> parseLabelSet(const std::string& text, const std::vector<std::string>& labels);

// Stores `result` (with its examples) as a finished run of method "zero-shot": config {"task":
// "multilabel", "model", "data", "template", "verbalizer", "scheme", "threshold"}, results {"task":
// "multilabel", "test_micro_f1", "test_macro_f1", "test_subset_acc", "threshold"} and a "test" evaluation
// (accuracy = subset accuracy, predictions as label-set text with the per-label probabilities). Returns
// the run id. Throws pwb::Error when the store fails.
int64_t saveMultiLabelRun(store::RunStore& store, const MultiLabelResult& result, const MultiLabelSet& set,
                          const std::string& modelDir, const std::string& device);

}  // namespace pwb::multilabel
