// pwb sweep status: the state of every task of a sweep folder, from its markers and run files and what the
// registered schedulers report; pwb sweep collect: merge the finished tasks into a project.
#include "sweep/sweep_status.h"

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "store/run_store.h"
#include "sweep/sweep_collect.h"
#include "sweep_command.h"

namespace {

int runStatus(const pwb::cli::Args& args) {
  if (args.positionals().size() != 1)
    throw pwb::cli::UsageError("unexpected argument '" + args.positionals()[1] + "'");
  const pwb::sweep::SweepDir dir(args.require("dir"));
  const auto statuses = pwb::sweep::sweepStatus(dir, pwb::sweep::querySchedulers(dir));
  const auto c = pwb::sweep::countStates(statuses);
  if (args.has("json")) {
    nlohmann::json tasks = nlohmann::json::array();
    for (const auto& s : statuses)
      tasks.push_back({{"index", s.index},
                       {"key", s.key},
                       {"state", pwb::sweep::taskStateName(s.state)},
                       {"job", s.job},
                       {"seconds", s.seconds},
                       {"detail", s.detail}});
    std::cout << nlohmann::json{{"name", dir.sweepName()},
                                {"counts",
                                 {{"pending", c.pending},
                                  {"running", c.running},
                                  {"done", c.done},
                                  {"failed", c.failed},
                                  {"cancelled", c.cancelled}}},
                                {"tasks", tasks}}
                     .dump(2)
              << "\n";
    return 0;
  }
  std::printf("%6s  %-16s  %-9s  %-12s  %8s  %s\n", "index", "key", "state", "job", "seconds", "detail");
  for (const auto& s : statuses)
    std::printf("%6lld  %-16s  %-9s  %-12s  %8.0f  %s\n", static_cast<long long>(s.index), s.key.c_str(),
                pwb::sweep::taskStateName(s.state).c_str(), s.job.empty() ? "-" : s.job.c_str(), s.seconds,
                s.detail.c_str());
  std::printf("%lld pending, %lld running, %lld done, %lld failed, %lld cancelled\n",
              static_cast<long long>(c.pending), static_cast<long long>(c.running),
              static_cast<long long>(c.done), static_cast<long long>(c.failed),
              static_cast<long long>(c.cancelled));
  return 0;
}

int runCollect(const pwb::cli::Args& args) {
  if (args.positionals().size() != 1)
    throw pwb::cli::UsageError("unexpected argument '" + args.positionals()[1] + "'");
  const pwb::sweep::SweepDir dir(args.require("dir"));
  pwb::store::RunStore project(args.require("db"));
  const auto c = pwb::sweep::collectSweep(dir, project);
  if (args.has("json")) {
    std::cout << nlohmann::json{{"tasks_done", c.tasksDone},
                                {"tasks_not_done", c.tasksNotDone},
                                {"runs_added", c.runsAdded},
                                {"runs_present", c.runsPresent}}
                     .dump(2)
              << "\n";
  } else {
    std::cout << "collected " << c.runsAdded << " runs from " << c.tasksDone << " done tasks into "
              << project.path() << " (" << c.runsPresent << " already there; " << c.tasksNotDone
              << " tasks not done)\n";
  }
  return 0;
}

pwb::cli::SweepSubcommandRegistrar status{
    {"status",
     "pwb sweep status --dir DIR [--json]",
     "  Every task's state: pending, running, done, failed or cancelled, with its job and why it failed.\n"
     "  --dir DIR            the sweep folder\n"
     "  --json               as JSON\n",
     {"dir"},
     {"json"},
     runStatus,
     40}};

pwb::cli::SweepSubcommandRegistrar collect{
    {"collect",
     "pwb sweep collect --dir DIR --db PROJECT [--json]",
     "  Merges the runs of the done tasks into PROJECT in one transaction (all or nothing); runs already\n"
     "  in PROJECT (same run uid) are skipped, so collecting twice adds nothing.\n"
     "  --dir DIR            the sweep folder\n"
     "  --db PROJECT         the project file\n"
     "  --json               the counts as JSON\n",
     {"dir", "db"},
     {"json"},
     runCollect,
     45}};

}  // namespace
