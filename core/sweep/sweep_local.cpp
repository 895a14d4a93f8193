#include "sweep/sweep_local.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <deque>
#include <map>
#include <thread>

#include "common/error.h"
#include "common/text_file.h"
#include "store/process_info.h"
#include "store/records.h"
#include "store/run_store.h"
#include "train/training.h"

extern char** environ;

namespace pwb::sweep {
namespace {

// Training's outcome as a marker: finished only when the one seed has a test accuracy (a regression run:
// its test Pearson, Spearman and MSE).
void describeResult(const train::TrainResult& r, ExitMarker& m) {
  const bool finished = r.status == train::RunStatus::Finished && !r.seeds.empty() &&
                        r.seeds[0].status == train::RunStatus::Finished &&
                        (r.seeds[0].hasTestAccuracy || r.seeds[0].hasTestRegression);
  const bool cancelled = r.status == train::RunStatus::Cancelled ||
                         (!r.seeds.empty() && r.seeds[0].status == train::RunStatus::Cancelled);
  m.exitCode = finished ? 0 : 1;
  m.status = finished ? "finished" : cancelled ? "cancelled" : "failed";
  if (!finished) m.message = !r.seeds.empty() && !r.seeds[0].message.empty() ? r.seeds[0].message : r.message;
  if (!finished && m.message.empty()) m.message = "no test accuracy";
}

// The run's uid, with the job recorded on it.
std::string recordJob(const std::string& runFile, const std::string& job) {
  store::StoreOptions so;
  so.recoverInterrupted = false;
  store::RunStore st(runFile, so);
  std::string uid;
  for (const auto& run : st.listRuns()) {
    if (!job.empty() && run.job != job) st.setJob(run.id, job);
    uid = run.uid;
  }
  return uid;
}

pid_t spawnTask(const std::string& program, const SweepDir& dir, int64_t index, int threads) {
  const std::vector<std::string> args = {program,
                                         "sweep",
                                         "task",
                                         "--dir",
                                         dir.dir(),
                                         "--index",
                                         std::to_string(index),
                                         "--threads",
                                         std::to_string(threads)};
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  const std::string log = dir.logFile(index);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw fileError(program, std::string("cannot start a sweep worker: ") + std::strerror(rc));
  return pid;
}

}  // namespace

ExitMarker runSweepTask(const SweepDir& dir, int64_t index, const TaskRunOptions& options) {
  const SweepTask task = dir.task(index);
  dir.resetTask(index, false);
  const auto started = std::chrono::steady_clock::now();
  StartMarker start;
  start.time = store::nowSeconds();
  start.host = store::currentHost();
  start.pid = store::currentPid();
  start.job = options.job.empty() ? jobFromEnvironment() : options.job;
  dir.writeStart(index, start);
  ExitMarker m;
  m.host = start.host;
  m.pid = start.pid;
  m.job = start.job;
  try {
    train::TrainRequest r = taskRequest(task.settings);
    if (options.threads > 0) r.threads = options.threads;
    r.dbPath = dir.runFile(index);
    describeResult(train::runTraining(r, options.callbacks, options.cancel), m);
    if (fileExists(r.dbPath)) m.runUid = recordJob(r.dbPath, m.job);
  } catch (const std::exception& e) {
    m.exitCode = 1;
    m.status = "failed";
    m.message = e.what();
  }
  m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  m.time = store::nowSeconds();
  dir.writeExit(index, m);
  return m;
}

LocalRunSummary runSweepLocally(const SweepDir& dir, const LocalRunOptions& o) {
  if (o.program.empty()) throw Error("no program to run sweep tasks with");
  if (o.workers < 1) throw Error("workers must be at least 1");
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const int threads = o.threadsPerWorker > 0 ? o.threadsPerWorker : std::max(1, int(cores) / o.workers);
  LocalRunSummary summary;
  std::deque<int64_t> queue;
  const auto plan = dir.readPlan();
  for (const auto& s : sweepStatus(dir)) {
    const bool again = o.retryFailed && (s.state == TaskState::Failed || s.state == TaskState::Cancelled);
    if (s.state == TaskState::Pending || again) {
      queue.push_back(s.index);
    } else {
      ++summary.skipped;
    }
  }
  auto event = [&](int64_t index, const std::string& what) {
    if (o.onEvent) o.onEvent(index, what);
  };
  std::map<pid_t, int64_t> running;
  bool stopping = false;
  while (!queue.empty() || !running.empty()) {
    if (o.cancel && o.cancel->load() && !stopping) {
      stopping = true;
      queue.clear();
      for (const auto& [pid, index] : running) ::kill(pid, SIGTERM);
    }
    while (!stopping && static_cast<int>(running.size()) < o.workers && !queue.empty()) {
      const int64_t index = queue.front();
      queue.pop_front();
      dir.resetTask(index);
      // The sweep's own "threads" setting wins over the default share (not over an explicit one).
      const bool own =
          o.threadsPerWorker == 0 && plan[static_cast<size_t>(index)].settings.contains("threads");
      running[spawnTask(o.program, dir, index, own ? 0 : threads)] = index;
      ++summary.ran;
      event(index, "started");
    }
    bool reaped = false;
    for (auto it = running.begin(); it != running.end();) {
      int status = 0;
      const pid_t got = ::waitpid(it->first, &status, WNOHANG);
      if (got == 0) {
        ++it;
        continue;
      }
      reaped = true;
      const int64_t index = it->second;
      it = running.erase(it);
      auto exit = dir.readExit(index);
      if (!exit) {
        // The child died before writing its marker: the runner writes one, so the task does not look
        // running forever.
        ExitMarker m;
        m.host = store::currentHost();
        m.pid = got;
        m.time = store::nowSeconds();
        if (got > 0 && WIFSIGNALED(status)) {
          const int sig = WTERMSIG(status);
          m.exitCode = 128 + sig;
          m.status = (sig == SIGTERM || sig == SIGINT || sig == SIGKILL) ? "cancelled" : "failed";
          m.message = std::string("killed by signal ") + std::to_string(sig) + " (" + strsignal(sig) + ")";
        } else {
          m.exitCode = got > 0 && WIFEXITED(status) && WEXITSTATUS(status) != 0 ? WEXITSTATUS(status) : 1;
          m.status = "failed";
          m.message = "the worker ended without an exit marker (see " + dir.logFile(index) + ")";
        }
        dir.writeExit(index, m);
        exit = m;
      }
      if (exit->exitCode == 0) {
        ++summary.done;
        event(index, "done");
      } else if (exit->status == "cancelled") {
        ++summary.cancelled;
        event(index, "cancelled: " + exit->message);
      } else {
        ++summary.failed;
        event(index, "failed: " + exit->message);
      }
    }
    if (!reaped) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return summary;
}

}  // namespace pwb::sweep
