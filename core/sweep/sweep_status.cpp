#include "sweep/sweep_status.h"

#include "common/text_file.h"
#include "store/process_info.h"

namespace pwb::sweep {

std::string taskStateName(TaskState s) {
  switch (s) {
    case TaskState::Pending:
      return "pending";
    case TaskState::Running:
      return "running";
    case TaskState::Done:
      return "done";
    case TaskState::Failed:
      return "failed";
    case TaskState::Cancelled:
      return "cancelled";
  }
  return "pending";
}

std::vector<TaskStatus> sweepStatus(const SweepDir& dir, const SchedulerStates& scheduler) {
  std::vector<TaskStatus> out;
  for (const auto& task : dir.readPlan()) {
    TaskStatus s;
    s.index = task.index;
    s.key = task.key;
    const auto sched = scheduler.find(task.index);
    if (const auto exit = dir.readExit(task.index)) {
      s.job = exit->job;
      s.seconds = exit->seconds;
      s.detail = exit->message;
      if (exit->exitCode == 0) {
        s.state = TaskState::Done;
        s.collectable = fileExists(dir.runFile(task.index));
        if (!s.collectable) {
          s.state = TaskState::Failed;  // nothing to collect: run it again (--retry-failed / resubmit)
          s.detail = "its exit marker says finished but its run file is missing";
        }
      } else {
        s.state = exit->status == "cancelled" ? TaskState::Cancelled : TaskState::Failed;
      }
    } else if (sched != scheduler.end()) {
      s.state = sched->second.state;
      s.job = sched->second.job;
      s.detail = sched->second.detail;
      // The scheduler may still call a task "done" that ended without writing its marker (killed between
      // training and marker): without a marker nothing says it finished, so it counts as failed.
      if (s.state == TaskState::Done) {
        s.state = TaskState::Failed;
        s.detail = "ended without an exit marker (" + sched->second.detail + ")";
      }
    } else if (const auto start = dir.readStart(task.index)) {
      s.job = start->job;
      s.state = TaskState::Running;
      // ownerAlive, not processAlive: a process id is reused, and a newer process that got the dead task's
      // id must not keep the task "running" for ever.
      if (start->host == store::currentHost() && start->job.empty() &&
          !store::ownerAlive(start->pid, start->time)) {
        s.state = TaskState::Failed;
        s.detail = "process " + std::to_string(start->pid) + " ended without an exit marker";
      }
    }
    out.push_back(std::move(s));
  }
  return out;
}

namespace {
std::vector<SchedulerStateProvider>& providers() {
  static std::vector<SchedulerStateProvider> all;
  return all;
}
}  // namespace

void addSchedulerStateProvider(SchedulerStateProvider provider) {
  providers().push_back(std::move(provider));
}

SchedulerStates querySchedulers(const SweepDir& dir) {
  SchedulerStates merged;
  for (const auto& p : providers())
    for (auto& [index, state] : p(dir)) merged[index] = state;
  return merged;
}

StatusCounts countStates(const std::vector<TaskStatus>& statuses) {
  StatusCounts c;
  for (const auto& s : statuses) {
    switch (s.state) {
      case TaskState::Pending:
        ++c.pending;
        break;
      case TaskState::Running:
        ++c.running;
        break;
      case TaskState::Done:
        ++c.done;
        break;
      case TaskState::Failed:
        ++c.failed;
        break;
      case TaskState::Cancelled:
        ++c.cancelled;
        break;
    }
  }
  return c;
}

}  // namespace pwb::sweep
