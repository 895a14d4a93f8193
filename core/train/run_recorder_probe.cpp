// RunRecorder::finishProbe: a knowledge-probing run's results in the run store, with the schema every run
// uses (no migration): the metric names follow the task (P@1, P@10, MRR), no confusion matrix and no class
// probabilities (the classes are the whole vocabulary).
#include "store/run_store.h"
#include "store/state_artifact.h"
#include "train/probe_task.h"
#include "train/run_close.h"
#include "train/run_recorder.h"

namespace pwb::train {

void RunRecorder::finishProbe(int64_t runId, const SeedResult& res, const ProbeScores& scores,
                              const ProbeSplit& test, const TrainRequest& r) {
  nlohmann::json results = {{"task", "probe"},
                            {"best_dev_p_at_1", res.bestDevAccuracy},
                            {"best_step", res.bestStep},
                            {"steps_done", res.stepsDone},
                            {"lr", res.lr},
                            {"batch_size", res.batchSize},
                            {"seconds", res.seconds}};
  if (res.hasTestAccuracy && scores.ranks.size() == test.examples.size()) {
    results["test_p_at_1"] = scores.p1;
    results["test_p_at_10"] = scores.p10;
    results["test_mrr"] = scores.mrr;
    results["test_count"] = scores.ranks.size();
    if (scores.nonFinite > 0) results["test_unpredicted"] = scores.nonFinite;
    // No verbalizer: the classes are the whole vocabulary.
    store::EvaluationRecord ev = testEvaluationRecord(*store_, runId, res, r);
    ev.accuracy = scores.p1;  // P@1 is the accuracy with the whole vocabulary as the classes
    ev.n = static_cast<int64_t>(scores.ranks.size());
    ev.metrics = {
        {"task", "probe"},   {"p_at_1", scores.p1},          {"p_at_10", scores.p10},
        {"mrr", scores.mrr}, {"count", scores.ranks.size()}, {"multi_piece_answers", r.multiPieceAnswers}};
    for (size_t i = 0; i < scores.ranks.size(); ++i) {
      store::PredictionRecord p;
      p.index = static_cast<int64_t>(i);
      p.exampleId = test.ids[i];
      p.gold = test.answers[i];
      p.predicted = i < scores.topTokens.size() ? scores.topTokens[i] : "";
      ev.predictions.push_back(std::move(p));
    }
    store_->saveEvaluation(ev);
  }
  saveStateAndFinishRun(*store_, runId, res, r.method, results);
}

}  // namespace pwb::train
