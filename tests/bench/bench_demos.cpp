// What in-context demonstrations cost at evaluation (issue 14): demo-bert-mini on SST-2 test sentences,
// the zero-shot prompt against the same prompt with one demonstration per class, averaged over N sets
// (random and similar sampling; LM-BFF's default N = 16), from the K = 16 train split of seed 13. Every set
// is one more forward pass of a longer input (query + 2 demonstrations), run in batches with the others.
// Similar includes the sentence embeddings of pool and queries (computed once, then read from the cache).
// Usage: bench_demos [examples (default 200)] [threads (default 2)] [batch (default 64)] [sets (default 16)]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "data/dataset_import.h"
#include "data/kshot_sampler.h"
#include "eval/eval_session.h"

using namespace pwb::eval;

namespace {

double since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const size_t limit = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 200;
    const int threads = argc > 2 ? std::atoi(argv[2]) : 2;
    const int batch = argc > 3 ? std::atoi(argv[3]) : 64;
    const int sets = argc > 4 ? std::atoi(argv[4]) : 16;
    const std::string res = PWB_RESOURCES_DIR;
    const auto test = pwb::data::importDataset(res + "/data/sst2/stsa.binary.test");
    const auto train = pwb::data::importDataset(res + "/data/sst2/stsa.binary.train");
    EvalSession session(res + "/demo-bert-mini", {"cpu", threads, false});
    const size_t n = std::min(limit, test.examples.size());
    std::printf("demo-bert-mini, %zu SST-2 test sentences, %d threads, batch %d sequences\n\n", n, threads,
                batch);

    EvalRequest zero;
    zero.data = test;
    zero.templateText = "{s} it was [MASK] .";
    zero.verbalizerText = "1=great;0=terrible";
    zero.options.batchSize = batch;
    zero.limit = limit;
    session.evaluate(zero);  // warm-up: first allocations, thread pool
    auto t0 = std::chrono::steady_clock::now();
    const auto z = session.evaluate(zero);
    const double zs = since(t0);
    std::printf("zero-shot, no demonstrations:        %8.1f examples/s  (%.2f s, accuracy %.1f %%)\n", n / zs,
                zs, 100 * z.metrics.accuracy);

    for (auto sampling : {pwb::data::DemoSampling::Random, pwb::data::DemoSampling::Similar}) {
      EvalRequest demo = zero;
      demo.templateText = "{s} it was [MASK] . [DEMOS]{s} it was [LABEL] .[/DEMOS]";
      demo.demos.sampling = sampling;
      demo.demos.sets = sets;
      demo.demoPool = pwb::data::sampleKShot(train, 16, 13).train;
      demo.demoSeed = 13;
      t0 = std::chrono::steady_clock::now();
      const auto d = session.evaluate(demo);
      const double ds = since(t0);
      std::printf(
          "%-8s demonstrations, %2d sets:       %8.1f examples/s  (%.2f s, %.0f forward passes/s, "
          "accuracy %.1f %%) -> %.1fx the zero-shot time\n",
          pwb::data::demoSamplingName(sampling), sets, n / ds, ds, n * sets / ds, 100 * d.metrics.accuracy,
          ds / zs);
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_demos: %s\n", e.what());
    return 1;
  }
}
