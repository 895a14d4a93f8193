#pragma once
// The sub-commands of `pwb sweep` that talk to Slurm (submit, cancel, resubmit), in their own file so the
// Slurm part and the local sweep commands (sweep.cpp) change independently. sweep.cpp dispatches to them
// and asks slurmStatesForStatus() for the scheduler's view in `pwb sweep status`.
#include <functional>
#include <string>
#include <vector>

#include "sweep/sweep_dir.h"
#include "sweep/sweep_status.h"

namespace pwb::cli {

struct SweepSubcommand {
  std::string name;                                         // "submit"
  std::string summary;                                      // one line for `pwb sweep --help`
  std::string usage;                                        // full text for `pwb sweep submit --help`
  std::function<int(const std::vector<std::string>&)> run;  // arguments after the sub-command name
};

const std::vector<SweepSubcommand>& slurmSweepSubcommands();

// What Slurm says about the tasks of DIR when it was submitted (empty when never submitted, or when the
// Slurm commands are missing); query failures are printed to stderr as warnings.
sweep::SchedulerStates slurmStatesForStatus(const sweep::SweepDir& dir);

}  // namespace pwb::cli
