// pwb sweep submit | cancel | resubmit: a sweep as one Slurm array job, one array task per run. Each task
// runs `pwb sweep task` into its own run file under the sweep folder; `pwb sweep collect` merges them.
// The sub-commands register themselves with `pwb sweep` (sweep_command.h); the work is done by
// core/sweep/slurm_*.h, which the GUI calls too.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "cli_args.h"
#include "common/error.h"
#include "sweep/slurm_sweep.h"
#include "sweep/sweep_expand.h"
#include "sweep/sweep_spec.h"
#include "sweep_command.h"

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

// Array tasks start elsewhere (another directory, another node): the folder must be absolute.
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

int runSubmit(const Args& a) {
  if (a.positionals().size() != 2) throw UsageError("pwb sweep submit takes one sweep file");
  const std::string file = a.positionals()[1];
  const std::string dirPath = absoluteDir(a.require("dir"));
  const SlurmOptions options = slurmOptions(a);
  const SweepSpec spec = parseSweepFile(file);
  const std::vector<SweepTask> tasks = expandSweep(spec);
  if (!pwb::cli::confirmRunCount(tasks.size(), spec.maxRuns, a.has("yes"))) return 1;
  requireSbatch();
  const SweepDir dir = prepareSweepDir(spec, tasks, dirPath);
  const auto statuses = sweepStatus(dir, statesWithWarnings(dir));
  const std::vector<int64_t> indices = tasksToSubmit(statuses);
  if (indices.empty()) {
    const StatusCounts c = countStates(statuses);
    std::cout << "Nothing to submit: " << c.done << " done, " << c.pending + c.running
              << " queued or running, " << c.failed << " failed, " << c.cancelled
              << " cancelled (`pwb sweep resubmit` sends those).\n";
    return 0;
  }
  printSubmission(submitToSlurm(dir, indices, options, pwb::cli::selfProgram()), dir);
  return 0;
}

int runResubmit(const Args& a) {
  if (a.positionals().size() != 1) throw UsageError("pwb sweep resubmit takes no sweep file, only --dir");
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
  printSubmission(submitToSlurm(dir, indices, options, pwb::cli::selfProgram()), dir);
  return 0;
}

int runCancel(const Args& a) {
  if (a.positionals().size() != 1) throw UsageError("pwb sweep cancel takes no sweep file, only --dir");
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

// `pwb sweep status` (and every other sub-command that judges tasks) asks Slurm about submitted sweeps.
const bool slurmProviderAdded = [] {
  addSlurmStateProvider([](const std::string& warning) { std::cerr << "warning: " << warning << "\n"; });
  return true;
}();

const pwb::cli::SweepSubcommandRegistrar submit{
    {"submit",
     "pwb sweep submit FILE --dir DIR [--partition P] [--account A] [--time T] [--gres G]\n"
     "                   [--cpus-per-task N] [--mem M] [--max-parallel N] [--sbatch-line L]...\n"
     "                   [--job-name NAME] [--yes]",
     std::string(
         R"(  Submits the sweep to Slurm as one array job (`sbatch --array`), one array task per run. DIR (on a
  file system the compute nodes share) receives the sweep, one run file per task (tasks/<I>.sqlite), the
  tasks' Slurm logs (logs/slurm-<job>_<I>.out/.err), the script (slurm/<job>.sbatch) and the record of
  every submission (slurm/submissions.json). Each task runs `pwb sweep task --dir DIR --index I` with
  this pwb program and records its Slurm job (<array job>_<I>) on its run. Tasks that are done, queued
  or running are not submitted again. Without sbatch it says so; `pwb sweep run` runs a sweep locally.
  --dir DIR            the sweep folder (created; when it exists it must hold this same sweep)
)") + kSlurmOptionsHelp +
         "  --yes                submit even when there are more runs than the file's max_runs\n",
     withSlurmOptions({"dir"}),
     {"yes"},
     runSubmit,
     60}};

const pwb::cli::SweepSubcommandRegistrar cancel{
    {"cancel",
     "pwb sweep cancel --dir DIR [--index I]...",
     R"(  Cancels the sweep's tasks that are queued or running in Slurm (scancel <job>_<I>), or only task I
  (repeatable). The cancellation is recorded in DIR/slurm/submissions.json, so the task still reads
  cancelled after Slurm has forgotten it (clusters without accounting).
  --dir DIR            the sweep folder
  --index I            only this task (repeatable)
)",
     {"dir", "index"},
     {},
     runCancel,
     61}};

const pwb::cli::SweepSubcommandRegistrar resubmit{
    {"resubmit",
     "pwb sweep resubmit --dir DIR [--index I]... [Slurm options of submit]",
     R"(  Submits the failed and cancelled tasks again, and only those, as a new array job (`--array=3,7`),
  with the Slurm options of submit. Their old run files, markers and logs are removed first.
  --dir DIR            the sweep folder
  --index I            only this failed or cancelled task (repeatable)
)",
     withSlurmOptions({"dir", "index"}),
     {},
     runResubmit,
     62}};

}  // namespace
