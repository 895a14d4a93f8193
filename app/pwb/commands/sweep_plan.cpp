// pwb sweep plan: the runs a sweep file expands to and an estimate of what they cost.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "sweep/sweep_cost.h"
#include "sweep/sweep_expand.h"
#include "sweep/sweep_spec.h"
#include "sweep_command.h"

namespace {

// Non-empty lines of a data file (a header line counts too: this is an estimate); 0 when unreadable.
int64_t countLines(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  int64_t n = 0;
  while (std::getline(in, line))
    if (!line.empty()) ++n;
  return n;
}

std::string valueText(const nlohmann::json& v) {
  return v.is_string() ? v.get<std::string>() : v.dump();
}

std::string duration(double seconds) {
  char buf[64];
  if (seconds < 120) {
    std::snprintf(buf, sizeof buf, "%.0f s", seconds);
  } else if (seconds < 7200) {
    std::snprintf(buf, sizeof buf, "%.1f min", seconds / 60);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f h", seconds / 3600);
  }
  return buf;
}

int runPlan(const pwb::cli::Args& args) {
  if (args.positionals().size() != 2) throw pwb::cli::UsageError("pwb sweep plan FILE: give one sweep file");
  const auto spec = pwb::sweep::parseSweepFile(args.positionals()[1]);
  const auto tasks = pwb::sweep::expandSweep(spec);
  std::map<std::string, int64_t> testRows;
  std::map<std::string, std::pair<int64_t, double>> perMethod;  // runs, seconds
  std::vector<double> seconds;
  double total = 0;
  for (const auto& t : tasks) {
    const std::string test = t.settings.value("test", std::string());
    if (!testRows.count(test)) testRows[test] = countLines(test);
    const double s = pwb::sweep::estimateTask(t, spec, testRows[test]).total();
    seconds.push_back(s);
    total += s;
    auto& m = perMethod[t.settings.value("method", std::string("prompt-ft"))];
    ++m.first;
    m.second += s;
  }
  const auto& figures = pwb::sweep::builtinCostFigures();
  if (args.has("json")) {
    nlohmann::json list = nlohmann::json::array(), methods = nlohmann::json::object();
    for (size_t i = 0; i < tasks.size(); ++i)
      list.push_back({{"index", tasks[i].index},
                      {"key", tasks[i].key},
                      {"settings", tasks[i].settings},
                      {"estimated_seconds", seconds[i]}});
    for (const auto& [m, v] : perMethod) methods[m] = {{"runs", v.first}, {"estimated_seconds", v.second}};
    std::cout << nlohmann::json{{"name", spec.name},
                                {"mode", spec.mode == pwb::sweep::SweepMode::Grid ? "grid" : "random"},
                                {"runs", tasks.size()},
                                {"grid_size", pwb::sweep::gridSize(spec)},
                                {"max_runs", spec.maxRuns},
                                {"estimated_seconds", total},
                                {"per_method", methods},
                                {"cost_source",
                                 spec.secondsPerStep.empty()
                                     ? figures.source
                                     : "the sweep file's seconds_per_step, else " + figures.source},
                                {"tasks", list}}
                     .dump(2)
              << "\n";
    return 0;
  }
  std::cout << "sweep " << spec.name << ": " << tasks.size() << " runs ("
            << (spec.mode == pwb::sweep::SweepMode::Grid ? "grid" : "random") << "), limit " << spec.maxRuns
            << (static_cast<int64_t>(tasks.size()) > spec.maxRuns ? " -- over the limit: run needs --yes"
                                                                  : "")
            << "\n\n";
  // Only the settings that vary are shown per run.
  std::vector<std::string> axes;
  for (const auto& [name, values] : spec.axes) axes.push_back(name);
  std::printf("%6s  %-16s  %10s  %s\n", "index", "key", "est.", "settings");
  for (size_t i = 0; i < tasks.size(); ++i) {
    std::string varied;
    for (const auto& a : axes)
      if (tasks[i].settings.contains(a))
        varied += (varied.empty() ? "" : " ") + a + "=" + valueText(tasks[i].settings[a]);
    std::printf("%6lld  %-16s  %10s  %s\n", static_cast<long long>(tasks[i].index), tasks[i].key.c_str(),
                duration(seconds[i]).c_str(), varied.c_str());
  }
  std::cout << "\nestimate: " << duration(total) << " of training and evaluation in all";
  for (int w : {2, 4, 8})
    if (tasks.size() >= static_cast<size_t>(w))
      std::cout << ", ~" << duration(total / w) << " with " << w << " workers";
  std::cout << "\n";
  for (const auto& [m, v] : perMethod)
    std::cout << "  " << m << ": " << v.first << " runs, " << duration(v.second) << "\n";
  std::cout << "figures: "
            << (spec.secondsPerStep.empty() ? figures.source
                                            : "the sweep file's seconds_per_step, else " + figures.source)
            << "\n";
  return 0;
}

pwb::cli::SweepSubcommandRegistrar reg{
    {"plan",
     "pwb sweep plan FILE [--json]",
     "  Prints the runs FILE expands to (index, task key, estimated time, the settings that vary) and the\n"
     "  estimated cost: seconds per step of each method (bench_train figures, see "
     "core/sweep/sweep_cost.cpp,\n"
     "  or the file's \"seconds_per_step\") x steps x batch/8, plus dev and test evaluation.\n"
     "  --json               the plan as JSON (every run's full settings)\n",
     {},
     {"json"},
     runPlan,
     10}};

}  // namespace
