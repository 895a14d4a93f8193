// pwb sweep submit | cancel | resubmit: a sweep as one Slurm array job, one array task per run. Each task
// runs `pwb sweep task` into its own run file under the sweep folder; `pwb sweep collect` merges them.
// All the work is done by core/sweep/slurm_*.h, which the GUI calls too.
#include "sweep_slurm.h"

#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <set>

#include "cli_args.h"
#include "common/error.h"
#include "sweep/slurm_sweep.h"
#include "sweep/sweep_expand.h"
#include "sweep/sweep_spec.h"

namespace {

using namespace pwb::sweep;
using pwb::Error;
using pwb::cli::Args;
using pwb::cli::UsageError;

const char* kSlurmOptionsHelp =
    R"(  --partition P        the Slurm partition (default: the cluster's default partition)
  --account A          the Slurm account the tasks are charged to
  --time T             time limit of each task: MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS
  --gres G             generic resources of each task, e.g. gpu:1 or gpu:a100:1
  --cpus-per-task N    CPUs of each task; the task trains with N threads
  --mem M              memory of each task, e.g. 16G or 4000M
  --max-parallel N     at most N tasks at the same time (the %N of `--array`)
  --sbatch-line L      one more sbatch option for the script header, e.g. `--sbatch-line=--qos=short`
                       (repeatable; "#SBATCH" in front is optional)
  --job-name NAME      the job's name in squeue (default pwb-sweep)
)";

const std::string kSubmitUsage = std::string(R"(Usage:
  pwb sweep submit FILE --dir DIR [--partition P] [--account A] [--time T] [--gres G]
                   [--cpus-per-task N] [--mem M] [--max-parallel N] [--sbatch-line L]... [--job-name NAME]
                   [--yes]

Submits the sweep in FILE to Slurm as one array job (`sbatch --array`), one array task per run. DIR (on a
file system the compute nodes share) receives the sweep, one run file per task (tasks/<I>.sqlite),
the tasks' logs (logs/slurm-<job>_<I>.out/.err), the script (slurm/<job>.sbatch) and the record of the
submission (slurm/submissions.json). Each task runs `pwb sweep task --dir DIR --index I` with this pwb
program and records its Slurm job (<array job>_<I>) on its run. Tasks that are done, queued or running
are not submitted again: submitting twice is harmless. Follow with `pwb sweep status --dir DIR`, merge
with `pwb sweep collect`. Without sbatch on PATH it says so; `pwb sweep run` runs a sweep locally.

  --dir DIR            the sweep folder (created; must hold this same sweep when it exists)
)") + kSlurmOptionsHelp + R"(  --yes                submit even when the sweep has more runs than its max_runs
)";

const std::string kResubmitUsage = std::string(R"(Usage:
  pwb sweep resubmit --dir DIR [--index I]... [--partition P] [--account A] [--time T] [--gres G]
                     [--cpus-per-task N] [--mem M] [--max-parallel N] [--sbatch-line L]... [--job-name NAME]

Submits the failed and cancelled tasks of a sweep again, and only those, as a new array job
(`--array=3,7`). Their old run files, markers and logs are removed first. --index picks some of them.

  --dir DIR            the sweep folder
  --index I            only this task (repeatable); it must be failed or cancelled
)") + kSlurmOptionsHelp;

const char* kCancelUsage = R"(Usage:
  pwb sweep cancel --dir DIR [--index I]...

Cancels the sweep's tasks that are queued or running in Slurm (scancel <job>_<I>), or only task I. The
cancellation is recorded in DIR/slurm/submissions.json, so a cancelled task still reads cancelled after
Slurm has forgotten it (clusters without accounting). Resubmit with `pwb sweep resubmit`.

  --dir DIR            the sweep folder
  --index I            only this task (repeatable)
)";

const std::set<std::string> kSlurmValueOptions = {"partition",    "account",       "time",
                                                  "gres",         "cpus-per-task", "mem",
                                                  "max-parallel", "sbatch-line",   "job-name"};

std::set<std::string> withSlurmOptions(std::set<std::string> extra) {
  extra.insert(kSlurmValueOptions.begin(), kSlurmValueOptions.end());
  return extra;
}

int positiveInt(const Args& a, const std::string& name) {
  if (!a.has(name)) return 0;
  const int v = a.getInt(name, 0);
  if (v < 1) throw UsageError(a.spelling(name) + " must be at least 1, got '" + a.get(name) + "'");
  return v;
}

SlurmOptions slurmOptions(const Args& a) {
  SlurmOptions o;
  o.partition = a.get("partition");
  o.account = a.get("account");
  o.time = a.get("time");
  o.gres = a.get("gres");
  o.mem = a.get("mem");
  o.cpusPerTask = positiveInt(a, "cpus-per-task");
  o.maxParallel = positiveInt(a, "max-parallel");
  o.extraLines = a.all("sbatch-line");
  o.jobName = a.get("job-name");
  checkSlurmOptions(o);
  return o;
}

std::vector<int64_t> indexOptions(const Args& a) {
  std::vector<int64_t> out;
  for (const auto& v : a.all("index")) {
    char* end = nullptr;
    const long long i = std::strtoll(v.c_str(), &end, 10);
    if (v.empty() || *end != '\0' || i < 0)
      throw UsageError("--index must be a task index (0, 1, ...), got '" + v + "'");
    out.push_back(i);
  }
  return out;
}

// The pwb executable the array tasks run: this very program (its absolute path).
std::string selfProgram() {
  char buf[PATH_MAX];
  const ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
  if (n <= 0) throw Error("cannot find the path of the pwb program (/proc/self/exe)");
  return std::string(buf, static_cast<size_t>(n));
}

