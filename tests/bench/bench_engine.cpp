// bench_engine: the native masked-LM engine's speed against the machine's matmul limit.
// Prints measured fp32/bf16 matmul GFLOP/s, zero-shot scoring throughput (batch 32, 40 tokens, MLM logits
// at the mask only) for demo-bert-mini and a random-weight BERT-base shape, analytic FLOPs per example,
// the fraction of the matmul-bound limit, the bf16 path's speed and accuracy on the demo zero-shot cell,
// model load time and peak RSS. First it prints the CPU's matrix features (avx2, avx512f, avx512_bf16,
// amx_bf16, amx_tile from /proc/cpuinfo), which decide whether bf16 is faster or slower than fp32 here.
//   bench_engine [--threads N] [--quick]
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <numeric>
#include <string>

#include "common/allocator_tuning.h"
#include "common/blas_tuning.h"
#include "common/text_file.h"
#include "model/masked_lm.h"
#include "model/padded_batch.h"
#include "tokenize/tokenizer.h"

using pwb::model::EncoderInput;
using pwb::model::MaskedLM;
using pwb::model::ModelConfig;
using Clock = std::chrono::steady_clock;

namespace {

double seconds(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

double peakRssMb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024.0;
}

// Best-of-reps GFLOP/s of an [m,k] x [k,n] product.
double matmulGflops(int64_t m, int64_t k, int64_t n, torch::ScalarType dt, int reps) {
  auto a = torch::randn({m, k}).to(dt), b = torch::randn({k, n}).to(dt), c = torch::empty({m, n}, dt);
  at::mm_out(c, a, b);
  double best = 1e30;
  for (int r = 0; r < reps; ++r) {
    const auto t0 = Clock::now();
    at::mm_out(c, a, b);
    best = std::min(best, seconds(t0));
  }
  return 2.0 * m * k * n / best / 1e9;
}

// Analytic FLOPs (multiply-add = 2) of one example of T tokens with K label words at one mask.
double flopsPerExample(const ModelConfig& c, double T, int K) {
  const double H = c.hiddenSize, I = c.intermediateSize;
  const double perLayer = 2 * T * H * H * 4     // Q, K, V, output projections
                          + 2 * T * H * I * 2   // FFN up and down
                          + 2 * T * T * H * 2;  // scores and context
  const double head = 2 * H * H + 2 * H * K;    // transform at the mask + K decoder rows
  return c.numLayers * perLayer + head;
}

struct Throughput {
  double examplesPerSec = 0;
  double gflops = 0;
};

// Batches of `batch` examples of T tokens ([CLS] random words ... [MASK] . [SEP]); K label words.
Throughput scoring(MaskedLM& model, int64_t batch, int64_t T, int iters) {
  const auto& c = model.config();
  torch::InferenceMode im;
  auto ids = torch::randint(10, std::min<int64_t>(c.vocabSize, 1000), {batch, T}, torch::kLong);
  const int64_t maskPos = T - 3;
  ids.select(1, 0).fill_(2);
  ids.select(1, maskPos).fill_(4);
  EncoderInput in;
  in.inputIds = ids;
  in.attentionMask = torch::ones_like(ids);
  const auto words = torch::tensor({100, 200}, torch::kLong);
  const auto rows = torch::arange(batch), pos = torch::full({batch}, maskPos, torch::kLong);
  auto step = [&] {
    const auto h = model.encode(in);
    return model.mlmLogitsFor(MaskedLM::gatherPositions(h, rows, pos), words);
  };
  step();
  step();
  double best = 1e30;
  for (int i = 0; i < iters; ++i) {
    const auto t0 = Clock::now();
    step();
    best = std::min(best, seconds(t0));
  }
  Throughput t;
  t.examplesPerSec = batch / best;
  t.gflops = t.examplesPerSec * flopsPerExample(c, double(T), 2) / 1e9;
  return t;
}

// The CPU's matrix features from /proc/cpuinfo's flags: bf16 speed depends on them (oneDNN runs bf16 GEMMs
// on AMX tiles where present; with avx512_bf16 alone Debian's LibTorch 1.13 runs bf16 at about 0.57x
// fp32, measured on such a CPU; without avx512_bf16 bf16 is converted in software).
struct CpuFeatures {
  std::string model = "unknown CPU";
  bool avx2 = false, avx512f = false, avx512bf16 = false, amxBf16 = false, amxTile = false;
};

CpuFeatures cpuFeatures() {
  CpuFeatures f;
  std::ifstream in("/proc/cpuinfo");
  bool flagsSeen = false, modelSeen = false;
  for (std::string line; std::getline(in, line) && !(flagsSeen && modelSeen);) {
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    const std::string key = line.substr(0, line.find_last_not_of(" \t", colon - 1) + 1);
    const std::string value = colon + 2 <= line.size() ? line.substr(colon + 2) : "";
    if (key == "model name" && !modelSeen) {
      f.model = value;
      modelSeen = true;
    } else if (key == "flags" && !flagsSeen) {
      const std::string flags = " " + value + " ";
      auto has = [&](const char* flag) {
        return flags.find(std::string(" ") + flag + " ") != std::string::npos;
      };
      f.avx2 = has("avx2");
      f.avx512f = has("avx512f");
      f.avx512bf16 = has("avx512_bf16");
      f.amxBf16 = has("amx_bf16");
      f.amxTile = has("amx_tile");
      flagsSeen = true;
    }
  }
  return f;
}

const char* yesNo(bool b) {
  return b ? "yes" : "no";
}

// What the bf16 rows below are expected to show on this CPU.
const char* bf16Expectation(const CpuFeatures& f) {
  if (f.amxBf16 && f.amxTile)
    return "AMX present: oneDNN's bf16 GEMMs use AMX tiles, bf16 is expected faster than fp32";
  if (f.avx512bf16)
    return "avx512_bf16 without AMX: bf16 is expected slower than fp32 (about 0.57x with Debian's LibTorch)";
  return "no avx512_bf16: bf16 is converted in software and expected much slower than fp32";
}

struct ZeroShot {
  double accuracy = 0, examplesPerSec = 0, gflops = 0;
};

// The demo table's cell `{s} it was [MASK] . | great/terrible` on the SST-2 test set, length-sorted batches.
ZeroShot zeroShot(MaskedLM& model, const pwb::tokenize::Tokenizer& tok) {
  std::ifstream in(std::string(PWB_RESOURCES_DIR) + "/data/sst2/stsa.binary.test");
  struct Ex {
    int label;
    std::vector<int64_t> ids, types;
    int64_t mask;
  };
  std::vector<Ex> ex;
  for (std::string line; std::getline(in, line);) {
    if (line.size() < 3) continue;
    const auto enc = tok.encode(line.substr(2) + " it was [MASK] .");
    const int64_t m = std::find(enc.ids.begin(), enc.ids.end(), tok.special().maskId) - enc.ids.begin();
    ex.push_back({line[0] - '0', enc.ids, enc.typeIds, m});
  }
  std::vector<size_t> order(ex.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return ex[a].ids.size() < ex[b].ids.size(); });
  const auto words = torch::tensor({tok.tokenToId("great"), tok.tokenToId("terrible")}, torch::kLong);
  torch::InferenceMode im;
  int correct = 0;
  double flops = 0;
  const auto t0 = Clock::now();
  for (size_t s = 0; s < order.size(); s += 32) {
    std::vector<const std::vector<int64_t>*> rows, types;
    std::vector<int64_t> maskPos;
    const size_t e = std::min(order.size(), s + 32);
    for (size_t i = s; i < e; ++i) {
      rows.push_back(&ex[order[i]].ids);
      types.push_back(&ex[order[i]].types);
      maskPos.push_back(ex[order[i]].mask);
      flops += flopsPerExample(model.config(), double(ex[order[i]].ids.size()), 2);
    }
    const auto h = model.encode(pwb::model::padBatch(rows, tok.special().padId, types));
    const auto pos = torch::tensor(maskPos, torch::kLong);
    const auto logits =
        model.mlmLogitsFor(MaskedLM::gatherPositions(h, torch::arange(pos.size(0)), pos), words);
    const auto pred = logits.select(1, 0).gt(logits.select(1, 1)).contiguous();
    for (size_t i = s; i < e; ++i) correct += int(pred[int64_t(i - s)].item<bool>()) == ex[order[i]].label;
  }
  const double secs = seconds(t0);
  return {double(correct) / ex.size(), ex.size() / secs, flops / secs / 1e9};
}

}  // namespace

