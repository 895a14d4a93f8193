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
// Usage: bench_train [--steps N (default 10)] [--threads N (default all)] [--rounds N (default 1)]
//                    [--profile] [--compare | --libtorch-adamw | --bf16] [--only METHOD] [--dump-batches DIR]
//                    [--trace DIR]
//        (or the older positional form: bench_train [steps] [threads])
// --profile: per method, where one step's time goes (TrainerConfig::profile: batch building, forward,
//   backward, the host read of the loss, zero_grad, clipping, optimizer), in ms and % of the step.
// --compare: each method timed twice in a row, with LibTorch's AdamW::step + clip_grad_norm_ ("torch")
//   and with the fused pass (train/fused_adamw.h, "fused", the default); --libtorch-adamw: only the former.
// --bf16: each method timed twice in a row, in fp32 ("fp32") and with the model's bf16 matmuls
//   (MaskedLM::setBf16Matmuls, what `pwb train --bf16` does on the CPU: "bf16"); the bf16 row's "of limit"
//   is against the measured bf16 matmul rate (printed in the header), its "x fp32" the speed-up.
// --rounds N: repeats the whole measurement N times (ratios between runs on a loaded machine are only
//   meaningful within one process, round by round).
// --dump-batches DIR: writes DIR/<method>.json with the exact token ids of every timed step's batch, the
//   label-word ids and the settings, for the eager PyTorch reference (tests/bench/eager_train_step.py).
// --trace DIR: writes DIR/<method>.trace, LibTorch's per-operator trace of the timed steps (chrome://tracing
//   format; tests/bench/trace_ops.py sums it per operator).
#include <torch/csrc/autograd/profiler_legacy.h>
#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "common/allocator_tuning.h"
#include "common/blas_tuning.h"
#include "model/masked_lm.h"
#include "tokenize/tokenizer.h"
#include "train/batch_order.h"
#include "train/method.h"
#include "train/method_registry.h"
#include "train/task_builder.h"
#include "train/trainer.h"

using namespace pwb::train;
using Clock = std::chrono::steady_clock;

