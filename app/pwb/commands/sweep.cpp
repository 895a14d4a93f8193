// pwb sweep: sweeps over training settings (core/sweep/SWEEPS.md). Dispatches to the sub-commands that
// registered themselves (sweep_*.cpp).
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "command_registry.h"
#include "common/error.h"
#include "sweep_command.h"

namespace pwb::cli {

std::vector<SweepSubcommand>& sweepSubcommands() {
  static std::vector<SweepSubcommand> all;
  return all;
}

SweepSubcommandRegistrar::SweepSubcommandRegistrar(SweepSubcommand s) {
  sweepSubcommands().push_back(std::move(s));
}

bool confirmRunCount(size_t runs, int64_t maxRuns, bool yes) {
  if (static_cast<int64_t>(runs) <= maxRuns || yes) return true;
  const std::string what = "the sweep has " + std::to_string(runs) + " runs, more than its limit of " +
                           std::to_string(maxRuns) + " (\"max_runs\")";
  if (!::isatty(0)) {
    std::cerr << "pwb sweep: " << what << "; pass --yes to run them\n";
    return false;
  }
  std::cerr << what << ". Run them all? [y/N] " << std::flush;
  std::string answer;
  std::getline(std::cin, answer);
  if (answer == "y" || answer == "Y" || answer == "yes") return true;
  std::cerr << "pwb sweep: not confirmed; nothing was started\n";
  return false;
}

std::string defaultSweepDir(const std::string& projectPath, const std::string& sweepName) {
  std::filesystem::path p(projectPath);
  if (p.extension() == ".sqlite") p.replace_extension();
  return p.string() + ".sweeps/" + sweepName;
}

std::string selfProgram() {
  std::error_code ec;
  const auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) throw Error("cannot find this program's path (/proc/self/exe): " + ec.message());
  return p.string();
}

}  // namespace pwb::cli

namespace {

using pwb::cli::SweepSubcommand;

std::vector<SweepSubcommand> sorted() {
  auto subs = pwb::cli::sweepSubcommands();
  std::stable_sort(subs.begin(), subs.end(), [](const auto& a, const auto& b) {
    return a.order != b.order ? a.order < b.order : a.name < b.name;
  });
  return subs;
}

std::string usage() {
  std::string text = "Usage:\n";
  const auto subs = sorted();
  for (const auto& s : subs) text += "  " + s.synopsis + "\n";
  text +=
      "\nA sweep file (JSON, see core/sweep/SWEEPS.md) gives fixed `pwb train` settings and axes of values\n"
      "(method, template, verbalizer, model, k, seed, lr, batch, steps, soft-tokens, prefix-length, ...).\n"
      "Every run trains one configuration with one seed into its own run file in the sweep folder\n"
      "(tasks/<I>.sqlite), never into the project; collect merges the finished ones into the project.\n";
  for (const auto& s : subs) text += "\n" + s.name + ":\n" + s.help;
  return text;
}

int runSweep(const std::vector<std::string>& argv) {
  std::set<std::string> values, flags;
  for (const auto& s : pwb::cli::sweepSubcommands()) {
    values.insert(s.valueOptions.begin(), s.valueOptions.end());
    flags.insert(s.flags.begin(), s.flags.end());
  }
  const pwb::cli::Args args(argv, values, flags);
  if (args.help()) {
    std::cout << usage();
    return 0;
  }
  if (args.positionals().empty()) throw pwb::cli::UsageError("which sweep command? (see pwb sweep --help)");
  const std::string name = args.positionals()[0];
  for (const auto& s : pwb::cli::sweepSubcommands()) {
    if (s.name != name) continue;
    for (const auto& v : values)
      if (args.has(v) && !s.valueOptions.count(v) && !s.flags.count(v))
        throw pwb::cli::UsageError("--" + v + " is not an option of `pwb sweep " + name + "`");
    for (const auto& f : flags)
      if (args.has(f) && !s.flags.count(f) && !s.valueOptions.count(f))
        throw pwb::cli::UsageError("--" + f + " is not an option of `pwb sweep " + name + "`");
    return s.run(args);
  }
  std::string known;
  for (const auto& s : sorted()) known += (known.empty() ? "" : ", ") + s.name;
  throw pwb::cli::UsageError("unknown sweep command '" + name + "' (known: " + known + ")");
}

pwb::cli::CommandRegistrar reg{
    {"sweep", "sweeps over methods and hyperparameters: plan, run locally, collect into a project",
     "Usage:\n  pwb sweep <command> ...   (pwb sweep --help lists the commands)\n", runSweep}};

}  // namespace
