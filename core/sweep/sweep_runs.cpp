#include "sweep/sweep_runs.h"

namespace pwb::sweep {

std::set<std::string> sweepRunUids(const SweepDir& dir) {
  std::set<std::string> uids;
  for (const auto& task : dir.readPlan()) {
    const auto exit = dir.readExit(task.index);
    if (exit && exit->exitCode == 0 && !exit->runUid.empty()) uids.insert(exit->runUid);
  }
  return uids;
}

}  // namespace pwb::sweep
