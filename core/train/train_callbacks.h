#pragma once
// How a run reports while it works. Called on the worker thread: a GUI turns them into queued signals.
// Any of them may be empty.
#include <cstdint>
#include <functional>
#include <string>

#include "train/train_result.h"

namespace pwb::train {

struct TrainCallbacks {
  // After every optimizer step of the current seed (steps counted from 1).
  std::function<void(int step, int totalSteps, double loss, double lr, double etaSeconds)> onProgress;
  // After every dev evaluation of the current seed (accuracy in [0, 1]).
  std::function<void(int step, double devAccuracy)> onEval;
  // Human-readable lines (seed started, grid point, test accuracy, warnings).
  std::function<void(const std::string& text)> onLog;
  // Seed boundaries: index in request.seeds, and the finished record.
  std::function<void(int seedIndex, int64_t seed)> onSeedStart;
  std::function<void(int seedIndex, const SeedResult& result)> onSeedDone;
};

}  // namespace pwb::train
