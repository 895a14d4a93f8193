#pragma once
// The sbatch script of a sweep: one array job, one array task per sweep task. Each array task runs
// `pwb sweep task --dir DIR --index $SLURM_ARRAY_TASK_ID`, which writes only its own run file
// (DIR/tasks/<I>.sqlite) and records SLURM_ARRAY_JOB_ID_SLURM_ARRAY_TASK_ID as the run's job.
// Torch-free, Qt-free.
#include <cstdint>
#include <string>
#include <vector>

namespace pwb::sweep {

// What `pwb sweep submit` passes to sbatch; empty / 0 = not given (the cluster's default).
struct SlurmOptions {
  std::string partition;  // --partition
  std::string account;    // --account
  std::string time;       // --time, Slurm's forms: MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS
  std::string gres;       // --gres, e.g. "gpu:1" or "gpu:a100:2"
  int cpusPerTask = 0;    // --cpus-per-task; also the task's --threads
  std::string mem;        // --mem, e.g. "16G", "4000M", "8000"
  int maxParallel = 0;    // at most this many array tasks at once ("%N" of --array)
  // Extra lines for the script's header, "--constraint=a100" or "#SBATCH --qos=short" (both accepted).
  std::vector<std::string> extraLines;
  std::string jobName;  // --job-name (default "pwb-sweep")
};

// Throws pwb::Error naming the option when a value cannot be what sbatch expects (a newline, a malformed
// --time, --gres or --mem), before anything is submitted.
void checkSlurmOptions(const SlurmOptions& options);

// The --array value for these task indices: runs of consecutive indices as ranges, "%N" appended when
// maxParallel > 0, e.g. {0,1,2,3,7} with 2 -> "0-3,7%2". Throws when indices is empty or holds a
// negative index.
std::string arraySpec(std::vector<int64_t> indices, int maxParallel);

// The whole script. sweepDir and program must be absolute (array tasks start in another directory, on
// another machine): program is the pwb executable the tasks run. Logs go to
// sweepDir/logs/slurm-<array job>_<index>.out and .err.
std::string slurmBatchScript(const SlurmOptions& options, const std::string& sweepDir,
                             const std::string& program, const std::vector<int64_t>& indices);

// `text` quoted for a POSIX shell ('...' with embedded quotes escaped).
std::string shellQuote(const std::string& text);

}  // namespace pwb::sweep
