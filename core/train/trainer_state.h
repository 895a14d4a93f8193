#pragma once
// Everything the training loop needs, beyond the weights, to continue a run exactly where it stopped:
// the step reached (= the learning-rate schedule's position), AdamW's per-tensor moments and step counts,
// the batch order's permutation, position and generator, torch's default CPU generator (dropout), the
// losses and dev curve so far, and the best-dev snapshot with its bookkeeping. A run stopped after step k
// (TrainerConfig::stopAfterStep) and continued from this state gives, on the CPU, the same losses and
// weights bit for bit as the run that never stopped. On CUDA the CUDA generator (dropout there) is not
// saved, so a resumed CUDA run continues with other dropout masks.
//
// On disk, beside a training-state folder's method.json / method.safetensors / model.safetensors (the
// current weights, method_state.h), in the same formats:
//   trainer.json          {"format":"pwb-trainer-state","version":1,"step","total_steps","lr","batch_size",
//                          "grad_accum","seed","warmup_steps","losses","dev_curve","best_dev_accuracy",
//                          "best_step","evals_without_gain","tensors":[names],"adam_steps":[per name],
//                          "batch_order":{"order","pos","rng" (16 hex digits)}}
//   trainer.safetensors   adam.exp_avg.<name>, adam.exp_avg_sq.<name>, best.<name> (the best-dev
//                         snapshot, when there is one), rng.torch_cpu (the generator's bytes, as F32 0..255)
#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "train/batch_order.h"

namespace pwb::train {

struct TrainerState {
  int step = 0;  // steps done; the resumed run starts at step + 1
  // The run's settings: a resumed run must use the same ones (its schedule and batches depend on them).
  int totalSteps = 0;
  double lr = 0.0;
  int batchSize = 0;
  int gradAccum = 1;
  uint64_t seed = 0;
  int warmupSteps = 0;
  std::vector<float> losses;
  std::vector<std::pair<int, double>> devCurve;
  double bestDevAccuracy = -1.0;
  int bestStep = 0;
  int evalsWithoutGain = 0;
  // The trainable tensors, in the trainer's order (trainableTensors()), and per tensor:
  std::vector<std::string> names;
  std::vector<int64_t> adamSteps;               // 0 = AdamW has no state for it yet
  std::vector<torch::Tensor> expAvg, expAvgSq;  // CPU fp32 (undefined where adamSteps is 0)
  std::vector<torch::Tensor> best;              // best-dev snapshot; empty when there is none
  BatchOrderState order;
  torch::Tensor cpuGenerator;  // uint8, torch's default CPU generator (get_state())
};

// Writes trainer.json and trainer.safetensors into dir (which must exist).
void saveTrainerState(const std::string& dir, const TrainerState& state);
bool hasTrainerState(const std::string& dir);  // dir holds trainer.json
// Reads and checks both files; throws pwb::Error naming the file and key.
TrainerState loadTrainerState(const std::string& dir);
// Removes a folder's trainer files (a final state saved over a stopped one must not look resumable).
void removeTrainerState(const std::string& dir);

}  // namespace pwb::train
