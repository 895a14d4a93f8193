#pragma once
// What a training run reports back: one record per seed and the summary over the finished seeds.
// Torch-free (the GUI shows it).
#include <cstdint>
#include <string>
#include <vector>

#include "eval/metrics.h"

namespace pwb::train {

enum class RunStatus { Finished, Cancelled, Failed };
const char* statusName(RunStatus status);  // "finished" | "cancelled" | "failed"

struct SeedResult {
  int64_t seed = 0;
  RunStatus status = RunStatus::Finished;
  std::string message;           // why it was cancelled/failed; empty when finished
  bool hasTestAccuracy = false;  // false when cancelled or failed before the test evaluation
  double testAccuracy = 0.0;     // fraction in [0, 1]
  int testUnpredicted = 0;       // test examples with NaN/inf class logits: no prediction, counted wrong
  double bestDevAccuracy = 0.0;
  int bestStep = 0;  // step of the kept checkpoint (0 = none evaluated)
  double lr = 0.0;   // the learning rate / batch size used (the grid's best when a grid ran)
  int batchSize = 0;
  // Accuracy of the PVP on the seed's K-shot training split before any training step (the method as
  // created, before a resumed state is loaded): PET's ensemble weight for this run. Only for methods that
  // score through the verbalizer; hasTrainAccuracyBefore is false for the [CLS]-head methods.
  bool hasTrainAccuracyBefore = false;
  double trainAccuracyBefore = 0.0;
  int stepsDone = 0;
  std::vector<float> losses;                     // training loss per optimizer step
  std::vector<std::pair<int, double>> devCurve;  // (step, dev accuracy)
  double seconds = 0.0;                          // wall time of this seed, training and evaluation
  std::string statePath;                         // where the trained state was saved ("" = not saved)
  std::string runId;                             // run-store id when recorded ("" = not recorded)
  // A regression run (TrainRequest::task): bestDevAccuracy and devCurve hold dev Pearson instead of
  // accuracy, hasTestAccuracy stays false and the test metrics are these (NaN when undefined).
  bool regression = false;
  bool hasTestRegression = false;
  double testPearson = 0.0;
  double testSpearman = 0.0;
  double testMse = 0.0;
  // A multi-label run (TrainRequest::task "multilabel"): bestDevAccuracy and devCurve hold dev micro-F1,
  // hasTestAccuracy stays false and the test metrics are these, at `threshold` (chosen on dev or fixed).
  bool multilabel = false;
  bool hasTestMultiLabel = false;
  double testMicroF1 = 0.0;
  double testMacroF1 = 0.0;
  double testSubsetAccuracy = 0.0;
  double threshold = 0.0;
};

struct TrainResult {
  std::string method;
  std::vector<SeedResult> seeds;
  // Over seeds[i].testAccuracy of those that have one (mean, both stds, median); for a regression run over
  // their testPearson, for a multi-label run over their testMicroF1.
  eval::RunSummary summary;
  RunStatus status = RunStatus::Finished;  // Failed/Cancelled when any seed was
  std::string message;
  double seconds = 0.0;
  std::string device;  // the resolved device, e.g. "cpu"
};

}  // namespace pwb::train
