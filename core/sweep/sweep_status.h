#pragma once
// The state of every task of a sweep, from its markers and run file, optionally corrected by what a
// scheduler knows (sweep/slurm fills SchedulerStates from squeue/scontrol/sacct). Torch-free.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "sweep/sweep_dir.h"

namespace pwb::sweep {

enum class TaskState { Pending, Running, Done, Failed, Cancelled };
std::string taskStateName(TaskState state);  // "pending", "running", "done", "failed", "cancelled"

// What a scheduler says about one task (index -> state). Only what it knows: a task it does not list is
// judged from its markers alone.
struct SchedulerTaskState {
  TaskState state = TaskState::Pending;
  std::string job;     // e.g. "1234_7"
  std::string detail;  // the scheduler's own word, e.g. "TIMEOUT", "NODE_FAIL", "PENDING (Resources)"
};
using SchedulerStates = std::map<int64_t, SchedulerTaskState>;

// Scheduler back-ends (the Slurm code) register a provider once at start-up; querySchedulers() asks every
// provider and merges their answers (a later provider wins for the same index). A provider that cannot
// reach its scheduler returns an empty map (the markers then decide) -- it must not throw for that.
using SchedulerStateProvider = std::function<SchedulerStates(const SweepDir&)>;
void addSchedulerStateProvider(SchedulerStateProvider provider);
SchedulerStates querySchedulers(const SweepDir& dir);

struct TaskStatus {
  int64_t index = 0;
  std::string key;
  TaskState state = TaskState::Pending;
  std::string job;
  std::string detail;        // why failed/cancelled, or the scheduler's word
  double seconds = 0;        // from the exit marker
  bool collectable = false;  // done (and so its run file exists)
};

// Rules (first that holds):
//  1. an exit marker decides: exit code 0 -> done (failed when the run file is missing); status
//     "cancelled" -> cancelled; else failed;
//  2. the scheduler's state for the task, when it has one (a task the scheduler ended without an exit
//     marker -- killed, timed out, node failure -- shows as the scheduler says: cancelled or failed);
//  3. a start marker: running, unless it names this host and its process is gone (failed: "process N
//     ended without an exit marker");
//  4. pending.
std::vector<TaskStatus> sweepStatus(const SweepDir& dir, const SchedulerStates& scheduler = {});

struct StatusCounts {
  int64_t pending = 0, running = 0, done = 0, failed = 0, cancelled = 0;
};
StatusCounts countStates(const std::vector<TaskStatus>& statuses);

}  // namespace pwb::sweep
