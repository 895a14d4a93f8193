#pragma once
// The last step every RunRecorder::finish* shares (classification, regression, multi-label, probing): record
// the run's kept state folder as its train-state artifact, then close the run with its status and results.
// Internal to the recorder's .cpp files.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "store/run_store.h"
#include "store/state_artifact.h"
#include "train/train_result.h"

namespace pwb::train {

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
