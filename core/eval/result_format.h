#pragma once
// Text forms of evaluation results for the CLI and for export from the GUI: the templates x verbalizers
// table as Markdown (as in the demo model's README), CSV or JSON, and the report of one cell. Torch-free.
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "eval/eval_types.h"

namespace pwb::eval {

// | template | verbalizer 1 | ... | with accuracy % to one decimal; with several runs "mean (std)" using the
// population std, and a line under the table saying so (and giving the median and sample std in JSON).
std::string gridMarkdown(const GridResult& grid);
// Same matrix as CSV (RFC 4180 quoting): template, then one column per verbalizer (accuracy %, mean).
std::string gridCsv(const GridResult& grid);
// Everything: per cell the run summaries (both stds, median), per run metrics, per-class numbers and the
// confusion matrix; per-example predictions only when withExamples.
nlohmann::json gridJson(const GridResult& grid, bool withExamples = false);

// Human-readable report of one evaluation: accuracy, macro-F1, per-class table, confusion matrix, notes.
std::string cellReport(const CellResult& cell);
nlohmann::json cellJson(const CellResult& cell, bool withExamples = false);
nlohmann::json metricsJson(const Metrics& metrics);
nlohmann::json runSummaryJson(const RunSummary& summary);

}  // namespace pwb::eval
