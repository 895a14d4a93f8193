#pragma once
// A sweep on Slurm: submitting its tasks as one array job, following them, cancelling and resubmitting
// them. Every submission is recorded in DIR/slurm/submissions.json (array job id, task indices, time,
// script), so `pwb sweep status` from another shell, days later, knows which job ran which task.
//
// Where the state of a task comes from (see slurmSchedulerStates): squeue while Slurm holds the task,
// scontrol while the controller remembers a finished task (MinJobAge, 5 minutes by default), sacct where the
// cluster keeps accounting. Many small clusters keep none (sacct: "accounting storage is disabled"); then a
// task Slurm has forgotten is judged from its own files (the exit marker the task writes, see sweep_dir.h),
// and one that left no marker counts as cancelled when `pwb sweep cancel` cancelled it, else failed.
// Torch-free, Qt-free.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sweep/slurm_command.h"
#include "sweep/slurm_script.h"
#include "sweep/sweep_dir.h"
#include "sweep/sweep_status.h"

namespace pwb::sweep {

// Runs a Slurm command; replaceable in tests. The default is runCommand with `timeoutSeconds`.
using SlurmRunner = std::function<CommandResult(const std::vector<std::string>& argv)>;
SlurmRunner defaultSlurmRunner(int timeoutSeconds = 60);

struct SlurmSubmission {
  std::string job;               // the array job id, "1234"
  std::vector<int64_t> indices;  // the sweep tasks it runs
  double time = 0;               // seconds since the epoch
  std::string script;            // the script file, relative to DIR ("slurm/1234.sbatch")
  std::string array;             // its --array value, "0-3%2"
};

struct SlurmCancellation {
  std::string job;               // "1234" or "1234_7"
  std::vector<int64_t> indices;  // the sweep tasks it cancelled
  double time = 0;
};

struct SlurmRecord {
  std::vector<SlurmSubmission> submissions;  // oldest first
  std::vector<SlurmCancellation> cancellations;
  // The latest submission that runs task `index`, or nullptr.
  const SlurmSubmission* latestFor(int64_t index) const;
  bool cancelledAfterSubmission(int64_t index) const;
};

std::string slurmRecordPath(const SweepDir& dir);  // DIR/slurm/submissions.json
// The record, empty when the sweep was never submitted; a damaged file throws pwb::Error naming it.
SlurmRecord readSlurmRecord(const SweepDir& dir);
void writeSlurmRecord(const SweepDir& dir, const SlurmRecord& record);

// True when sbatch is on PATH; else `why` says so and that `pwb sweep run` runs the sweep locally.
bool slurmAvailable(std::string* why = nullptr);

// Writes the script (DIR/slurm/<job>.sbatch), runs `sbatch --parsable` on it and records the submission.
// `program` is the absolute path of the pwb executable the tasks run. Throws pwb::Error with sbatch's own
// message when it refuses (a bad partition, account or time limit), or when sbatch is not installed.
SlurmSubmission submitToSlurm(const SweepDir& dir, const std::vector<int64_t>& indices,
                              const SlurmOptions& options, const std::string& program,
                              const SlurmRunner& run = defaultSlurmRunner());

// The tasks `pwb sweep submit` sends: every task that is pending and not queued or running in Slurm
// already (so submitting twice does not run a task twice; failed or cancelled tasks are resubmitted with
// `pwb sweep resubmit`).
std::vector<int64_t> tasksToSubmit(const std::vector<TaskStatus>& statuses);
// The tasks `pwb sweep resubmit` sends: every failed or cancelled task.
std::vector<int64_t> tasksToResubmit(const std::vector<TaskStatus>& statuses);

// What Slurm says about every submitted task of DIR (its latest submission only). A query that fails (the
// controller does not answer) is skipped and explained in `warnings`; the markers still decide.
SchedulerStates slurmSchedulerStates(const SweepDir& dir, const SlurmRunner& run = defaultSlurmRunner(),
                                     std::vector<std::string>* warnings = nullptr);

// slurmSchedulerStates for `pwb sweep status` and the GUI: empty, without running any Slurm command, when
// the sweep was never submitted (a local sweep) or Slurm's commands are not installed here.
SchedulerStates slurmStatesIfSubmitted(const SweepDir& dir, std::vector<std::string>* warnings = nullptr);

// Registers slurmStatesIfSubmitted as a scheduler-state provider (sweep_status.h), so every status query
// (`pwb sweep status`, the GUI) includes Slurm's view of submitted sweeps. `onWarning` receives the
// explanations of failed queries (the controller does not answer, ...); the CLI prints them on stderr.
void addSlurmStateProvider(std::function<void(const std::string&)> onWarning = {});

// Cancels the given tasks (all submitted tasks that have not ended when `indices` is empty) with scancel
// and records the cancellation. Returns the scancel targets ("1234" or "1234_7"). Throws with scancel's
// message when it fails.
std::vector<std::string> cancelSlurmTasks(const SweepDir& dir, const std::vector<int64_t>& indices,
                                          const SlurmRunner& run = defaultSlurmRunner());

}  // namespace pwb::sweep
