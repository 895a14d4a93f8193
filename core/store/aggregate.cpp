#include "store/aggregate.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "store/canonical_config.h"
#include "store/statement.h"

namespace pwb::store {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void flatten(const nlohmann::json& j, const std::string& prefix, std::map<std::string, std::string>& out) {
  if (j.is_object() && !j.empty()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      flatten(it.value(), prefix.empty() ? it.key() : prefix + "." + it.key(), out);
    }
  } else {
    out[prefix] = j.is_string() ? j.get<std::string>() : j.dump();
  }
}

}  // namespace

Stats summarize(const std::vector<double>& values) {
  Stats s;
  s.n = static_cast<int64_t>(values.size());
  if (values.empty()) {
    s.mean = s.popStd = s.sampleStd = s.median = s.min = s.max = kNaN;
    return s;
  }
  double sum = 0;
  for (double v : values) sum += v;
  s.mean = sum / static_cast<double>(values.size());
  // Two passes: the sum of squared deviations from the mean, not E[x^2] - E[x]^2 (which cancels badly
  // for accuracies that agree to three digits).
  double ss = 0;
  for (double v : values) ss += (v - s.mean) * (v - s.mean);
  s.popStd = std::sqrt(ss / static_cast<double>(values.size()));
  s.sampleStd = values.size() > 1 ? std::sqrt(ss / static_cast<double>(values.size() - 1)) : kNaN;
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  const size_t mid = sorted.size() / 2;
  s.median = sorted.size() % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
  s.min = sorted.front();
  s.max = sorted.back();
  return s;
}

std::vector<ConfigGroup> groupByConfig(const std::vector<RunValue>& values) {
  std::vector<ConfigGroup> groups;
  std::map<std::string, size_t> index;
  for (const auto& rv : values) {
    const std::string key = configKey(rv.config);
    auto it = index.find(key);
    if (it == index.end()) {
      it = index.emplace(key, groups.size()).first;
      ConfigGroup g;
      g.configKey = key;
      g.config = withoutSeed(rv.config);
      g.method = rv.method;
      groups.push_back(std::move(g));
    }
    groups[it->second].values.push_back(SeedValue{rv.runId, rv.seed, rv.value});
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
  labelGroups(groups);
  return groups;
}

void labelGroups(std::vector<ConfigGroup>& groups) {
  std::vector<std::map<std::string, std::string>> flat(groups.size());
  std::set<std::string> allKeys;
  for (size_t i = 0; i < groups.size(); ++i) {
    flatten(groups[i].config, "", flat[i]);
    for (const auto& kv : flat[i]) allKeys.insert(kv.first);
  }
  std::vector<std::string> differing;
  for (const auto& k : allKeys) {
    if (k == "method") continue;  // already the first word of the label
    std::set<std::string> seen;
    for (const auto& f : flat) {
      auto it = f.find(k);
      seen.insert(it == f.end() ? std::string("\x01missing") : it->second);
    }
    if (seen.size() > 1) differing.push_back(k);
  }
  for (size_t i = 0; i < groups.size(); ++i) {
    std::string label = groups[i].method;
    for (const auto& k : differing) {
      auto it = flat[i].find(k);
      if (it == flat[i].end()) continue;
      label += (label.empty() ? "" : " ") + k + "=" + it->second;
    }
    groups[i].label = label;
  }
}

std::optional<double> runValue(RunStore& store, const RunRecord& run, const std::string& metric) {
  auto r = run.results.find(metric);
  if (r != run.results.end() && r->is_number()) return r->get<double>();

  const auto underscore = metric.find('_');
  if (underscore != std::string::npos && underscore > 0) {
    const std::string split = metric.substr(0, underscore), field = metric.substr(underscore + 1);
    Statement st(store.database(),
                 "SELECT accuracy, macro_f1, n, metrics FROM evaluations WHERE run_id = ? AND split = ? "
                 "ORDER BY id DESC LIMIT 1");
    st.bind(1, run.id).bind(2, split);
    if (st.step()) {
      if (field == "accuracy" && !st.isNull(0)) return st.getDouble(0);
      if (field == "macro_f1" && !st.isNull(1)) return st.getDouble(1);
      if (field == "n") return static_cast<double>(st.getInt64(2));
      const auto m = nlohmann::json::parse(st.getText(3), nullptr, false);
      if (m.is_object()) {
        auto f = m.find(field);
        if (f != m.end() && f->is_number()) return f->get<double>();
      }
    }
  }

  Statement st(
      store.database(),
      "SELECT value FROM metrics WHERE run_id = ? AND key = ? ORDER BY step DESC, time DESC LIMIT 1");
  st.bind(1, run.id).bind(2, metric);
  if (st.step()) return st.getDouble(0);
  return std::nullopt;
}

std::vector<ConfigGroup> groupRuns(RunStore& store, const AggregateOptions& options) {
  RunFilter filter = options.filter;
  if (!options.includeUnfinished) filter.status = RunStatus::Finished;
  filter.newestFirst = false;
  std::vector<RunValue> values;
  for (const auto& run : store.listRuns(filter)) {
    const auto v = runValue(store, run, options.metric);
    if (!v) continue;
    values.push_back(RunValue{run.id, run.method, run.config, run.seed, *v});
  }
  return groupByConfig(values);
}

}  // namespace pwb::store
