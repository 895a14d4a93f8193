#pragma once
// What Slurm says about the tasks of a sweep's array jobs, parsed from the text of squeue, scontrol and
// sacct (the commands are run by slurm_sweep.cpp; the parsers are separate so they can be tested against
// hand-written output). Torch-free, Qt-free.
#include <cstdint>
#include <string>
#include <vector>

#include "sweep/sweep_status.h"

namespace pwb::sweep {

// One array task as one of the commands reports it.
struct SlurmTaskReport {
  std::string arrayJob;  // the array job id, "1234"
  int64_t index = 0;     // the array task id = the sweep task index
  std::string state;     // Slurm's word, upper case: "PENDING", "CANCELLED", "TIMEOUT", ...
  std::string reason;    // squeue's %r / scontrol's Reason; "" or "None" when there is none
  std::string exitCode;  // "1:0" (scontrol, sacct); "" when unknown
  std::string job() const { return arrayJob + "_" + std::to_string(index); }
};

// Slurm's job state -> the sweep's task state: PENDING, CONFIGURING, REQUEUED, REQUEUE_HOLD, RESV_DEL_HOLD ->
// pending; RUNNING, COMPLETING, SUSPENDED, STOPPED, STAGE_OUT, SIGNALING, RESIZING -> running; COMPLETED ->
// done; CANCELLED, REVOKED -> cancelled; FAILED, TIMEOUT, NODE_FAIL, OUT_OF_MEMORY, BOOT_FAIL, DEADLINE,
// PREEMPTED, SPECIAL_EXIT and anything unknown that is not active -> failed. sacct's "CANCELLED by 0" and
// squeue's abbreviations (PD, R, CG, CD, CA, F, TO, NF, OOM, ...) are accepted too. Unknown words -> failed
// with the word kept as detail by the caller, so nothing unknown looks finished.
TaskState slurmTaskState(const std::string& slurmState);

// The indices of an array task list: "7", "0,2", "1-3", "[0-3%2]", "0-6:2" (step), "%N" ignored. Throws
// pwb::Error on text that is none of these.
std::vector<int64_t> parseArrayIndices(const std::string& text);

// `squeue -h -r -j JOB -o "%i|%T|%r"`: one line per task, "1234_7|RUNNING|None". A line whose id is
// "1234_[0-3%2]" (squeue without -r) stands for all those tasks. Lines of other jobs are skipped.
std::vector<SlurmTaskReport> parseSqueue(const std::string& text, const std::string& arrayJob);

// `scontrol -o show job JOB`: one line per record, "JobId=1240 ArrayJobId=1234 ArrayTaskId=7 ...
// JobState=FAILED Reason=NonZeroExitCode ... ExitCode=1:0 ...". A record of still-pending tasks has
// ArrayTaskId=1-3%1 or 0,2. Records of other array jobs are skipped.
std::vector<SlurmTaskReport> parseScontrol(const std::string& text, const std::string& arrayJob);

// `sacct -n -P -X -j JOB -o JobID,State,ExitCode`: "1234_7|CANCELLED by 0|0:15"; "1234_[4-6]|PENDING|0:0"
// for pending tasks; steps ("1234_7.batch") are skipped.
std::vector<SlurmTaskReport> parseSacct(const std::string& text, const std::string& arrayJob);

// True when sacct's error output says the cluster keeps no accounting ("Slurm accounting storage is
// disabled"), which is normal on small clusters and not an error.
bool sacctUnavailable(const std::string& err);

// The job id printed by `sbatch --parsable` ("1234" or "1234;cluster") or by plain sbatch
// ("Submitted batch job 1234"). Throws pwb::Error quoting the text when there is none.
std::string parseSbatchJobId(const std::string& out);

}  // namespace pwb::sweep
