#pragma once
// Running one outside program (sbatch, squeue, scontrol, sacct, scancel) with a time limit, capturing its
// standard output and error separately, so a failure can be reported with the program's own words.
// POSIX only (fork/exec); torch-free, Qt-free.
#include <string>
#include <vector>

namespace pwb::sweep {

struct CommandResult {
  int exitCode = -1;      // the program's exit status; 128+N when killed by signal N; -1 when it did not run
  bool timedOut = false;  // killed after the time limit
  bool notFound = false;  // the program is not on PATH (or not executable)
  std::string out, err;
  bool ok() const { return exitCode == 0 && !timedOut; }
  // "sbatch failed (exit 1): <stderr>" / "sbatch did not answer within 30 s" / "sbatch is not installed ..."
  std::string describeFailure(const std::string& program) const;
};

// Runs argv[0] (looked up on PATH) with the remaining arguments; stdin is /dev/null. Kills the program
// (SIGTERM, then SIGKILL) after timeoutSeconds.
CommandResult runCommand(const std::vector<std::string>& argv, int timeoutSeconds);

// The full path of `program` on PATH, or "" when there is none.
std::string findOnPath(const std::string& program);

}  // namespace pwb::sweep
