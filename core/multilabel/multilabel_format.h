#pragma once
// Multi-label results for people and programs: the JSON `pwb multilabel --json` prints and the text report
// (also shown by the GUI).
#include <nlohmann/json.hpp>
#include <string>

#include "multilabel/multilabel_types.h"

namespace pwb::multilabel {

// {"scheme", "template", "verbalizer" (YesNo: the yes/no words), "labels", "threshold", "metrics":
// {"micro_f1", "macro_f1", "subset_accuracy",
//  "micro_precision", "micro_recall", "count", "per_label": [{"label", "precision", "recall", "f1", "tp",
//  "fp", "fn"}]}, "notes", and with `examples` "examples": [{"id", "line", "gold", "pred", "probs"}]}.
nlohmann::json multiLabelJson(const MultiLabelResult& r, bool examples);
// {"path", "rows", "labels", "declared", "problems": [{"line", "message"}]}.
nlohmann::json multiLabelSetJson(const MultiLabelSet& set);
// The metrics, a per-label table and the notes, then the first `shownExamples` rows.
std::string multiLabelReport(const MultiLabelResult& r, size_t shownExamples = 0);

}  // namespace pwb::multilabel
