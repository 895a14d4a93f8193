#pragma once
// A regression evaluation for people and programs: the JSON `pwb eval --task regression --json` prints and
// the text report. The metric names follow the task: Pearson, Spearman, MSE (never "accuracy").
#include <nlohmann/json.hpp>
#include <string>

#include "regress/regression_eval.h"

namespace pwb::regress {

// {"task": "regression", "template", "poles": {"lower": {"word", "value"}, "upper": {...}, "range_from":
//  "data"|"given"}, "metrics": {"count", "pearson", "spearman", "mse"} (null when undefined), "unpredicted",
//  "notes", and with `examples` "examples": [{"id", "line", "gold", "p_upper", "prediction"}]}.
nlohmann::json regressionJson(const RegressionResult& r, bool examples);
// {"path", "target_column", "rows", "min", "max", "problems": [{"line", "message"}]} (every problem).
nlohmann::json regressionSetJson(const RegressionSet& set);
// Poles, metrics and notes, then the first `shownExamples` examples.
std::string regressionReport(const RegressionResult& r, size_t shownExamples = 0);
// A metric for people: "0.8123", or "n/a" when undefined (NaN).
std::string metricText(double v);

}  // namespace pwb::regress
