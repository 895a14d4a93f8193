// Plays a trainer for test_store_crash: creates a run in the project given on the command line, marks it
// running and appends one "loss" row every 20 ms, printing "step <n> <time>" after each append so the test
// knows how far it got when it kills this process with SIGKILL. Exits normally after `seconds`.
#include <chrono>
#include <cstdio>
#include <exception>
#include <string>
#include <thread>

#include "store/records.h"
#include "store/run_store.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: store_crash_helper PROJECT.sqlite [seconds]\n");
    return 2;
  }
  try {
    const double seconds = argc > 2 ? std::stod(argv[2]) : 3.0;
    pwb::store::RunStore store(argv[1]);
    pwb::store::RunRecord run;
    run.name = "crash";
    run.method = "prompt-ft";
    run.config = {{"method", "prompt-ft"}, {"seed", 13}};
    run.seed = 13;
    const int64_t id = store.createRun(run);
    store.setStatus(id, pwb::store::RunStatus::Running);
    std::printf("run %lld\n", static_cast<long long>(id));
    std::fflush(stdout);
    const double start = pwb::store::nowSeconds();
    for (int64_t step = 0; pwb::store::nowSeconds() - start < seconds; ++step) {
      store.appendMetric(id, step, "loss", 1.0 / static_cast<double>(step + 1));
      std::printf("step %lld %.6f\n", static_cast<long long>(step), pwb::store::nowSeconds());
      std::fflush(stdout);
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    store.finishRun(id, pwb::store::RunStatus::Finished);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "store_crash_helper: %s\n", e.what());
    return 1;
  }
}
