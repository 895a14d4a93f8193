#pragma once
// Where the time of a training step goes (bench_train --profile). The trainer fills it only when
// TrainerConfig::profile points at one, so a normal run pays a single null-pointer test per phase.
// Torch-free.
#include <array>
#include <cstddef>

namespace pwb::train {

struct StepProfile {
  enum Phase : size_t {
    Data,       // building the batch tensors (collate, targets, demonstrations drawn afresh)
    Forward,    // method.loss(): the model forward, label-word logits and the loss
    Backward,   // loss.backward()
    HostSync,   // reading the loss back to the host (loss.item())
    ZeroGrad,   // optimizer.zero_grad()
    Clip,       // gradient-norm clipping (one norm per tensor and a host read of the total)
    Optimizer,  // the learning-rate update and the AdamW step
    Other,      // the rest of the loop (checks, callbacks, evaluation is not included: see below)
    Count
  };
  static constexpr std::array<const char*, Count> kNames = {"data",      "forward", "backward",  "host sync",
                                                            "zero_grad", "clip",    "optimizer", "other"};
  // Seconds per phase summed over `steps` steps. Dev evaluation is not counted (it is not part of a step).
  std::array<double, Count> seconds{};
  int steps = 0;
};

}  // namespace pwb::train
