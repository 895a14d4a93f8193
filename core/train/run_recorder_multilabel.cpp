// RunRecorder::finishMultiLabel: a multi-label run's results in the run store, with the schema every run
// uses (no migration): the metric names follow the task, and a prediction's label sets are stored as text
// (train/multilabel_task.h labelSetText) in the columns that hold a class name for a classification run.
#include <cmath>

#include "multilabel/multilabel_run.h"
#include "store/run_store.h"
#include "store/state_artifact.h"
#include "train/multilabel_task.h"
#include "train/run_close.h"
#include "train/run_recorder.h"

namespace pwb::train {

void RunRecorder::finishMultiLabel(int64_t runId, const SeedResult& res,
                                   const std::vector<std::string>& labels,
                                   const std::vector<std::vector<int>>& gold,
                                   const std::vector<std::vector<int>>& predicted,
                                   const std::vector<std::vector<double>>& probabilities,
                                   const std::vector<std::string>& exampleIds, const TrainRequest& r) {
  nlohmann::json results = {{"task", "multilabel"},
                            {"best_dev_micro_f1", res.bestDevAccuracy},
                            {"best_step", res.bestStep},
                            {"steps_done", res.stepsDone},
                            {"lr", res.lr},
                            {"batch_size", res.batchSize},
                            {"seconds", res.seconds}};
  if (res.hasTestMultiLabel) {
    results["test_micro_f1"] = res.testMicroF1;
    results["test_macro_f1"] = res.testMacroF1;
    results["test_subset_acc"] = res.testSubsetAccuracy;
    results["threshold"] = res.threshold;
    if (res.testUnpredicted > 0) results["test_unpredicted"] = res.testUnpredicted;
    store::EvaluationRecord ev = testEvaluationRecord(*store_, runId, res, r);
    ev.labels = labels;
    ev.accuracy = res.testSubsetAccuracy;
    ev.macroF1 = res.testMacroF1;
    ev.n = static_cast<int64_t>(gold.size());
    ev.metrics = {
        {"task", "multilabel"},        {"scheme", r.multilabel.scheme},        {"micro_f1", res.testMicroF1},
        {"macro_f1", res.testMacroF1}, {"subset_acc", res.testSubsetAccuracy}, {"threshold", res.threshold}};
    for (size_t i = 0; i < gold.size() && i < predicted.size(); ++i) {
      store::PredictionRecord p;
      p.index = static_cast<int64_t>(i);
      p.exampleId = i < exampleIds.size() ? exampleIds[i] : "";
      p.gold = multilabel::labelSetText(gold[i], labels);
      p.predicted = multilabel::labelSetText(predicted[i], labels);
      // Per-label probabilities; a row without finite scores (NaN) keeps none.
      bool finite = i < probabilities.size();
      for (size_t c = 0; finite && c < probabilities[i].size(); ++c)
        finite = std::isfinite(probabilities[i][c]);
      if (finite) p.probabilities = probabilities[i];
      ev.predictions.push_back(std::move(p));
    }
    store_->saveEvaluation(ev);
  }
  saveStateAndFinishRun(*store_, runId, res, r.method, results);
}

}  // namespace pwb::train
