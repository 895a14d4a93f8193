#pragma once
// The cost estimate of `pwb sweep plan`: seconds per training step per method (bench_train figures, kept
// in sweep_cost.cpp with the command that measured them) x steps x batch/8 x the model's size relative to
// the demo model (layers x hidden^2 from config.json), plus the evaluations (dev every eval-every steps,
// test once) at the measured examples per second, scaled the same way. Torch-free.
#include <map>
#include <string>
#include <vector>

#include "sweep/sweep_expand.h"
#include "sweep/sweep_spec.h"

namespace pwb::sweep {

struct CostFigures {
  std::map<std::string, double> secondsPerStep;  // method -> s/step at batch 8, demo model
  double evalExamplesPerSecond = 0;              // forward-only scoring rate
  std::string source;                            // where the figures come from (bench + command)
};
const CostFigures& builtinCostFigures();

struct TaskCost {
  double trainSeconds = 0, evalSeconds = 0;
  double total() const { return trainSeconds + evalSeconds; }
};

// `testExamples`: rows of the test file (0 = unknown: the test evaluation is not counted).
TaskCost estimateTask(const SweepTask& task, const SweepSpec& spec, int64_t testExamples = 0);

}  // namespace pwb::sweep
