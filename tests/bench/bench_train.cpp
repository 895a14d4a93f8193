// bench_train: seconds per training step of each method on the demo model (batch 8, SST-2 K=16 examples
// rendered with "{s} it was [MASK] ."), and the fraction of the matmul-bound limit that this is.
// The limit: the step's matmul FLOPs divided by this machine's measured fp32 matmul rate at the same thread
// count. FLOPs of one step over n real tokens (padding not counted: it is waste the limit does not allow
// for), sequences of mean length s, L layers, hidden h, FFN width f, P prefix keys (P-tuning v2, else 0):
//   linear  Flin = L * 2n(4h^2 + 2hf)        Q, K, V, output projection and the two FFN GEMMs
//   attn    Fatt = L * 2 * 2n(s + P)h        QK^T and (softmax)V
// Backward of a GEMM Y = XW costs one GEMM for dX and one for dW. All-weights methods (prompt-ft,
// fine-tune, joint p-tuning) need both:  step = 3 Flin + 3 Fatt  (the usual "3x forward").
// Frozen-model methods need no weight gradients, but the gradient still flows back through every layer's
// activations to the soft tokens / prefixes, so each linear GEMM costs one more (dX) and the attention
// GEMMs, whose two operands are both activations, two more:  step = 2 Flin + 3 Fatt  (~2x forward).
// The MLM head at [MASK] (label-word columns only), the [CLS] head and P-tuning's prompt encoder are
// left out (under 1% here).
// Usage: bench_train [--steps N (default 10)] [--threads N (default all)]
//        (or the older positional form: bench_train [steps] [threads])
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
  int steps = 10, threads = 0, positional = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if ((a == "--steps" || a == "--threads") && i + 1 < argc) {
      (a == "--steps" ? steps : threads) = std::atoi(argv[++i]);
    } else if (a == "--help" || a == "-h") {
      std::printf("Usage: bench_train [--steps N (default 10)] [--threads N (default all cores)]\n");
      return 0;
    } else if (!a.empty() && a[0] != '-' && positional < 2) {
      (positional++ == 0 ? steps : threads) = std::atoi(a.c_str());
    } else {
      std::fprintf(stderr, "bench_train: unknown argument '%s' (see --help)\n", a.c_str());
      return 2;
    }
  }
  steps = std::max(1, steps);
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
  std::printf(
      "steps per method %d; matmul FLOPs per step: all weights 3 Flin + 3 Fatt, frozen model "
      "2 Flin + 3 Fatt (forward Flin + Fatt; see the source)\n",
      steps);
  std::printf("%-14s %10s %10s %12s %10s\n", "method", "s/step", "tokens", "GFLOP/step", "of limit");
  std::vector<torch::Tensor> pristine;
  for (auto& p : model->parameters()) pristine.push_back(p.detach().clone());
  for (const auto& d : methodRegistry()) {
    req.method = d.name;
    TaskBuilder task(req, *tok, d.slotKind, static_cast<int>(cfg.usableTokens()));
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
    const double prefix = d.name == "p-tuning-v2" ? req.options.prefixLength : 0;
    const double flin = cfg.numLayers * 2 * tokens * (4 * h * h + 2 * h * ffn);
    const double fatt = cfg.numLayers * 2 * 2 * tokens * (seq + prefix) * h;
    const double total = method->trainsModel() ? 3 * flin + 3 * fatt : 2 * flin + 3 * fatt;
    std::printf("%-14s %10.3f %10.0f %12.2f %9.0f%%\n", d.name.c_str(), perStep, tokens, total / 1e9,
                100.0 * total / 1e9 / perStep / peak);
  }
  return 0;
}
