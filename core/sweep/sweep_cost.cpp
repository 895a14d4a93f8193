#include "sweep/sweep_cost.h"

#include <mutex>
#include <nlohmann/json.hpp>

#include "common/text_file.h"

namespace pwb::sweep {
namespace {

// A step's matmul work relative to the demo model (6 layers, hidden 384) the figures were measured on:
// layers x hidden^2 from the model's config.json (the FFN is 4 x hidden in BERT/RoBERTa configs, so it
// scales the same way). 1 when the config cannot be read (the demo model itself, or a missing folder).
double modelScale(const std::string& modelDir) {
  static std::mutex mutex;
  static std::map<std::string, double> cache;
  std::lock_guard<std::mutex> lock(mutex);
  if (auto it = cache.find(modelDir); it != cache.end()) return it->second;
  double scale = 1.0;
  try {
    const auto config = readJsonFile(joinPath(modelDir, "config.json"), size_t(1) << 20);
    const double layers = config.value("num_hidden_layers", 6.0), hidden = config.value("hidden_size", 384.0);
    if (layers > 0 && hidden > 0) scale = layers * hidden * hidden / (6.0 * 384.0 * 384.0);
  } catch (const std::exception&) {
    scale = 1.0;
  }
  cache[modelDir] = scale;
  return scale;
}

}  // namespace

// The one place for the cost figures of `pwb sweep plan`; a sweep file overrides them per method with
// "seconds_per_step" (e.g. for a cluster's GPUs).
//  - Seconds per training step, demo model (6 layers, hidden 384), batch 8, 1 CPU thread:
//    `build/bench/bench_train --steps 5 --threads 1`, measured 2026-12-07 on the 2-core build machine
//    while other builds ran (load average ~8): prompt-ft 0.986, prompt-tuning 0.550, p-tuning 0.761,
//    p-tuning-v2 0.498, fine-tune 0.861 s/step. Under that load these are upper bounds; rerun the bench
//    on a quiet machine and put its figures here.
//  - Scoring rate for dev/test evaluation: `build/bench/bench_engine` (README, Benchmarks): SST-2
//    zero-shot with the demo model, fp32, 2 threads, idle machine: 237.9 examples/s.
const CostFigures& builtinCostFigures() {
  static const CostFigures figures = {
      {{"prompt-ft", 0.986},
       {"prompt-tuning", 0.550},
       {"p-tuning", 0.761},
       {"p-tuning-v2", 0.498},
       {"fine-tune", 0.861}},
      237.9,
      "bench_train --steps 5 --threads 1 (demo model, batch 8, 1 thread, under load) "
      "and bench_engine (237.9 ex/s scoring); see core/sweep/sweep_cost.cpp"};
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
  const double scale = s.contains("model") ? modelScale(s["model"].get<std::string>()) : 1.0;
  cost.trainSeconds = perStep * scale * request.steps * (request.batchSize * request.gradAccum / 8.0);
  // Dev: K per class (2 classes assumed: the file is not read) every eval-every steps and at the end; test
  // once.
  const int devEvals = (request.evalEvery > 0 ? request.steps / request.evalEvery : 0) + 1;
  const double devExamples = 2.0 * request.k * devEvals;
  if (figures.evalExamplesPerSecond > 0)
    cost.evalSeconds =
        scale * (devExamples + static_cast<double>(testExamples)) / figures.evalExamplesPerSecond;
  return cost;
}

}  // namespace pwb::sweep
