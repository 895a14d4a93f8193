#include "store/sweep_summary.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "common/error.h"
#include "store/canonical_config.h"
#include "store/group_names.h"

namespace pwb::store {
namespace {

const nlohmann::json* find(const nlohmann::json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(key);
  return it == j.end() || it->is_null() ? nullptr : &*it;
}

// Numbers and strings are axis values; anything else (a list, an object) is shown as its JSON text.
nlohmann::json axisValue(const nlohmann::json& v) {
  if (v.is_number() || v.is_string()) return v;
  if (v.is_boolean()) return v.get<bool>() ? "on" : "off";
  return v.dump();
}

}  // namespace

const std::vector<std::string>& sweepParamNames() {
  static const std::vector<std::string> names = {
      "method", "model", "template",   "verbalizer", "poles",
      "k",      "lr",    "batch_size", "steps",      "prompt_length"};
  return names;
}

nlohmann::json runSweepParams(const RunRecord& run) {
  nlohmann::json p = nlohmann::json::object();
  if (!run.method.empty()) p["method"] = run.method;
  for (const char* key : {"model", "template", "verbalizer", "poles", "k", "lr", "batch_size", "steps"}) {
    if (const auto* v = find(run.config, key)) p[key] = axisValue(*v);
  }
  // A run given an lr / batch grid picks one value on dev itself; its config's single value is then not
  // the one that trained the reported model, the results' is.
  for (const auto& [grid, key] : {std::pair{"lr_grid", "lr"}, std::pair{"batch_grid", "batch_size"}}) {
    const auto* g = find(run.config, grid);
    const auto* chosen = find(run.results, key);
    if (g && g->is_array() && g->size() > 1 && chosen && chosen->is_number()) p[key] = *chosen;
  }
  if (const auto* mc = find(run.config, "method_config")) {
    if (const auto* n = find(*mc, "num_virtual_tokens"); n && n->is_number()) p["prompt_length"] = *n;
  }
  return p;
}

std::vector<BestConfig> bestPerMethod(const std::vector<SweepPoint>& points) {
  // Configurations, each with its points. Grouped on the points' own config keys (the stored ones),
  // in order of first appearance; values sorted by seed, then run id, as groupByConfig does.
  std::map<int64_t, const SweepPoint*> byRun;
  std::vector<ConfigGroup> groups;
  std::map<std::string, size_t> index;
  for (const auto& p : points) {
    if (!p.dev || std::isnan(*p.dev)) continue;
    byRun[p.runId] = &p;
    // The trainer's config does not name the method, so two methods with equal settings share a key.
    const std::string groupKey = p.method + '\n' + p.configKey;
    auto it = index.find(groupKey);
    if (it == index.end()) {
      it = index.emplace(groupKey, groups.size()).first;
      ConfigGroup g;
      g.configKey = p.configKey;
      g.config = nlohmann::json::parse(p.configKey, nullptr, false);
      if (g.config.is_discarded()) g.config = nlohmann::json::object();
      g.method = p.method;
      groups.push_back(std::move(g));
    }
    groups[it->second].values.push_back(SeedValue{p.runId, p.seed, *p.dev});
  }
  for (auto& g : groups) {
    std::stable_sort(g.values.begin(), g.values.end(), [](const SeedValue& a, const SeedValue& b) {
      if (a.seed != b.seed) return a.seed < b.seed;
      return a.runId < b.runId;
    });
    std::vector<double> v;
    for (const auto& sv : g.values) v.push_back(sv.value);
    g.stats = summarize(v);
  }
  const auto names = groupNames(groups);

  std::map<std::string, std::vector<size_t>> perMethod;  // sorted by method name
  for (size_t i = 0; i < groups.size(); ++i) perMethod[groups[i].method].push_back(i);

  std::vector<BestConfig> best;
  for (const auto& [method, members] : perMethod) {
    size_t top = members.front();
    for (size_t i : members) {
      const auto& a = groups[i].stats;
      const auto& b = groups[top].stats;
      const bool tie = std::abs(a.mean - b.mean) <= 1e-12;
      const bool better =
          tie ? (a.n != b.n ? a.n > b.n : groups[i].configKey < groups[top].configKey) : a.mean > b.mean;
      if (better) top = i;
    }
    const auto& g = groups[top];
    BestConfig b;
    b.method = method;
    b.configKey = g.configKey;
    b.config = g.config;
    b.label = names[top];
    b.dev = g.stats;
    b.configurations = static_cast<int64_t>(members.size());
    std::vector<double> tests;
    for (const auto& sv : g.values) {
      b.runIds.push_back(sv.runId);
      const auto* p = byRun[sv.runId];
      if (p->test && !std::isnan(*p->test)) tests.push_back(*p->test);
    }
    b.test = summarize(tests);
    b.params = byRun[g.values.front().runId]->params;
    best.push_back(std::move(b));
  }
  return best;
}

SweepSummary summarizeSweep(RunStore& store, const SweepSummaryOptions& options) {
  RunFilter filter = options.filter;
  filter.status = RunStatus::Finished;
  filter.newestFirst = false;
  SweepSummary out;
  std::vector<RunRecord> runs;
  size_t regression = 0;
  for (auto& run : store.listRuns(filter)) {
    if (!options.uids.empty() && !options.uids.count(run.uid)) continue;
    const auto* task = find(run.config, "task");
    if (task != nullptr && *task == "regression") ++regression;
    runs.push_back(std::move(run));
  }
  out.devMetric = options.devMetric;
  out.testMetric = options.testMetric;
  if (out.devMetric.empty() || out.testMetric.empty()) {
    if (regression > 0 && regression < runs.size())
      throw Error(std::to_string(regression) + " of the " + std::to_string(runs.size()) +
                  " runs are regression runs and the others classification: choose one task's runs (a "
                  "method) or name the metric (best_dev_pearson or best_dev_accuracy)");
    const bool byPearson = regression > 0;
    if (out.devMetric.empty()) out.devMetric = byPearson ? "best_dev_pearson" : "best_dev_accuracy";
    if (out.testMetric.empty()) out.testMetric = byPearson ? "test_pearson" : "test_accuracy";
  }
  std::set<std::string> present;
  for (const auto& run : runs) {
    SweepPoint p;
    p.runId = run.id;
    p.name = run.name;
    p.method = run.method;
    p.seed = run.seed;
    p.configKey = run.configKey.empty() ? configKey(run.config) : run.configKey;
    p.params = runSweepParams(run);
    p.dev = runValue(store, run, out.devMetric);
    p.test = runValue(store, run, out.testMetric);
    for (auto it = p.params.begin(); it != p.params.end(); ++it) present.insert(it.key());
    out.points.push_back(std::move(p));
  }
  std::sort(out.points.begin(), out.points.end(),
            [](const SweepPoint& a, const SweepPoint& b) { return a.runId < b.runId; });
  for (const auto& name : sweepParamNames()) {
    if (!present.count(name)) continue;
    out.params.push_back(name);
    std::set<std::string> seen;
    for (const auto& p : out.points) seen.insert(p.params.contains(name) ? p.params[name].dump() : "");
    if (seen.size() > 1) out.varying.push_back(name);
  }
  out.best = bestPerMethod(out.points);
  return out;
}

}  // namespace pwb::store
