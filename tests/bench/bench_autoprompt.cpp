// bench_autoprompt: AutoPrompt's search time per seed on the demo model (SST-2, K = 16), and what it finds:
// per seed the template, its training loss, its zero-shot accuracy on that seed's K-shot dev split through
// the ordinary evaluation path (the written-back hard template, re-tokenized), next to the manual template's.
// With --test, also the zero-shot test accuracy of both. Numbers for SEARCH.md / the README.
//   bench_autoprompt [--steps N] [--candidates K] [--seeds 13,21,42,87,100] [--threads N] [--test]
//                    [--template T] [--verbalizer V]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "data/dataset_import.h"
#include "data/kshot_sampler.h"
#include "eval/eval_session.h"
#include "search/autoprompt.h"

using Clock = std::chrono::steady_clock;

namespace {

double zeroShot(pwb::eval::EvalSession& s, const pwb::data::Dataset& d, const std::string& tpl,
                const std::string& verbalizer) {
  pwb::eval::GridRequest g;
  g.runs = {pwb::eval::EvalRun{"", d}};
  g.templates = {tpl};
  g.verbalizers = {verbalizer};
  g.keepExamples = false;
  return s.runGrid(g).cells[0][0].accuracy.mean;
}

// CPU seconds of this process (user + system): on a shared machine wall time measures the load too.
double cpuSeconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string root = PWB_RESOURCES_DIR;
  pwb::search::SearchRequest r;
  r.templateText = "{s} [T*3] [MASK] .";
  r.verbalizerText = "1=great;0=terrible";
  r.autoprompt.steps = 50;
  std::vector<uint64_t> seeds = {13, 21, 42, 87, 100};
  int threads = 1;
  bool test = false;
  const std::string manual = "{s} it was [MASK] .";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--steps")
      r.autoprompt.steps = std::stoi(next());
    else if (a == "--candidates")
      r.autoprompt.candidates = std::stoi(next());
    else if (a == "--threads")
      threads = std::stoi(next());
    else if (a == "--template")
      r.templateText = next();
    else if (a == "--verbalizer")
      r.verbalizerText = next();
    else if (a == "--test")
      test = true;
    else if (a == "--seeds") {
      seeds.clear();
      std::string s = next();
      for (size_t p = 0; p < s.size();) {
        const size_t c = s.find(',', p);
        seeds.push_back(std::stoull(s.substr(p, c - p)));
        p = c == std::string::npos ? s.size() : c + 1;
      }
    } else {
      std::fprintf(stderr, "unknown option %s\n", a.c_str());
      return 2;
    }
  }
  try {
    pwb::eval::EvalSession session(root + "/demo-bert-mini",
                                   pwb::eval::SessionOptions{"cpu", threads, false});
    const auto trainSet = pwb::data::importDataset(root + "/data/sst2/stsa.binary.train");
    pwb::data::Dataset testSet;
    if (test) testSet = pwb::data::importDataset(root + "/data/sst2/stsa.binary.test");
    std::printf("template %s, verbalizer %s, %d steps, %d candidates, batch %d, %d thread(s)\n",
                r.templateText.c_str(), r.verbalizerText.c_str(), r.autoprompt.steps, r.autoprompt.candidates,
                r.autoprompt.batchSize, threads);
    for (const uint64_t seed : seeds) {
      const auto split = pwb::data::sampleKShot(trainSet, 16, seed);
      const auto t0 = Clock::now();
      const double c0 = cpuSeconds();
      int64_t steps = 0;
      const auto found = pwb::search::autoPromptSearch(
          session, r, split, seed,
          [&](const pwb::search::SearchProgress& p, const std::vector<pwb::search::TemplateCandidate>&) {
            steps = p.done;
          },
          nullptr);
      const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
      const double cpu = cpuSeconds() - c0;
      if (found.empty()) {
        std::printf("seed %llu: %lld steps, %.1f s wall, %.1f s CPU, nothing found\n",
                    static_cast<unsigned long long>(seed), static_cast<long long>(steps), secs, cpu);
        continue;
      }
      const auto& best = found.back();
      std::printf(
          "seed %llu: %lld steps, %.1f s wall, %.1f s CPU, %zu candidates, best %s (%s, train loss %.4f): "
          "dev %.1f (manual %.1f)",
          static_cast<unsigned long long>(seed), static_cast<long long>(steps), secs, cpu, found.size(),
          best.templateText.c_str(), best.origin.c_str(), best.searchScore,
          100 * zeroShot(session, split.dev, best.templateText, r.verbalizerText),
          100 * zeroShot(session, split.dev, manual, r.verbalizerText));
      if (test) {
        std::printf(", test %.1f (manual %.1f)",
                    100 * zeroShot(session, testSet, best.templateText, r.verbalizerText),
                    100 * zeroShot(session, testSet, manual, r.verbalizerText));
      }
      std::printf("\n");
      std::fflush(stdout);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_autoprompt: %s\n", e.what());
    return 1;
  }
  return 0;
}
