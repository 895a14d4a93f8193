// bench_sweep: the sweep machinery itself, without training.
//  - expansion of a 10,000-run grid (2 methods x 10 lr x 5 batch x 10 steps x 10 seeds): parse, expand,
//    task keys and the per-run request check; then a random sweep drawing 10,000 runs of a 200,000-run
//    grid (enumerated and shuffled) and 1,000 runs of a 5,000,000-run grid (drawn run by run);
//  - collect of 1,000 task run files (each: one finished run, 250 loss + 50 dev-accuracy metric points, a
//    test evaluation with 100 predictions, one 4 KiB inline artifact) into a new project in one
//    transaction, then the second collect (nothing to add).
// Usage: bench_sweep [--files N (default 1000)]
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <string>

#include "store/run_store.h"
#include "sweep/sweep_collect.h"
#include "sweep/sweep_expand.h"
#include "sweep/sweep_spec.h"

using namespace pwb::sweep;
using namespace pwb::store;

namespace {

double secondsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::string list(int n, double scale) {
  std::string out;
  for (int i = 1; i <= n; ++i) out += (i > 1 ? "," : "") + std::to_string(i * scale);
  return out;
}

std::string intList(int n) {
  std::string out;
  for (int i = 1; i <= n; ++i) out += (i > 1 ? "," : "") + std::to_string(i);
  return out;
}

void timeExpansion(const std::string& what, const std::string& text) {
  const auto t0 = std::chrono::steady_clock::now();
  const SweepSpec spec = parseSweepText(text, "bench.json");
  const auto tasks = expandSweep(spec);
  const double s = secondsSince(t0);
  std::printf("%-58s %8zu runs  %7.3f s  (%.1f us/run)\n", what.c_str(), tasks.size(), s,
              1e6 * s / tasks.size());
}

void writeTaskFile(const std::string& path, int index) {
  RunStore st(path);
  RunRecord r;
  r.method = index % 2 ? "prompt-ft" : "p-tuning-v2";
  r.config = {{"lr", 1e-5 * (1 + index % 10)}, {"seed", index}};
  r.seed = index;
  r.modelId = st.saveModel({0, "demo", "/models/demo", "cfg", 0});
  r.templateId = st.saveTemplate({0, "t", "{s} it was [MASK] .", 0});
  r.verbalizerId = st.saveVerbalizer({0, "v", "0=terrible;1=great", 0});
  const int64_t id = st.createRun(r);
  std::vector<MetricPoint> loss, dev;
  for (int step = 1; step <= 250; ++step) loss.push_back({step, 1.0 / step, 1.0 * step});
  for (int step = 5; step <= 250; step += 5) dev.push_back({step, 0.5, 1.0 * step});
  st.importMetrics(id, "loss", loss);
  st.importMetrics(id, "dev_accuracy", dev);
  EvaluationRecord e;
  e.runId = id;
  e.split = "test";
  e.labels = {"0", "1"};
  e.accuracy = 0.5;
  e.n = 100;
  for (int i = 0; i < 100; ++i)
    e.predictions.push_back({i, "", std::string(i % 2 ? "1" : "0"), "0", {0.7, 0.3}});
  st.saveEvaluation(e);
  ArtifactRecord a;
  a.runId = id;
  a.kind = "prompt-embeddings";
  a.data.assign(4096, static_cast<uint8_t>(index));
  st.saveArtifact(a);
  st.finishRun(id, RunStatus::Finished, {{"test_accuracy", 0.5}});
}

}  // namespace

int main(int argc, char** argv) {
  try {
    int files = 1000;
    for (int i = 1; i < argc; ++i) {
      const std::string a = argv[i];
      if (a == "--files" && i + 1 < argc) {
        files = std::atoi(argv[++i]);
      } else {
        std::printf("Usage: bench_sweep [--files N (default 1000)]\n");
        return a == "--help" ? 0 : 2;
      }
    }
    const std::string fixed = R"("fixed": {"train": "/d/train.tsv", "test": "/d/test.tsv", "model": "/m"})";
    timeExpansion("grid 2 methods x 10 lr x 5 batch x 10 steps x 10 seeds",
                  "{" + fixed + R"(, "axes": {"method": ["prompt-ft", "fine-tune"], "lr": [)" +
                      list(10, 1e-5) + "], \"batch\": [" + intList(5) + "], \"steps\": [" + intList(10) +
                      "], \"seed\": [" + intList(10) + "]}}");
    // Without a seed axis every run has pwb train's 5 seeds: x5.
    timeExpansion("random 10,000 of 200,000 (enumerated, shuffled)",
                  R"({"mode": "random", "count": 10000, "seed": 1, )" + fixed + R"(, "axes": {"lr": [)" +
                      list(4, 1e-5) + "], \"batch\": [" + intList(100) + "], \"steps\": [" + intList(100) +
                      "]}}");
    timeExpansion("random 1,000 of 5,000,000 (drawn run by run)",
                  R"({"mode": "random", "count": 1000, "seed": 1, )" + fixed + R"(, "axes": {"lr": [)" +
                      list(100, 1e-5) + "], \"batch\": [" + intList(100) + "], \"steps\": [" + intList(100) +
                      "]}}");

    char tmpl[] = "/tmp/bench_sweep_XXXXXX";
    const char* tmp = mkdtemp(tmpl);
    if (!tmp) throw std::runtime_error("mkdtemp failed");
    std::string spec = "{" + fixed + R"(, "axes": {"seed": [)" + intList(files) + "]}}";
    const SweepSpec s = parseSweepText(spec, "bench.json");
    const auto tasks = expandSweep(s);
    const SweepDir dir = prepareSweepDir(s, tasks, std::string(tmp) + "/sweep");
    auto t0 = std::chrono::steady_clock::now();
    for (const auto& t : tasks) {
      writeTaskFile(dir.runFile(t.index), static_cast<int>(t.index));
      ExitMarker m;
      m.status = "finished";
      dir.writeExit(t.index, m);
    }
    std::printf("writing %d task files (setup, not the figure)                  %7.3f s\n", files,
                secondsSince(t0));
    RunStore project(std::string(tmp) + "/project.sqlite");
    t0 = std::chrono::steady_clock::now();
    const auto c = collectSweep(dir, project);
    const double first = secondsSince(t0);
    std::printf("collect %d task files: %lld runs added                       %7.3f s  (%.2f ms/file)\n",
                files, static_cast<long long>(c.runsAdded), first, 1e3 * first / files);
    t0 = std::chrono::steady_clock::now();
    const auto again = collectSweep(dir, project);
    const double second = secondsSince(t0);
    std::printf("collect again: %lld added, %lld already there                     %7.3f s\n",
                static_cast<long long>(again.runsAdded), static_cast<long long>(again.runsPresent), second);
    std::filesystem::remove_all(tmp);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_sweep: %s\n", e.what());
    return 1;
  }
}
