// bench_store: how fast the run store takes step metrics and aggregates runs.
//  - 100,000 metric rows through MetricWriter (the trainer's path), timed to the last commit (target < 1 s);
//  - the same through RunStore::appendMetric with 10 keys per step, as a trainer logging several scalars;
//  - reading one key of a 100,000-row run back (the GUI's loss curve);
//  - groupRuns over 1,000 finished runs (200 configurations x 5 seeds), value from the results JSON and,
//    separately, from each run's test evaluation.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "store/aggregate.h"
#include "store/run_store.h"

using namespace pwb::store;

namespace {

double secondsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

int64_t newRun(RunStore& s, const std::string& method, const nlohmann::json& config, int64_t seed) {
  RunRecord r;
  r.method = method;
  r.config = config;
  r.config["seed"] = seed;
  r.seed = seed;
  return s.createRun(r);
}

}  // namespace

int main() {
  try {
    char tmpl[] = "/tmp/bench_store_XXXXXX";
    const char* dir = mkdtemp(tmpl);
    if (!dir) {
      std::perror("mkdtemp");
      return 1;
    }
    const std::string db = std::string(dir) + "/bench.sqlite";
    constexpr int64_t kRows = 100000;

    RunStore store(db);
    const int64_t run = newRun(store, "prompt-ft", {{"lr", 1e-5}}, 13);
    store.setStatus(run, RunStatus::Running);
    {
      MetricWriter writer(db, run);
      const auto t0 = std::chrono::steady_clock::now();
      for (int64_t i = 0; i < kRows; ++i) writer.append(i, "loss", 1.0 / static_cast<double>(i + 1));
      writer.close();
      const double s = secondsSince(t0);
      std::printf("MetricWriter: %lld rows in %.3f s = %.0f rows/s (target: 100,000 rows < 1 s) %s\n",
                  static_cast<long long>(kRows), s, kRows / s, s < 1.0 ? "OK" : "SLOW");
    }
    {
      const int64_t run2 = newRun(store, "prompt-ft", {{"lr", 2e-5}}, 13);
      const auto t0 = std::chrono::steady_clock::now();
      for (int64_t step = 0; step < kRows / 10; ++step) {
        for (int k = 0; k < 10; ++k)
          store.appendMetric(run2, step, "metric_" + std::to_string(k), step * 0.5);
      }
      store.finishRun(run2, RunStatus::Finished);
      const double s = secondsSince(t0);
      std::printf("RunStore::appendMetric (10 keys/step): %lld rows in %.3f s = %.0f rows/s\n",
                  static_cast<long long>(kRows), s, kRows / s);
    }
    {
      const auto t0 = std::chrono::steady_clock::now();
      const auto points = store.runMetrics(run, "loss");
      const double s = secondsSince(t0);
      std::printf("runMetrics: %zu points read in %.3f s\n", points.size(), s);
    }

    const std::string aggDb = std::string(dir) + "/aggregate.sqlite";
    RunStore agg(aggDb);
    const auto t0 = std::chrono::steady_clock::now();
    for (int c = 0; c < 200; ++c) {
      const nlohmann::json config = {{"method", "prompt-ft"},
                                     {"lr", 1e-5 * (1 + c % 5)},
                                     {"batch_size", 2 << (c % 3)},
                                     {"template", c / 15},
                                     {"steps", 1000}};
      for (int64_t seed : {13, 21, 42, 87, 100}) {
        const int64_t id = newRun(agg, "prompt-ft", config, seed);
        EvaluationRecord e;
        e.runId = id;
        e.split = "test";
        e.accuracy = 0.5 + 0.001 * static_cast<double>((c * 7 + seed) % 100);
        e.n = 872;
        agg.saveEvaluation(e);
        agg.finishRun(id, RunStatus::Finished, {{"test_accuracy", e.accuracy}});
      }
    }
    std::printf("setup: 1,000 runs + evaluations written in %.3f s\n", secondsSince(t0));
    {
      const auto t1 = std::chrono::steady_clock::now();
      const auto groups = groupRuns(agg);
      std::printf("groupRuns (results JSON): %zu groups of %lld runs from 1,000 runs in %.4f s\n",
                  groups.size(), static_cast<long long>(groups.front().stats.n), secondsSince(t1));
    }
    {
      AggregateOptions opts;
      opts.metric = "test_n";  // not in results: read from each run's test evaluation
      const auto t1 = std::chrono::steady_clock::now();
      const auto groups = groupRuns(agg, opts);
      std::printf("groupRuns (from evaluations): %zu groups from 1,000 runs in %.4f s\n", groups.size(),
                  secondsSince(t1));
    }
    {
      const auto t1 = std::chrono::steady_clock::now();
      RunStore reopened(aggDb);
      std::printf("open + recovery check of a 1,000-run project: %.4f s\n", secondsSince(t1));
    }
    std::remove((std::string(dir) + "/bench.sqlite").c_str());
    std::remove(aggDb.c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_store: %s\n", e.what());
    return 1;
  }
}
