#pragma once
// Running sweep tasks on this machine: one task in this process (runSweepTask, what `pwb sweep task`
// does, locally or as a Slurm array task), or every pending task with N worker processes
// (runSweepLocally, what `pwb sweep run` does). Torch-free header.
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sweep/sweep_dir.h"
#include "sweep/sweep_status.h"
#include "train/train_callbacks.h"

namespace pwb::sweep {

struct TaskRunOptions {
  int threads = 0;                  // >0 overrides the task's "threads" setting
  std::string job;                  // the scheduler job; empty = jobFromEnvironment()
  train::TrainCallbacks callbacks;  // progress of the training
  const std::atomic<bool>* cancel = nullptr;
};

// Runs task `index` of DIR's plan into DIR/tasks/<index>.sqlite (a previous attempt's files are removed
// first), writes the start and exit markers, records the job on the run. Returns the exit marker (exit
// code 0 = finished). Errors of the task itself (bad data file, failed training) end up in the marker;
// an index outside the plan or an unreadable plan throws pwb::Error.
ExitMarker runSweepTask(const SweepDir& dir, int64_t index, const TaskRunOptions& options = {});

struct LocalRunOptions {
  std::string program;  // the pwb executable run as `program sweep task --dir DIR --index I --threads T`
  int workers = 1;      // parallel worker processes
  // 0 = the task's "threads" setting when it has one, else max(1, hardware threads / workers).
  int threadsPerWorker = 0;
  bool retryFailed = false;  // also run tasks that failed or were cancelled (default: only pending ones)
  std::function<void(int64_t index, const std::string& event)> onEvent;  // "started", "done", "failed ..."
  const std::atomic<bool>* cancel = nullptr;  // stops the workers (SIGTERM); their tasks read cancelled
};

struct LocalRunSummary {
  int64_t ran = 0, done = 0, failed = 0, cancelled = 0, skipped = 0;  // skipped: already done
};

// Runs every task that is not done (pending; with retryFailed also failed/cancelled) as child processes,
// at most `workers` at a time, lowest index first. A child that dies without writing its exit marker (a
// signal) gets one written by the runner (status cancelled for SIGTERM/SIGINT/SIGKILL, else failed).
LocalRunSummary runSweepLocally(const SweepDir& dir, const LocalRunOptions& options);

}  // namespace pwb::sweep
