// bench_train: seconds per training step of each method on the demo model (batch 8, SST-2 K=16 examples
// rendered with "{s} it was [MASK] ."), and the fraction of the matmul-bound limit that this is.
// The limit: the step's matmul FLOPs (forward 2*params*tokens + attention, backward 2x forward when weight
// gradients are needed, 1x when only input gradients are: frozen methods) divided by this machine's measured
// fp32 matmul rate at the same thread count.
// Usage: bench_train [steps per method (default 10)] [threads (default all)]
#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "common/blas_tuning.h"
#include "model/masked_lm.h"
#include "tokenize/tokenizer.h"
#include "train/method.h"
#include "train/method_registry.h"
#include "train/task_builder.h"
#include "train/trainer.h"

using namespace pwb::train;
using Clock = std::chrono::steady_clock;

static double seconds(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

static double matmulGflops() {
  auto a = torch::randn({768, 768}), b = torch::randn({768, 3072});
  for (int i = 0; i < 3; ++i) (void)a.matmul(b);
  const int reps = 20;
  const auto t = Clock::now();
  for (int i = 0; i < reps; ++i) (void)a.matmul(b);
  return 2.0 * 768 * 768 * 3072 * reps / seconds(t) / 1e9;
}

int main(int argc, char** argv) {
  const int steps = argc > 1 ? std::max(2, std::atoi(argv[1])) : 10;
  const int threads = argc > 2 ? std::atoi(argv[2]) : 0;
  pwb::model::setComputeThreads(threads);
  const std::string res = PWB_RESOURCES_DIR;
  TrainRequest req;
  req.modelDir = res + "/demo-bert-mini";
  req.trainPath = res + "/data/sst2/stsa.binary.train";
  req.testPath = res + "/data/sst2/stsa.binary.dev";
  req.verbalizer = "0=terrible;1=great";
  auto tok = pwb::tokenize::loadTokenizer(req.modelDir);
  auto model = pwb::model::MaskedLM::load(req.modelDir);
  const auto& cfg = model->config();
  const double peak = matmulGflops();
  std::printf(
      "demo-bert-mini: %lld layers, hidden %lld; threads %d; fp32 matmul %.0f GFLOP/s (OpenBLAS %s)\n",
      static_cast<long long>(cfg.numLayers), static_cast<long long>(cfg.hiddenSize), at::get_num_threads(),
      peak, pwb::common::blasCoreName().c_str());
  std::printf("%-14s %10s %10s %12s %10s\n", "method", "s/step", "tokens", "GFLOP/step", "of limit");
  std::vector<torch::Tensor> pristine;
  for (auto& p : model->parameters()) pristine.push_back(p.detach().clone());
  for (const auto& d : methodRegistry()) {
    req.method = d.name;
    TaskBuilder task(req, *tok, d.slotKind);
    auto examples = task.encodeAll(task.sample(13).train);
    {
      torch::NoGradGuard g;
      auto ps = model->parameters();
      for (size_t i = 0; i < ps.size(); ++i) ps[i].copy_(pristine[i]);
    }
    MethodContext ctx;
    ctx.model = model.get();
    ctx.tokenizer = tok.get();
    ctx.labelTokenIds = task.labelTokenIds();
    ctx.options = req.options;
    ctx.maskTokenId = tok->special().maskId;
    ctx.unkTokenId = tok->special().unkId;
    torch::manual_seed(13);
    auto method = d.create(ctx);
    for (auto& ex : examples) method->adaptInput(ex.prompt);
    double tokens = 0;
    for (const auto& ex : examples) tokens += (method->usesPrompt() ? ex.prompt : ex.plain).ids.size();
    tokens = tokens / examples.size() * 8;  // per batch of 8 (padding not counted)
    TrainerConfig tc;
    tc.steps = 1;  // warm-up step (allocations)
    tc.batchSize = 8;
    tc.evalEvery = 0;
    tc.lr = 1e-5;
    trainMethod(*model, *method, examples, {}, tc, {}, nullptr);
    tc.steps = steps;
    const auto t = Clock::now();
    trainMethod(*model, *method, examples, {}, tc, {}, nullptr);
    const double perStep = seconds(t) / steps;
    // Matmul FLOPs of one forward pass over `tokens` tokens.
    const double h = static_cast<double>(cfg.hiddenSize), ffn = static_cast<double>(cfg.intermediateSize);
    const double seq = tokens / 8;
    double fwd = cfg.numLayers * (2 * tokens * (4 * h * h + 2 * h * ffn) + 2 * 2 * tokens * seq * h);
    if (d.name == "p-tuning-v2") fwd += cfg.numLayers * 2 * 2 * tokens * req.options.prefixLength * h;
    const double total = method->trainsModel() ? 3 * fwd : 2 * fwd;
    std::printf("%-14s %10.3f %10.0f %12.2f %9.0f%%\n", d.name.c_str(), perStep, tokens, total / 1e9,
                100.0 * total / 1e9 / perStep / peak);
  }
  return 0;
}
