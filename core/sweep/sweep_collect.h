#pragma once
// Merging the finished tasks' run files into the project file (SWEEPS.md "Collect"). Torch-free.
#include <cstdint>
#include <functional>
#include <string>

#include "sweep/sweep_dir.h"

namespace pwb::store {
class RunStore;
}

namespace pwb::sweep {

struct CollectOptions {
  // Test hooks, both inside the transaction: throw after this many runs were copied (-1 = never), and a
  // call after each copied run with the number copied so far (a test ends the process there: a crash).
  int64_t failAfterRuns = -1;
  std::function<void(int64_t runsAdded)> afterRun;
};

struct CollectSummary {
  int64_t tasksDone = 0;     // done tasks looked at
  int64_t runsAdded = 0;     // runs copied into the project
  int64_t runsPresent = 0;   // runs the project already had (same uid): not copied again
  int64_t tasksNotDone = 0;  // pending/running/failed/cancelled: not collected
};

// Copies every run of every done task's run file (run, metrics, evaluations with predictions, artifacts)
// into `project`, in ONE transaction: on any error nothing is added. A run whose uid the project already
// has is skipped, so collecting twice adds nothing. Data sets, models, templates and verbalizers are
// mapped by content (RunStore::save* return the existing row). A task file from a newer schema is refused
// naming the file. The run keeps its uid, times, host, status and job (the exit marker's job fills an
// empty one).
CollectSummary collectSweep(const SweepDir& dir, store::RunStore& project,
                            const CollectOptions& options = {});

// The same for one run file (used by collectSweep; `job` fills runs without one).
void collectRunFile(const std::string& runFile, store::RunStore& project, CollectSummary& summary,
                    const std::string& job = "", const CollectOptions& options = {});

}  // namespace pwb::sweep
