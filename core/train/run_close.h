#pragma once
// What every RunRecorder::finish* shares (classification, regression, multi-label, probing): the test
// evaluation's identity (run, name, template, verbalizer, data set, split) and the last step, recording the
// run's kept state folder as its train-state artifact and closing the run with its status and results.
// Internal to the recorder's .cpp files.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "store/run_store.h"
#include "store/state_artifact.h"
#include "train/train_request.h"
#include "train/train_result.h"

namespace pwb::train {

// The test evaluation of a run's seed, before its task fills the numbers and predictions.
inline store::EvaluationRecord testEvaluationRecord(store::RunStore& store, int64_t runId,
                                                    const SeedResult& res, const TrainRequest& r) {
  store::EvaluationRecord ev;
  ev.runId = runId;
  ev.name = r.method + " seed " + std::to_string(res.seed) + " test";
  const auto run = store.getRun(runId);
  ev.templateId = run.templateId;
  ev.templateText = r.templateText;
  ev.verbalizerId = run.verbalizerId;
  ev.verbalizerSpec = r.verbalizer;
  ev.dataset = r.testPath;
  ev.split = "test";
  return ev;
}

inline void saveStateAndFinishRun(store::RunStore& store, int64_t runId, const SeedResult& res,
                                  const std::string& method, const nlohmann::json& results) {
  if (!res.statePath.empty()) {
    store::ArtifactRecord a;
    a.runId = runId;
    a.kind = store::kTrainStateKind;
    a.name = method + " seed " + std::to_string(res.seed);
    a.path = res.statePath + "/method.safetensors";
    a.meta = {{"format", "pwb-train-state"}, {"folder", res.statePath}};
    store.saveArtifact(a);
  }
  const auto status = res.status == RunStatus::Finished    ? store::RunStatus::Finished
                      : res.status == RunStatus::Cancelled ? store::RunStatus::Cancelled
                                                           : store::RunStatus::Failed;
  store.finishRun(runId, status, results, res.status == RunStatus::Finished ? "" : res.message);
}

}  // namespace pwb::train
