#include "train/lr_schedule.h"

#include <algorithm>

namespace pwb::train {

double linearScheduleFactor(int step, int total, int warmupSteps) {
  if (step < warmupSteps) return static_cast<double>(step) / std::max(1, warmupSteps);
  return std::max(0.0, static_cast<double>(total - step) / std::max(1, total - warmupSteps));
}

}  // namespace pwb::train
