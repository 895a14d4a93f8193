#pragma once
// A probe's result for people and programs: the JSON `pwb probe --json` prints and the text report, and the
// import problems of a probing data set (file:line: why) in both forms.
#include <nlohmann/json.hpp>
#include <string>

#include "probe/probe_import.h"
#include "probe/probe_types.h"

namespace pwb::probe {

// {"template", "model", "multi_piece_answers", "vocab_size", "examples_total", "metrics": {"count", "P@1",
//  "P@10", "MRR"}, "multi_piece": {"count", "first": [...]}, "unknown_answers": {...}, "notes", and with
//  `examples` "examples": [{"id", "line", "answer", "answer_token", "first_piece", "rank", "probability",
//  "top": [{"token", "id", "probability"}]}]}. "first" lists at most `shownIssues` answers.
nlohmann::json probeJson(const ProbeResult& r, bool examples, size_t shownIssues = 20);
// {"path", "answer_column", "rows", "distinct_answers", "problems": [{"line", "message"}]} (every problem).
nlohmann::json probeSetJson(const ProbeSet& set);
// Metrics, counts and notes, then the first `shownExamples` examples with their rank and top tokens.
std::string probeReport(const ProbeResult& r, size_t shownExamples = 0);
// "file:line: why" for the first `shown` problems, then "... and N more".
std::string problemsReport(const data::Dataset& ds, size_t shown = 10);

}  // namespace pwb::probe