static double seconds(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// The batches trainMethod draws for `steps` steps (seed 0, batch 8: BatchOrder is deterministic), as
// token rows, for the eager reference.
static void dumpBatches(const std::string& path, const MethodDescription& d, const Method& method,
                        const std::vector<TaskExample>& examples, const MethodContext& ctx,
                        const TrainerConfig& tc) {
  nlohmann::json j;
  j["method"] = d.name;
  j["label_token_ids"] = ctx.labelTokenIds;
  j["pad_id"] = tc.padId;
  j["lr"] = tc.lr;
  j["weight_decay"] = tc.weightDecay;
  j["max_grad_norm"] = tc.maxGradNorm;
  j["num_soft_tokens"] = ctx.options.numSoftTokens;
  j["prefix_length"] = ctx.options.prefixLength;
  j["encoder"] = ctx.options.encoder;  // P-tuning v1's prompt encoder
  j["encoder_hidden_size"] =
      ctx.options.encoderHiddenSize > 0 ? ctx.options.encoderHiddenSize : ctx.model->config().hiddenSize;
  j["joint_tuning"] = ctx.options.jointTuning;
  j["cls_head"] = ctx.options.clsHead;  // fine-tune's head
  j["classifier_dropout"] = ctx.model->config().classifierDropout;
  j["trains_model"] = method.trainsModel();
  j["num_labels"] = ctx.numLabels;
  BatchOrder order(examples.size(), tc.seed);
  for (int s = 0; s < tc.steps; ++s) {
    nlohmann::json b;
    for (size_t i : order.next(static_cast<size_t>(tc.batchSize))) {
      const auto& in = method.usesPrompt() ? examples[i].prompt : examples[i].plain;
      b["ids"].push_back(in.ids);
      b["type_ids"].push_back(in.typeIds);
      b["slot_ids"].push_back(in.slotIds);
      b["mask_pos"].push_back(in.maskPos);
      b["labels"].push_back(examples[i].label);
    }
    j["batches"].push_back(b);
  }
  std::ofstream(path) << j.dump() << "\n";
}

// GFLOP/s of a 768 x 768 x 3072 product at this thread count: fp32 (OpenBLAS), or bf16 (LibTorch's bf16 mm:
// oneDNN, as the bf16 matmuls use).
static double matmulGflops(torch::ScalarType dtype) {
  auto a = torch::randn({768, 768}).to(dtype), b = torch::randn({768, 3072}).to(dtype);
  for (int i = 0; i < 3; ++i) (void)a.matmul(b);
  const int reps = 20;
  const auto t = Clock::now();
  for (int i = 0; i < reps; ++i) (void)a.matmul(b);
  return 2.0 * 768 * 768 * 3072 * reps / seconds(t) / 1e9;
}

int main(int argc, char** argv) {
  pwb::common::keepFreedMemoryForReuse();  // as pwb and the GUI run
  int steps = 10, threads = 0, positional = 0, rounds = 1;
  bool profile = false, compare = false, libtorchAdam = false, bf16 = false;
  std::string only, dumpDir, traceDir;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if ((a == "--steps" || a == "--threads" || a == "--rounds") && i + 1 < argc) {
      (a == "--steps" ? steps : a == "--threads" ? threads : rounds) = std::atoi(argv[++i]);
    } else if (a == "--only" && i + 1 < argc) {
      only = argv[++i];
    } else if (a == "--dump-batches" && i + 1 < argc) {
      dumpDir = argv[++i];
    } else if (a == "--trace" && i + 1 < argc) {
      traceDir = argv[++i];
    } else if (a == "--profile") {
      profile = true;
    } else if (a == "--compare") {
      compare = true;
    } else if (a == "--bf16") {
      bf16 = true;
    } else if (a == "--libtorch-adamw") {
      libtorchAdam = true;
    } else if (a == "--help" || a == "-h") {
      std::printf(
          "Usage: bench_train [--steps N (default 10)] [--threads N (default all cores)] [--rounds N]\n"
          "                   [--profile] [--compare | --libtorch-adamw | --bf16] [--only METHOD]\n"
          "                   [--dump-batches DIR] [--trace DIR]\n");
      return 0;
    } else if (!a.empty() && a[0] != '-' && positional < 2) {
      (positional++ == 0 ? steps : threads) = std::atoi(a.c_str());
    } else {
      std::fprintf(stderr, "bench_train: unknown argument '%s' (see --help)\n", a.c_str());
      return 2;
    }
  }
  if (bf16 && (compare || libtorchAdam)) {
    std::fprintf(stderr,
                 "bench_train: --bf16 times fp32 and bf16 with the fused AdamW; not with --compare\n");
    return 2;
  }
  steps = std::max(1, steps);
  rounds = std::max(1, rounds);
  // The profiler and the batch dump write into these folders; create them so a new folder name works.
  for (const std::string* dir : {&dumpDir, &traceDir}) {
    std::error_code ec;
    if (!dir->empty() && !std::filesystem::is_directory(*dir) &&
        !std::filesystem::create_directories(*dir, ec)) {
      std::fprintf(stderr, "bench_train: cannot create folder '%s': %s\n", dir->c_str(),
                   ec.message().c_str());
      return 2;
    }
  }
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
  const double peak = matmulGflops(torch::kFloat);
  std::printf(
      "demo-bert-mini: %lld layers, hidden %lld; threads %d; fp32 matmul %.0f GFLOP/s (OpenBLAS %s)\n",
      static_cast<long long>(cfg.numLayers), static_cast<long long>(cfg.hiddenSize), at::get_num_threads(),
      peak, pwb::common::blasCoreName().c_str());
  const double peakBf16 = bf16 ? matmulGflops(torch::kBFloat16) : 0.0;
  if (bf16) std::printf("bf16 matmul %.0f GFLOP/s (oneDNN)\n", peakBf16);
  std::printf(
      "steps per method %d; matmul FLOPs per step: all weights 3 Flin + 3 Fatt, frozen model "
      "2 Flin + 3 Fatt (forward Flin + Fatt; see the source)\n",
      steps);
  std::vector<torch::Tensor> pristine;
  for (auto& p : model->parameters()) pristine.push_back(p.detach().clone());
  for (int round = 1; round <= rounds; ++round) {
    if (rounds > 1) std::printf("round %d\n", round);
    std::printf("%-20s %10s %10s %12s %10s%s\n", "method", "s/step", "tokens", "GFLOP/step", "of limit",
                bf16 ? "    x fp32" : "");
    std::vector<std::pair<std::string, StepProfile>> profiles;
    for (const auto& d : methodRegistry()) {
      if (!only.empty() && d.name != only) continue;
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
      if (!dumpDir.empty() && round == 1)
        dumpBatches(dumpDir + "/" + d.name + ".json", d, *method, examples, ctx, tc);
      // Matmul FLOPs of one forward pass over `tokens` tokens.
      const double h = static_cast<double>(cfg.hiddenSize), ffn = static_cast<double>(cfg.intermediateSize);
      const double seq = tokens / 8;
      const double prefix = d.name == "p-tuning-v2" ? req.options.prefixLength : 0;
      const double flin = cfg.numLayers * 2 * tokens * (4 * h * h + 2 * h * ffn);
      const double fatt = cfg.numLayers * 2 * 2 * tokens * (seq + prefix) * h;
      const double total = method->trainsModel() ? 3 * flin + 3 * fatt : 2 * flin + 3 * fatt;
      // --compare: LibTorch's AdamW + clip_grad_norm_, then the fused pass, back to back. --bf16: fp32 then
      // bf16 matmuls, both with the fused pass.
      struct Variant {
        bool fused, bf16;
        std::string suffix;
      };
      std::vector<Variant> variants;
      if (compare)
        variants = {{false, false, " torch"}, {true, false, " fused"}};
      else if (bf16)
        variants = {{true, false, " fp32"}, {true, true, " bf16"}};
      else
        variants = {{!libtorchAdam, false, ""}};
      double fp32Step = 0;
      for (const auto& v : variants) {
        tc.fusedAdamW = v.fused;
        model->setBf16Matmuls(v.bf16);
        if (v.bf16) {  // a warm-up step: oneDNN builds its kernels on first use
          TrainerConfig warm = tc;
          warm.steps = 1;
          warm.profile = nullptr;
          trainMethod(*model, *method, examples, {}, warm, {}, nullptr);
        }
        const std::string label = d.name + v.suffix;
        StepProfile prof;
        tc.profile = profile ? &prof : nullptr;
        std::unique_ptr<torch::autograd::profiler::RecordProfile> trace;
        if (!traceDir.empty())
          trace = std::make_unique<torch::autograd::profiler::RecordProfile>(
              traceDir + "/" + d.name + (v.suffix.empty() ? "" : "-" + v.suffix.substr(1)) + ".trace");
        const auto t = Clock::now();
        trainMethod(*model, *method, examples, {}, tc, {}, nullptr);
        const double perStep = seconds(t) / steps;
        trace.reset();
        if (profile) profiles.emplace_back(label, prof);
        std::printf("%-20s %10.3f %10.0f %12.2f %9.0f%%", label.c_str(), perStep, tokens, total / 1e9,
                    100.0 * total / 1e9 / perStep / (v.bf16 ? peakBf16 : peak));
        if (v.bf16) std::printf(" %8.2fx", fp32Step / perStep);
        std::printf("\n");
        if (!v.bf16) fp32Step = perStep;
        std::fflush(stdout);
      }
      model->setBf16Matmuls(false);
    }
    if (profile) {
      // One line per method: ms per step in each phase, then its share of the profiled step.
      std::printf("profile (ms per step, %% of the step's profiled time)\n%-20s", "method");
      for (const char* name : StepProfile::kNames) std::printf(" %15s", name);
      std::printf(" %9s\n", "step ms");
      for (const auto& [name, p] : profiles) {
        double sum = 0;
        for (double s : p.seconds) sum += s;
        std::printf("%-20s", name.c_str());
        for (double s : p.seconds) {
          char cell[32];
          std::snprintf(cell, sizeof cell, "%.1f (%.0f%%)", 1e3 * s / p.steps, 100.0 * s / sum);
          std::printf(" %15s", cell);
        }
        std::printf(" %9.1f\n", 1e3 * sum / p.steps);
      }
    }
  }
  return 0;
}