std::string absoluteDir(const std::string& dir) {
  return std::filesystem::absolute(std::filesystem::path(dir)).lexically_normal().string();
}

void requireSbatch() {
  std::string why;
  if (!slurmAvailable(&why)) throw Error(why);
}

SchedulerStates statesWithWarnings(const SweepDir& dir) {
  std::vector<std::string> warnings;
  SchedulerStates s = slurmSchedulerStates(dir, defaultSlurmRunner(), &warnings);
  for (const auto& w : warnings) std::cerr << "warning: " << w << "\n";
  return s;
}

void printSubmission(const SlurmSubmission& sub, const SweepDir& dir) {
  std::cout << "Submitted " << sub.indices.size() << " task" << (sub.indices.size() == 1 ? "" : "s")
            << " as Slurm array job " << sub.job << " (--array=" << sub.array << ", script " << dir.dir()
            << "/" << sub.script << ").\n"
            << "Follow with: pwb sweep status --dir " << dir.dir() << "\n";
}

int runSubmit(const std::vector<std::string>& argv) {
  Args a(argv, withSlurmOptions({"dir"}), {"yes"});
  if (a.help()) {
    std::cout << kSubmitUsage;
    return 0;
  }
  if (a.positionals().size() != 1) throw UsageError("pwb sweep submit takes one sweep file");
  const std::string dirPath = absoluteDir(a.require("dir"));
  const SlurmOptions options = slurmOptions(a);
  const SweepSpec spec = parseSweepFile(a.positionals()[0]);
  const std::vector<SweepTask> tasks = expandSweep(spec);
  if (static_cast<int64_t>(tasks.size()) > spec.maxRuns && !a.has("yes"))
    throw Error(a.positionals()[0] + ": the sweep expands to " + std::to_string(tasks.size()) +
                " runs, more than its max_runs (" + std::to_string(spec.maxRuns) +
                "); pass --yes to submit them all");
  requireSbatch();
  const SweepDir dir = prepareSweepDir(spec, tasks, dirPath);
  const auto statuses = sweepStatus(dir, statesWithWarnings(dir));
  const std::vector<int64_t> indices = tasksToSubmit(statuses);
  if (indices.empty()) {
    const StatusCounts c = countStates(statuses);
    std::cout << "Nothing to submit: " << c.done << " done, " << c.pending + c.running
              << " queued or running, " << c.failed << " failed, " << c.cancelled
              << " cancelled (pwb sweep resubmit sends those).\n";
    return 0;
  }
  printSubmission(submitToSlurm(dir, indices, options, selfProgram()), dir);
  return 0;
}

int runResubmit(const std::vector<std::string>& argv) {
  Args a(argv, withSlurmOptions({"dir", "index"}), {});
  if (a.help()) {
    std::cout << kResubmitUsage;
    return 0;
  }
  if (!a.positionals().empty()) throw UsageError("pwb sweep resubmit takes no positional argument");
  const SweepDir dir(absoluteDir(a.require("dir")));
  const SlurmOptions options = slurmOptions(a);
  if (!dir.hasPlan())
    throw Error(dir.dir() + " holds no sweep (no plan.json); submit one with pwb sweep submit");
  requireSbatch();
  const auto statuses = sweepStatus(dir, statesWithWarnings(dir));
  std::vector<int64_t> indices = tasksToResubmit(statuses);
  const std::vector<int64_t> picked = indexOptions(a);
  if (!picked.empty()) {
    for (int64_t i : picked)
      if (std::find(indices.begin(), indices.end(), i) == indices.end())
        throw Error("task " + std::to_string(i) + " is not failed or cancelled; only those are resubmitted");
    indices = picked;
  }
  if (indices.empty()) {
    std::cout << "Nothing to resubmit: no task failed or was cancelled.\n";
    return 0;
  }
  // A resubmitted task starts clean: no stale exit marker may decide its state.
  for (int64_t i : indices) dir.resetTask(i);
  printSubmission(submitToSlurm(dir, indices, options, selfProgram()), dir);
  return 0;
}

int runCancel(const std::vector<std::string>& argv) {
  Args a(argv, {"dir", "index"}, {});
  if (a.help()) {
    std::cout << kCancelUsage;
    return 0;
  }
  if (!a.positionals().empty()) throw UsageError("pwb sweep cancel takes no positional argument");
  const SweepDir dir(absoluteDir(a.require("dir")));
  if (readSlurmRecord(dir).submissions.empty()) throw Error(dir.dir() + " was never submitted to Slurm");
  const auto ids = cancelSlurmTasks(dir, indexOptions(a));
  if (ids.empty()) {
    std::cout << "Nothing to cancel: no task of this sweep is queued or running in Slurm.\n";
    return 0;
  }
  std::cout << "Cancelled " << ids.size() << " task" << (ids.size() == 1 ? "" : "s") << ":";
  for (const auto& id : ids) std::cout << " " << id;
  std::cout << "\n";
  return 0;
}

}  // namespace

namespace pwb::cli {

const std::vector<SweepSubcommand>& slurmSweepSubcommands() {
  static const std::vector<SweepSubcommand> list = {
      {"submit", "submit the sweep to Slurm as one array job, one task per run", kSubmitUsage, runSubmit},
      {"cancel", "cancel the sweep's queued or running Slurm tasks", kCancelUsage, runCancel},
      {"resubmit", "submit the failed and cancelled tasks to Slurm again", kResubmitUsage, runResubmit},
  };
  return list;
}

sweep::SchedulerStates slurmStatesForStatus(const sweep::SweepDir& dir) {
  if (readSlurmRecord(dir).submissions.empty()) return {};
  return statesWithWarnings(dir);
}

}  // namespace pwb::cli
