// pwb sweep run (every pending task with local worker processes, then collect) and pwb sweep task (one
// task, in this process: what the workers and Slurm array tasks run).
#include <csignal>
#include <cstdio>
#include <iostream>

#include "common/error.h"
#include "store/run_store.h"
#include "sweep/sweep_collect.h"
#include "sweep/sweep_expand.h"
#include "sweep/sweep_local.h"
#include "sweep/sweep_spec.h"
#include "sweep_command.h"

namespace {

std::atomic<bool> g_stop{false};
extern "C" void onInterrupt(int) {
  g_stop = true;
}

int runLocal(const pwb::cli::Args& args) {
  if (args.positionals().size() != 2) throw pwb::cli::UsageError("pwb sweep run FILE: give one sweep file");
  const std::string db = args.require("db");
  const auto spec = pwb::sweep::parseSweepFile(args.positionals()[1]);
  const auto tasks = pwb::sweep::expandSweep(spec);
  if (!pwb::cli::confirmRunCount(tasks.size(), spec.maxRuns, args.has("yes"))) return 1;
  { pwb::store::RunStore check(db); }  // a project that cannot take the runs is refused before training
  const std::string dirPath = args.get("dir", pwb::cli::defaultSweepDir(db, spec.name));
  const auto dir = pwb::sweep::prepareSweepDir(spec, tasks, dirPath);
  pwb::sweep::LocalRunOptions o;
  o.program = pwb::cli::selfProgram();
  o.workers = args.getInt("workers", 1);
  o.threadsPerWorker = args.getInt("threads", 0);
  o.retryFailed = args.has("retry-failed");
  o.cancel = &g_stop;
  const bool quiet = args.has("quiet");
  if (!quiet) {
    std::cerr << "sweep " << spec.name << ": " << tasks.size() << " runs in " << dir.dir() << ", "
              << o.workers << " worker(s)\n";
  }
  o.onEvent = [&](int64_t index, const std::string& what) {
    if (!quiet) std::cerr << "  task " << index << ": " << what << "\n";
  };
  std::signal(SIGINT, onInterrupt);
  std::signal(SIGTERM, onInterrupt);
  const auto ran = pwb::sweep::runSweepLocally(dir, o);
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  pwb::store::RunStore project(db);
  const auto c = pwb::sweep::collectSweep(dir, project);
  std::cout << "ran " << ran.ran << " tasks: " << ran.done << " done, " << ran.failed << " failed, "
            << ran.cancelled << " cancelled (" << ran.skipped << " were not run again)\n"
            << "collected " << c.runsAdded << " runs into " << db << " (" << c.runsPresent
            << " already there); logs in " << dir.logsDir() << "\n";
  return ran.failed + ran.cancelled > 0 || g_stop ? 1 : 0;
}

int runTask(const pwb::cli::Args& args) {
  if (args.positionals().size() != 1)
    throw pwb::cli::UsageError("unexpected argument '" + args.positionals()[1] + "'");
  const pwb::sweep::SweepDir dir(args.require("dir"));
  const int64_t index = args.getInt("index", -1);
  if (!args.has("index")) throw pwb::cli::UsageError("missing --index");
  pwb::sweep::TaskRunOptions o;
  o.threads = args.getInt("threads", 0);
  if (!args.has("quiet")) {
    o.callbacks.onLog = [](const std::string& s) { std::cerr << s << "\n"; };
    // A regression run reports its dev Pearson through the same callback.
    bool regression = false;
    try {
      for (const auto& t : dir.readPlan())
        if (t.index == index) regression = t.settings.value("task", std::string()) == "regression";
    } catch (const std::exception&) {
      // runSweepTask reports an unreadable plan itself.
    }
    o.callbacks.onEval = [regression](int step, double value) {
      if (regression)
        std::fprintf(stderr, "  step %d: dev pearson %.4f\n", step, value);
      else
        std::fprintf(stderr, "  step %d: dev accuracy %.1f\n", step, 100 * value);
    };
    o.callbacks.onProgress = [](int step, int total, double loss, double, double) {
      if (step == 1 || step % 10 == 0 || step == total)
        std::fprintf(stderr, "  step %d/%d  loss %.4f\n", step, total, loss);
    };
  }
  // scancel, a Slurm time limit or the local runner's stop send SIGTERM (Slurm: SIGKILL after KillWait):
  // training stops after its current step and the task writes its "cancelled" marker itself, so the
  // sweep folder says cancelled even on clusters that keep no accounting.
  o.cancel = &g_stop;
  std::signal(SIGINT, onInterrupt);
  std::signal(SIGTERM, onInterrupt);
  const auto m = pwb::sweep::runSweepTask(dir, index, o);
  std::cout << "task " << index << ": " << m.status << (m.message.empty() ? "" : ": " + m.message) << "\n";
  return m.exitCode == 0 ? 0 : 1;
}

pwb::cli::SweepSubcommandRegistrar run{
    {"run",
     "pwb sweep run FILE --db PROJECT [--dir DIR] [--workers N] [--threads N] [--retry-failed] [--yes] "
     "[--quiet]",
     "  Runs every task of FILE that is not done yet with N worker processes on this machine (each one\n"
     "  `pwb sweep task`), then collects the finished runs into PROJECT. Run it again to go on after a "
     "stop.\n"
     "  --db PROJECT         the project file the runs are collected into\n"
     "  --dir DIR            the sweep folder (default: PROJECT without .sqlite + \".sweeps/<name>\")\n"
     "  --workers N          parallel worker processes (default 1)\n"
     "  --threads N          CPU threads per worker (default: the sweep's \"threads\", else cores /\n"
     "                       workers, at least 1)\n"
     "  --retry-failed       also run the failed and cancelled tasks again\n"
     "  --yes                run even when there are more runs than the file's max_runs (default 1000)\n"
     "  --quiet              no progress on stderr\n",
     {"db", "dir", "workers", "threads"},
     {"retry-failed", "yes", "quiet"},
     runLocal,
     20}};

pwb::cli::SweepSubcommandRegistrar task{
    {"task",
     "pwb sweep task --dir DIR --index I [--threads N] [--quiet]",
     "  Runs task I of the sweep folder DIR in this process into DIR/tasks/<I>.sqlite and writes its\n"
     "  markers (what the local workers and Slurm array tasks run). Exit status 0 when it finished.\n"
     "  SIGTERM or SIGINT stop the training after its current step; the task is then cancelled.\n"
     "  --dir DIR            the sweep folder\n"
     "  --index I            the task (0-based, as in pwb sweep plan)\n"
     "  --threads N          CPU threads (default: the sweep's \"threads\", else all cores)\n"
     "  --quiet              no progress on stderr\n",
     {"dir", "index", "threads"},
     {"quiet"},
     runTask,
     30}};

}  // namespace