int main(int argc, char** argv) {
  pwb::common::keepFreedMemoryForReuse();  // as pwb and the GUI run
  int threads = 2;
  bool quick = false;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--threads") && i + 1 < argc)
      threads = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--quick"))
      quick = true;
  }
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // figures appear as they are measured
  pwb::model::setComputeThreads(threads);
  std::printf("bench_engine: LibTorch %s, %d threads, OpenBLAS kernels %s\n", TORCH_VERSION,
              at::get_num_threads(), pwb::common::blasCoreName().c_str());
  const CpuFeatures cpu = cpuFeatures();
  std::printf("CPU: %s\nmatrix features: avx2 %s, avx512f %s, avx512_bf16 %s, amx_bf16 %s, amx_tile %s\n",
              cpu.model.c_str(), yesNo(cpu.avx2), yesNo(cpu.avx512f), yesNo(cpu.avx512bf16),
              yesNo(cpu.amxBf16), yesNo(cpu.amxTile));
  std::printf("bf16 on this CPU: %s\n", bf16Expectation(cpu));
  try {
    // Matmul limit.
    const int reps = quick ? 3 : 8;
    const double mmDemo = matmulGflops(1280, 384, 1536, torch::kFloat, reps);
    const double mmBase = matmulGflops(1280, 768, 3072, torch::kFloat, reps);
    const double mm768 = matmulGflops(768, 768, 3072, torch::kFloat, reps);
    const double mmBig = matmulGflops(2048, 1024, 4096, torch::kFloat, reps);
    const double peak = std::max({mmDemo, mmBase, mm768, mmBig});
    std::printf("\nfp32 matmul GFLOP/s (best of %d):\n", reps);
    std::printf("  1280x384 @ 384x1536    %8.1f   (demo FFN, batch 32 x 40 tokens)\n", mmDemo);
    std::printf("  768x768 @ 768x3072     %8.1f\n", mm768);
    std::printf("  1280x768 @ 768x3072    %8.1f   (BERT-base FFN, batch 32 x 40 tokens)\n", mmBase);
    std::printf("  2048x1024 @ 1024x4096  %8.1f\n", mmBig);
    std::printf("  matmul limit used below: %.1f GFLOP/s\n", peak);
    if (peak < 50) std::printf("  WARNING: matmul is absurdly slow: is libopenblas0-openmp installed?\n");
    const double bfMm = matmulGflops(1280, 768, 3072, torch::kBFloat16, reps);
    std::printf("  bf16 1280x768 @ 768x3072 %6.1f GFLOP/s (oneDNN)\n", bfMm);

    // Demo model.
    const std::string demo = std::string(PWB_RESOURCES_DIR) + "/demo-bert-mini";
    auto t0 = Clock::now();
    auto model = MaskedLM::load(demo);
    const double loadFirst = seconds(t0);
    t0 = Clock::now();
    model = MaskedLM::load(demo);
    const double loadWarm = seconds(t0);
    std::printf("\ndemo-bert-mini load: %.3f s (first), %.3f s (warm cache)\n", loadFirst, loadWarm);

    const int64_t B = 32, T = 40;
    const auto& dc = model->config();
    const double demoFlops = flopsPerExample(dc, T, 2);
    const auto d32 = scoring(*model, B, T, quick ? 3 : 10);
    std::printf("\nzero-shot scoring, batch %lld x %lld tokens, logits of 2 label words at the mask:\n",
                (long long)B, (long long)T);
    std::printf("  %-28s %10s %12s %10s %10s\n", "model", "ex/s", "GFLOP/ex", "GFLOP/s", "of limit");
    auto row = [&](const char* name, const Throughput& t, double fl, double lim) {
      std::printf("  %-28s %10.1f %12.4f %10.1f %9.1f%%\n", name, t.examplesPerSec, fl / 1e9, t.gflops,
                  100.0 * t.gflops / lim);
    };
    row("demo-bert-mini fp32", d32, demoFlops, peak);

    pwb::model::LoadOptions bf;
    bf.bf16 = true;
    auto modelBf = MaskedLM::load(demo, bf);
    const auto d16 = scoring(*modelBf, B, T, quick ? 3 : 10);
    row("demo-bert-mini bf16", d16, demoFlops, bfMm);

    auto base = MaskedLM::randomInit(ModelConfig::bertBase());
    const double baseFlops = flopsPerExample(base->config(), T, 2);
    const auto b32 = scoring(*base, B, T, quick ? 2 : 4);
    row("BERT-base shape fp32", b32, baseFlops, peak);
    base->moveTo(torch::kCPU, torch::kBFloat16);
    const auto b16 = scoring(*base, B, T, quick ? 2 : 4);
    row("BERT-base shape bf16", b16, baseFlops, bfMm);
    base.reset();
    std::printf(
        "  (bf16 rows: fraction of the measured bf16 matmul speed; PyTorch eager fp32 reference: ~200 ex/s "
        "demo, ~32 ex/s base)\n");

    // The demo table cell, fp32 and bf16.
    auto tok = pwb::tokenize::loadTokenizer(demo);
    const auto z32 = zeroShot(*model, *tok);
    const auto z16 = zeroShot(*modelBf, *tok);
    const double ref =
        pwb::readJsonFile(demo + "/demo_eval.json")["zero_shot"]["{s} it was [MASK] . | great/terrible"];
    std::printf(
        "\nSST-2 test (1,821), {s} it was [MASK] . | great/terrible (reference %.2f %%), length-sorted "
        "batches of 32:\n",
        100 * ref);
    std::printf("  fp32: %.2f %%  %7.1f ex/s  %6.1f GFLOP/s (%.1f%% of limit)\n", 100 * z32.accuracy,
                z32.examplesPerSec, z32.gflops, 100 * z32.gflops / peak);
    std::printf("  bf16: %.2f %%  %7.1f ex/s  %6.1f GFLOP/s\n", 100 * z16.accuracy, z16.examplesPerSec,
                z16.gflops);
    std::printf("  bf16 / fp32 speed: %.2fx, accuracy change %+.2f points (%s, amx_bf16 %s)\n",
                z16.examplesPerSec / z32.examplesPerSec, 100 * (z16.accuracy - z32.accuracy),
                cpu.avx512bf16 ? "avx512_bf16" : "no avx512_bf16", yesNo(cpu.amxBf16));
    std::printf("\npeak RSS: %.0f MB\n", peakRssMb());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_engine: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
