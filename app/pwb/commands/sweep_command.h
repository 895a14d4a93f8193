#pragma once
// `pwb sweep <sub-command>`: each sub-command (plan, run, task, status, collect, and the Slurm ones)
// registers itself from its own file, like the commands do, so adding one touches no other file.
// `pwb sweep` parses the union of all sub-commands' options (one option table: --help and
// PWB_LIST_OPTIONS show them all) and refuses an option that the chosen sub-command does not take.
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "cli_args.h"

namespace pwb::cli {

struct SweepSubcommand {
  std::string name;      // "plan"
  std::string synopsis;  // "pwb sweep plan FILE [--json]" (one or more lines, no trailing newline)
  std::string help;      // what it does and its options, indented by two spaces, ending in a newline
  std::set<std::string> valueOptions, flags;
  std::function<int(const Args&)> run;  // positionals()[0] is the sub-command's name
  int order = 50;                       // place in the usage text (lower first)
};

std::vector<SweepSubcommand>& sweepSubcommands();

struct SweepSubcommandRegistrar {
  explicit SweepSubcommandRegistrar(SweepSubcommand s);
};

// More runs than the sweep's limit need a yes: --yes, or "y" typed on a terminal. Returns false (after
// saying why on stderr) when not confirmed. For `pwb sweep run` and `pwb sweep submit`.
bool confirmRunCount(size_t runs, int64_t maxRuns, bool yes);

// The default sweep folder: "<project without .sqlite>.sweeps/<sweep name>".
std::string defaultSweepDir(const std::string& projectPath, const std::string& sweepName);

// The path of this pwb program (/proc/self/exe), to start `pwb sweep task` workers with.
std::string selfProgram();

}  // namespace pwb::cli
