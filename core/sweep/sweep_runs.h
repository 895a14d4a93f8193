#pragma once
// Which runs of a project belong to a sweep: the runs its done tasks recorded, named by the run_uid of their
// exit markers (a collected run keeps its uid, see sweep_collect.h). `pwb sweep best --dir` and the GUI's
// Sweeps view read a sweep's results through these uids. Torch-free.
#include <set>
#include <string>

#include "sweep/sweep_dir.h"

namespace pwb::sweep {

// The run uids of DIR's done tasks (exit code 0); throws pwb::Error naming plan.json or a damaged marker.
std::set<std::string> sweepRunUids(const SweepDir& dir);

}  // namespace pwb::sweep
