#pragma once
// Linear warm-up then linear decay to 0, exactly as Hugging Face's get_linear_schedule_with_warmup
// (the schedule LM-BFF and PET train with). Torch-free.
namespace pwb::train {

// Multiplier of the peak learning rate for the optimizer step with 0-based index `step` of `total`.
double linearScheduleFactor(int step, int total, int warmupSteps);

}  // namespace pwb::train
