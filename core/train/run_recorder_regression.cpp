// RunRecorder::finishRegression: a regression run's results in the run store, with the schema every run
// uses (no migration): the metric names follow the task.
#include <cmath>
#include <cstdio>

#include "regress/regression_targets.h"
#include "store/run_store.h"
#include "store/state_artifact.h"
#include "train/run_close.h"
#include "train/run_recorder.h"

namespace pwb::train {
namespace {

nlohmann::json numberOrNull(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

std::string numberText(double v) {
  if (!std::isfinite(v)) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

}  // namespace

void RunRecorder::finishRegression(int64_t runId, const SeedResult& res, const regress::Poles& poles,
                                   const std::vector<double>& gold, const std::vector<double>& predicted,
                                   const std::vector<std::string>& exampleIds, const TrainRequest& r,
                                   const std::vector<std::vector<double>>& probabilities) {
  nlohmann::json results = {{"task", "regression"},
                            {"best_dev_pearson", numberOrNull(res.bestDevAccuracy)},
                            {"best_step", res.bestStep},
                            {"steps_done", res.stepsDone},
                            {"lr", res.lr},
                            {"batch_size", res.batchSize},
                            {"seconds", res.seconds}};
  if (res.hasTestRegression) {
    results["test_pearson"] = numberOrNull(res.testPearson);
    results["test_spearman"] = numberOrNull(res.testSpearman);
    results["test_mse"] = numberOrNull(res.testMse);
    if (res.testUnpredicted > 0) results["test_unpredicted"] = res.testUnpredicted;
    store::EvaluationRecord ev = testEvaluationRecord(*store_, runId, res, r);
    ev.verbalizerSpec = store_->getRun(runId).config.value("verbalizer", std::string());  // the two poles
    ev.labels = {regress::kLowerPole, regress::kUpperPole};
    size_t scored = 0;
    for (double p : predicted) scored += std::isfinite(p) ? 1 : 0;
    ev.n = static_cast<int64_t>(scored);
    ev.metrics = {{"task", "regression"},
                  {"pearson", numberOrNull(res.testPearson)},
                  {"spearman", numberOrNull(res.testSpearman)},
                  {"mse", numberOrNull(res.testMse)},
                  {"poles", poles.toString()}};
    for (size_t i = 0; i < predicted.size() && i < gold.size(); ++i) {
      store::PredictionRecord p;
      p.index = static_cast<int64_t>(i);
      p.exampleId = i < exampleIds.size() ? exampleIds[i] : "";
      p.gold = numberText(gold[i]);
      p.predicted = numberText(predicted[i]);  // "" = no prediction (non-finite logits)
      if (probabilities.size() == predicted.size()) p.probabilities = probabilities[i];
      ev.predictions.push_back(std::move(p));
    }
    store_->saveEvaluation(ev);
  }
  saveStateAndFinishRun(*store_, runId, res, r.method, results);
}

}  // namespace pwb::train
