#pragma once
// Option-text scoring results for people and programs: the JSON `pwb choice --json` prints and the text
// report (also shown by the GUI).
#include <nlohmann/json.hpp>
#include <string>

#include "choice/option_scoring.h"

namespace pwb::choice {

// {"template", "score": "sum"|"mean", "options": [letters], "metrics": {"accuracy", "correct", "count",
//  "scored"}, "skipped": [...], "notes", "seconds", and with `examples` "examples": [{"id", "line", "gold",
//  "pred", "scores", "pieces"}]} (gold / pred as letters, null when none).
nlohmann::json optionScoreJson(const OptionScoreResult& r, bool examples);
// Accuracy, counts and notes, then the first `shownExamples` rows with every option's score.
std::string optionScoreReport(const OptionScoreResult& r, size_t shownExamples = 0);

}  // namespace pwb::choice
