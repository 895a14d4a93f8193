#pragma once
// How a run reports while it works. Called on the worker thread: a GUI turns them into queued signals.
// Any of them may be empty.
#include <cstdint>
#include <functional>
#include <string>

#include "data/dataset.h"
#include "train/train_result.h"

namespace pwb::train {

// Class logits of examples (any label, or none) rendered as the run renders its own, by the trained model.
using ExampleScorer = std::function<std::vector<std::vector<float>>(const std::vector<data::Example>&)>;

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
  // After a seed's model is trained and tested (the best-dev state in place), before it is released: a
  // pipeline (PET, train/pet) scores more data with it. The scorer is valid during the call only; an empty
  // result means cancelled. An exception thrown here fails the seed's run like any training error.
  std::function<void(int seedIndex, const ExampleScorer& score)> onTrained;
};

}  // namespace pwb::train
