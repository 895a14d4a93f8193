#include "sweep/sweep_cost.h"

namespace pwb::sweep {

// The one place for the cost figures of `pwb sweep plan`. Replace them with this machine's numbers from
// the commands named in `source` (or per sweep with "seconds_per_step").
const CostFigures& builtinCostFigures() {
  static const CostFigures figures = {{{"prompt-ft", 0.15},
                                       {"prompt-tuning", 0.15},
                                       {"p-tuning", 0.15},
                                       {"p-tuning-v2", 0.15},
                                       {"fine-tune", 0.15}},
                                      237.9,
                                      "README"};
  return figures;
}

TaskCost estimateTask(const SweepTask& task, const SweepSpec& spec, int64_t testExamples) {
  const auto& s = task.settings;
  const std::string method = s.value("method", std::string("prompt-ft"));
  const auto request = taskRequest(s, false);  // the preset's steps/batch/eval period included
  const auto& figures = builtinCostFigures();
  double perStep = 0;
  if (auto it = spec.secondsPerStep.find(method); it != spec.secondsPerStep.end()) {
    perStep = it->second;
  } else if (auto f = figures.secondsPerStep.find(method); f != figures.secondsPerStep.end()) {
    perStep = f->second;
  }
  TaskCost cost;
  // A step's matmuls grow linearly with the examples it sees (batch x gradient accumulation); the figures
  // are for batch 8.
  cost.trainSeconds = perStep * request.steps * (request.batchSize * request.gradAccum / 8.0);
  // Dev: K per class (2 classes assumed: the file is not read) every eval-every steps and at the end; test
  // once.
  const int devEvals = (request.evalEvery > 0 ? request.steps / request.evalEvery : 0) + 1;
  const double devExamples = 2.0 * request.k * devEvals;
  if (figures.evalExamplesPerSecond > 0)
    cost.evalSeconds = (devExamples + static_cast<double>(testExamples)) / figures.evalExamplesPerSecond;
  return cost;
}

}  // namespace pwb::sweep
