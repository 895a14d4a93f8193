#pragma once
// The on-disk layout of a sweep folder (SWEEPS.md). Everything a sweep's tasks write goes here, each task
// to its own files, so tasks on different machines never share an SQLite file:
//
//   DIR/sweep.json            the sweep file, copied verbatim
//   DIR/plan.json             the expanded tasks: {"format": 1, "name", "spec_sha256", "tasks": [{index,
//                             key, settings}]}; `pwb sweep task` reads its task from here
//   DIR/tasks/<I>.sqlite      task I's private run file (a project file holding only its run)
//   DIR/tasks/<I>.start       written when task I starts: {"time", "host", "pid", "job"}
//   DIR/tasks/<I>.exit        written when task I ends: {"exit_code", "status", "time", "host", "pid",
//                             "job", "seconds", "message", "run_uid"}
//   DIR/logs/<I>.log          task I's output (the local runner; the Slurm script writes its own logs here)
//
// Markers are written atomically (a temporary file in the same folder, then rename), so a reader sees the
// whole marker or none. Torch-free.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sweep/sweep_expand.h"
#include "sweep/sweep_spec.h"

namespace pwb::sweep {

struct StartMarker {
  double time = 0;
  std::string host;
  int64_t pid = 0;
  std::string job;  // scheduler job id ("1234_7"), empty when local
};

struct ExitMarker {
  int exitCode = 0;
  std::string status;  // "finished" | "failed" | "cancelled"
  double time = 0;
  std::string host;
  int64_t pid = 0;
  std::string job;
  double seconds = 0;
  std::string message;  // why it failed; empty when finished
  std::string runUid;   // the uid of the run in the task file
};

class SweepDir {
 public:
  explicit SweepDir(std::string dir);
  const std::string& dir() const { return dir_; }

  std::string specPath() const;                  // DIR/sweep.json
  std::string planPath() const;                  // DIR/plan.json
  std::string tasksDir() const;                  // DIR/tasks
  std::string logsDir() const;                   // DIR/logs
  std::string runFile(int64_t index) const;      // DIR/tasks/<I>.sqlite
  std::string startMarker(int64_t index) const;  // DIR/tasks/<I>.start
  std::string exitMarker(int64_t index) const;   // DIR/tasks/<I>.exit
  std::string logFile(int64_t index) const;      // DIR/logs/<I>.log

  bool hasPlan() const;
  // The expanded tasks of plan.json; throws pwb::Error naming plan.json when missing or damaged.
  std::vector<SweepTask> readPlan() const;
  std::string sweepName() const;        // "name" of plan.json
  SweepTask task(int64_t index) const;  // throws when the plan has no such index

  std::optional<StartMarker> readStart(int64_t index) const;  // nullopt when absent; damaged -> throws
  std::optional<ExitMarker> readExit(int64_t index) const;
  void writeStart(int64_t index, const StartMarker& marker) const;
  void writeExit(int64_t index, const ExitMarker& marker) const;
  // Removes task I's run file (with -wal/-shm), markers and (removeLog) log: a task started again starts
  // clean. The task itself keeps its log (the runner or Slurm has it open as the task's output).
  void resetTask(int64_t index, bool removeLog = true) const;

 private:
  std::string dir_;
};

// Creates DIR (and tasks/, logs/) and writes sweep.json and plan.json for `spec`. A folder that already
// holds a plan must hold the same tasks (same keys in the same order): then nothing is rewritten and the
// finished tasks stay; otherwise throws pwb::Error ("DIR holds another sweep ..."), so a changed sweep file
// never mixes with old results.
SweepDir prepareSweepDir(const SweepSpec& spec, const std::vector<SweepTask>& tasks, const std::string& dir);

// Writes `text` to `path` atomically (path.tmp.<pid> then rename); throws pwb::Error naming path.
void writeFileAtomically(const std::string& path, const std::string& text);

// The scheduler job of this process from the environment: Slurm array tasks "SLURM_ARRAY_JOB_ID_
// SLURM_ARRAY_TASK_ID", other Slurm jobs SLURM_JOB_ID; empty when not under Slurm.
std::string jobFromEnvironment();

}  // namespace pwb::sweep
