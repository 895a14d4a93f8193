#include "eval_records.h"

namespace pwb::ui {

store::EvaluationRecord toEvaluationRecord(const eval::CellResult& cell, const EvaluationContext& c) {
  store::EvaluationRecord e;
  e.name = c.name;
  e.templateId = c.templateId;
  e.templateText = cell.templateText;
  e.verbalizerId = c.verbalizerId;
  e.verbalizerSpec = cell.verbalizerText;
  e.datasetId = c.datasetId;
  e.dataset = c.dataset;
  e.split = c.split;
  e.labels = cell.labels;
  e.accuracy = cell.metrics.accuracy;
  e.macroF1 = cell.metrics.macroF1;
  e.n = cell.metrics.count;
  e.metrics = {{"confusion", cell.metrics.confusion}, {"calibration", c.calibration}, {"notes", cell.notes}};
  if (!cell.prior.empty()) e.metrics["prior"] = cell.prior;
  if (!c.demos.is_null()) e.metrics["demos"] = c.demos;
  e.predictions.reserve(cell.examples.size());
  for (size_t i = 0; i < cell.examples.size(); ++i) {
    const auto& ex = cell.examples[i];
    store::PredictionRecord p;
    p.index = int64_t(i);
    p.exampleId = ex.id;
    if (ex.gold >= 0 && size_t(ex.gold) < cell.labels.size()) p.gold = cell.labels[size_t(ex.gold)];
    if (ex.pred >= 0 && size_t(ex.pred) < cell.labels.size()) p.predicted = cell.labels[size_t(ex.pred)];
    p.probabilities = ex.probs;
    p.demos = ex.demos;
    e.predictions.push_back(std::move(p));
  }
  return e;
}

}  // namespace pwb::ui
