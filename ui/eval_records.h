#pragma once
// One grid cell's result (core/eval) as the store's evaluation record (core/store), predictions included:
// what Compare saves to the project file and diffs between two cells.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "eval/eval_types.h"
#include "store/records.h"

namespace pwb::ui {

struct EvaluationContext {
  std::string name;  // "Compare: It was × great/terrible (seed 13)"
  std::optional<int64_t> templateId, verbalizerId, datasetId;
  std::string dataset;      // name or path of the evaluated data
  std::string split;        // "test", "dev", ...
  std::string calibration;  // "none", "content-free", "template-only"
  // In-context demonstrations: their options, seed and pool (recorded as metrics["demos"]); null = none.
  nlohmann::json demos;
};

store::EvaluationRecord toEvaluationRecord(const eval::CellResult& cell, const EvaluationContext& context);

}  // namespace pwb::ui
