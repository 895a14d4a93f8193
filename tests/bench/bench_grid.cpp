// Grid evaluation throughput on demo-bert-mini and the SST-2 test set, and what the encoding reuse buys:
// one template x 5 verbalizers as a grid (one forward pass per example, then 5 cheap scorings) against
// the same 5 cells evaluated one by one (5 forward passes per example).
// Usage: bench_grid [examples (default 1821)] [threads (default 2)] [batch (default 64)]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "data/dataset_import.h"
#include "eval/eval_session.h"

using namespace pwb::eval;

namespace {

double since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const size_t limit = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 1821;
    const int threads = argc > 2 ? std::atoi(argv[2]) : 2;
    const int batch = argc > 3 ? std::atoi(argv[3]) : 64;
    const std::string model = std::string(PWB_RESOURCES_DIR) + "/demo-bert-mini";
    const auto data =
        pwb::data::importDataset(std::string(PWB_RESOURCES_DIR) + "/data/sst2/stsa.binary.test");
    const std::vector<std::string> templates{"{s} it was [MASK] .", "{s} a [MASK] movie .", "[MASK] ! {s}",
                                             "{s} all in all , it was [MASK] ."};
    const std::vector<std::string> verbalizers{"1=great;0=terrible", "1=good;0=bad", "1=cat;0=dog",
                                               "1=dog;0=cat", "1=terrible;0=great"};
    auto t0 = std::chrono::steady_clock::now();
    EvalSession session(model, {"cpu", threads, false});
    std::printf("model load: %.2f s (once per session)\n", since(t0));
    const size_t n = std::min(limit, data.examples.size());
    std::printf("examples: %zu, threads: %d, batch: %d\n\n", n, threads, batch);

    GridRequest one;
    one.runs.push_back({"", data});
    one.templates = {templates[0]};
    one.verbalizers = verbalizers;
    one.limit = limit;
    one.options.batchSize = batch;
    one.keepExamples = false;
    t0 = std::chrono::steady_clock::now();
    const auto reuse = session.runGrid(one);
    const double reuseSeconds = since(t0);
    std::printf(
        "1 template x 5 verbalizers as one grid: %.2f s (encode %.2f s for %lld forward passes, "
        "score %.3f s for %lld example-cells)\n",
        reuseSeconds, reuse.timing.encodeSeconds, static_cast<long long>(reuse.timing.encodedExamples),
        reuse.timing.scoreSeconds, static_cast<long long>(reuse.timing.scoredCells));

    t0 = std::chrono::steady_clock::now();
    int64_t passes = 0;
    for (const auto& v : verbalizers) {
      GridRequest single = one;
      single.verbalizers = {v};
      passes += session.runGrid(single).timing.encodedExamples;
    }
    const double separateSeconds = since(t0);
    std::printf("the same 5 cells one by one:            %.2f s (%lld forward passes)\n", separateSeconds,
                static_cast<long long>(passes));
    std::printf(
        "encoding reuse speed-up: %.2fx; one extra verbalizer costs %.1f ms vs %.1f ms for a cell alone\n\n",
        separateSeconds / reuseSeconds, 1000 * reuse.timing.scoreSeconds / verbalizers.size(),
        1000 * separateSeconds / verbalizers.size());

    GridRequest full = one;
    full.templates = templates;
    t0 = std::chrono::steady_clock::now();
    const auto grid = session.runGrid(full);
    const double gridSeconds = since(t0);
    const double cells = static_cast<double>(n) * templates.size() * verbalizers.size();
    std::printf("grid %zu templates x %zu verbalizers on %zu examples: %.2f s\n", templates.size(),
                verbalizers.size(), n, gridSeconds);
    std::printf("  throughput: %.0f example-cells/s, %.0f forward passes/s (encode %.2f s, score %.3f s)\n",
                cells / gridSeconds, grid.timing.encodedExamples / grid.timing.encodeSeconds,
                grid.timing.encodeSeconds, grid.timing.scoreSeconds);
    std::printf("  accuracy of {s} it was [MASK] . | great/terrible: %.1f %%\n",
                100 * grid.cells[0][0].accuracy.mean);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_grid: %s\n", e.what());
    return 1;
  }
}
