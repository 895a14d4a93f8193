// pwb runs: the runs of a project file — a list, groups by configuration with mean/std over seeds, one
// run in detail, and the examples that flip between two runs or evaluations. Everything is computed by
// core/store (groupRuns, diffEvaluations), so the GUI's runs view shows the same numbers.
#include <cmath>
#include <ctime>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_args.h"
#include "combine/run_lineage.h"
#include "command_registry.h"
#include "common/error.h"
#include "common/text_file.h"
#include "output_format.h"
#include "store/aggregate.h"
#include "store/example_diff.h"
#include "store/metric_format.h"
#include "store/run_store.h"
#include "store/state_artifact.h"

namespace {

using namespace pwb::store;

const char* kUsage = R"(Usage:
  pwb runs --db FILE [--group] [--metric KEY] [--status S] [--method M] [--all]
           [--output-format md|csv|json | --json]
  pwb runs show ID --db FILE [--output-format md|json | --json]
  pwb runs diff A B --db FILE [--split test] [--limit N] [--output-format md|csv|json | --json]

Lists the runs stored in a project file (a Prompt Workbench SQLite database). Runs whose trainer
process died are marked interrupted, as on every open; nothing else is written.

  --db FILE            the project file
  --group              one row per configuration (the config without its seed): n, mean, sample std,
                       population std, median, min, max and the per-seed values of --metric
  --metric KEY         the number summarised (default test_accuracy): a key of the run's results, else
                       <split>_<field> of its latest evaluation on that split (accuracy, macro_f1, n or a
                       key of its metrics), else the run's last step metric KEY
  --status S           only runs with this status (queued, running, finished, cancelled, failed,
                       interrupted); --group uses finished runs unless --all is given
  --method M           only runs of this method
  --all                --group: include runs that did not finish
  --output-format F    md (default, a Markdown table), csv or json
  --json               same as --output-format json

  show ID              every field of run ID, the runs it was made from (an ensemble's members, ...; a
                       deleted one is marked missing), its config, results, step metrics, evaluations
                       and artifacts
  diff A B             per-example comparison of two evaluations: A and B are run ids (their latest
                       evaluation on --split) or evaluation ids written e:ID; lists every example whose
                       prediction differs
  --split S            the split used for run ids in diff (default test)
  --limit N            at most N flipped examples listed (default all)
)";

std::string isoTime(std::optional<double> t) {
  if (!t) return "";
  const std::time_t s = static_cast<std::time_t>(*t);
  std::tm tm{};
  gmtime_r(&s, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string fixed(double v, int digits = 4) {
  if (std::isnan(v)) return "";
  std::ostringstream os;
  os.setf(std::ios::fixed);
  os.precision(digits);
  os << v;
  return os.str();
}

nlohmann::json number(double v) {
  return std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v);
}

// A table printed as Markdown (aligned pipes) or CSV (RFC 4180 quoting).
struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  void print(std::ostream& os, const std::string& format) const {
    if (format == "csv") {
      auto quote = [](const std::string& s) {
        if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
        std::string q = "\"";
        for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
        return q + "\"";
      };
      for (const auto* row : rowsWithHeader()) {
        for (size_t i = 0; i < row->size(); ++i) os << (i ? "," : "") << quote((*row)[i]);
        os << "\n";
      }
      return;
    }
    std::vector<size_t> width(header.size(), 3);
    for (const auto* row : rowsWithHeader()) {
      for (size_t i = 0; i < row->size() && i < width.size(); ++i)
        width[i] = std::max(width[i], cell((*row)[i]).size());
    }
    auto line = [&](const std::vector<std::string>& row) {
      os << "|";
      for (size_t i = 0; i < width.size(); ++i) {
        const std::string c = i < row.size() ? cell(row[i]) : "";
        os << " " << c << std::string(width[i] - c.size(), ' ') << " |";
      }
      os << "\n";
    };
    line(header);
    os << "|";
    for (size_t w : width) os << std::string(w + 2, '-') << "|";
    os << "\n";
    for (const auto& r : rows) line(r);
  }

 private:
  std::vector<const std::vector<std::string>*> rowsWithHeader() const {
    std::vector<const std::vector<std::string>*> all{&header};
    for (const auto& r : rows) all.push_back(&r);
    return all;
  }
  // Markdown cells cannot hold '|' or newlines.
  static std::string cell(const std::string& s) {
    std::string out;
    for (char c : s) out += c == '|' ? std::string("\\|") : c == '\n' ? std::string(" ") : std::string(1, c);
    return out;
  }
};

// Opened writable when the file allows it, so that runs of crashed trainers are marked interrupted (as
// any open does), but never created: a mistyped --db must not leave an empty project behind.
RunStore openProject(const std::string& path) {
  if (!pwb::fileExists(path)) throw pwb::fileError(path, "no such project file");
  return RunStore(path);
}

int64_t parseId(const std::string& text, const char* what) {
  try {
    size_t used = 0;
    const long long v = std::stoll(text, &used);
    if (used == text.size() && v > 0) return v;
  } catch (const std::exception&) {
  }
  throw pwb::Error(std::string("expected a ") + what + " id (a positive integer), got '" + text + "'");
}

nlohmann::json runJson(const RunRecord& r) {
  auto opt = [](const auto& o) { return o ? nlohmann::json(*o) : nlohmann::json(nullptr); };
  return {{"id", r.id},
          {"name", r.name},
          {"method", r.method},
          {"status", runStatusName(r.status)},
          {"seed", opt(r.seed)},
          {"config", r.config},
          {"config_key", r.configKey},
          {"kshot_checksum", r.kshotChecksum},
          {"dataset_id", opt(r.datasetId)},
          {"model_id", opt(r.modelId)},
          {"template_id", opt(r.templateId)},
          {"verbalizer_id", opt(r.verbalizerId)},
          {"device", r.device},
          {"created_at", isoTime(r.createdAt)},
          {"started_at", isoTime(r.startedAt)},
          {"ended_at", isoTime(r.endedAt)},
          {"error", r.error},
          {"program_version", r.programVersion},
          {"versions", r.versions},
          {"results", r.results},
          {"host", r.host},
          {"pid", opt(r.pid)}};
}

std::string configString(const nlohmann::json& config, const char* key) {
  return config.is_object() && config.contains(key) && config[key].is_string()
             ? config[key].get<std::string>()
             : std::string();
}

std::string datasetText(const DatasetRecord& d) {
  return d.path + (d.format.empty() ? "" : " (" + d.format) +
         (d.rows > 0 ? (d.format.empty() ? " (" : ", ") + std::to_string(d.rows) + " rows)"
                     : (d.format.empty() ? "" : ")"));
}

std::string verbalizerText(const VerbalizerRecord& v) {
  return v.name.empty() || v.name == v.spec ? v.spec : v.name + ": " + v.spec;
}

// The run's results for people: "test_accuracy 60.1 %, best_step 30, ..." (rates in percent, as everywhere
// else); nested values as JSON.
std::string resultsText(const nlohmann::json& results) {
  if (!results.is_object()) return results.dump();
  std::string out;
  for (auto it = results.begin(); it != results.end(); ++it) {
    std::string value;
    if (it.value().is_number()) {
      value = formatMetric(it.key(), it.value().get<double>());
      if (isRateMetric(it.key()) && !value.empty()) value += " %";
    } else {
      value = it.value().dump();
    }
    out += (out.empty() ? "" : ", ") + it.key() + " " + value;
  }
  return out;
}

std::string duration(const RunRecord& r) {
  if (!r.startedAt || !r.endedAt) return "";
  return fixed(*r.endedAt - *r.startedAt, 1);
}

int listRuns(RunStore& store, const pwb::cli::Args& args) {
  const std::string format = pwb::cli::outputFormatFrom(args, {"md", "csv", "json"});
  const std::string metric = args.get("metric", "test_accuracy");
  RunFilter filter;
  if (args.has("status")) filter.status = parseRunStatus(args.get("status"));
  filter.method = args.get("method");

  if (args.has("group")) {
    AggregateOptions opts;
    opts.metric = metric;
    opts.filter = filter;
    opts.includeUnfinished = args.has("all") || filter.status.has_value();
    const auto groups = groupRuns(store, opts);
    const auto show = [&](double v) { return formatMetric(metric, v); };
    if (format == "json") {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& g : groups) {
        nlohmann::json values = nlohmann::json::array();
        for (const auto& v : g.values) {
          values.push_back({{"run_id", v.runId},
                            {"seed", v.seed ? nlohmann::json(*v.seed) : nullptr},
                            {"value", number(v.value)}});
        }
        out.push_back({{"label", g.label},
                       {"method", g.method},
                       {"config", g.config},
                       {"metric", metric},
                       {"n", g.stats.n},
                       {"mean", number(g.stats.mean)},
                       {"std", number(g.stats.sampleStd)},
                       {"pop_std", number(g.stats.popStd)},
                       {"median", number(g.stats.median)},
                       {"min", number(g.stats.min)},
                       {"max", number(g.stats.max)},
                       {"values", values}});
      }
      std::cout << out.dump(2) << "\n";
      return 0;
    }
    Table t;
    t.header = {"configuration", "n", "mean", "std", "pop std", "median", "min", "max", "per seed"};
    for (const auto& g : groups) {
      std::string seeds;
      for (const auto& v : g.values) {
        seeds += (seeds.empty() ? "" : " ") +
                 (v.seed ? std::to_string(*v.seed) : "run" + std::to_string(v.runId)) + ":" + show(v.value);
      }
      t.rows.push_back({g.label, std::to_string(g.stats.n), show(g.stats.mean), show(g.stats.sampleStd),
                        show(g.stats.popStd), show(g.stats.median), show(g.stats.min), show(g.stats.max),
                        seeds});
    }
    if (format == "md") {
      std::cout << "Metric: " << metric << (isRateMetric(metric) ? " in %" : "")
                << " (std = sample standard deviation)\n\n";
    }
    t.print(std::cout, format);
    return 0;
  }

  const auto runs = store.listRuns(filter);
  if (format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : runs) {
      auto j = runJson(r);
      const auto v = runValue(store, r, metric);
      j[metric] = v ? number(*v) : nlohmann::json(nullptr);
      out.push_back(j);
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  Table t;
  t.header = {"id", "name", "method", "seed", "status", "device", "started", "seconds", metricHeader(metric)};
  for (const auto& r : runs) {
    const auto v = runValue(store, r, metric);
    t.rows.push_back({std::to_string(r.id), r.name, r.method, r.seed ? std::to_string(*r.seed) : "",
                      runStatusName(r.status), r.device, isoTime(r.startedAt), duration(r),
                      v ? formatMetric(metric, *v) : ""});
  }
  t.print(std::cout, format);
  return 0;
}

int showRun(RunStore& store, const pwb::cli::Args& args, int64_t id) {
  const std::string format = pwb::cli::outputFormatFrom(args, {"md", "json"});
  const RunRecord r = store.getRun(id);
  const auto keys = store.metricKeys(id);
  const auto evaluations = store.listEvaluations(id);
  const auto artifacts = store.listArtifacts(id);
  const auto lineage = pwb::combine::runLineage(store, id);
  if (format == "json") {
    nlohmann::json j = runJson(r);
    j["uid"] = r.uid;
    j["links"] = nlohmann::json::array();
    for (const auto& l : lineage) {
      j["links"].push_back({{"role", l.role},
                            {"position", l.position},
                            {"run_id", l.linkedRunId},
                            {"uid", l.linkedRunUid},
                            {"exists", l.exists},
                            {"name", l.name},
                            {"method", l.method},
                            {"status", l.status},
                            {"test_accuracy", l.testAccuracy ? nlohmann::json(*l.testAccuracy) : nullptr}});
    }
    j["metrics"] = nlohmann::json::object();
    for (const auto& k : keys) {
      nlohmann::json points = nlohmann::json::array();
      for (const auto& p : store.runMetrics(id, k)) points.push_back({p.step, number(p.value)});
      j["metrics"][k] = points;
    }
    j["evaluations"] = nlohmann::json::array();
    for (const auto& e : evaluations) {
      j["evaluations"].push_back({{"id", e.id},
                                  {"split", e.split},
                                  {"dataset", e.dataset},
                                  {"accuracy", number(e.accuracy)},
                                  {"macro_f1", number(e.macroF1)},
                                  {"n", e.n},
                                  {"metrics", e.metrics}});
    }
    j["artifacts"] = nlohmann::json::array();
    for (const auto& a : artifacts) {
      j["artifacts"].push_back({{"id", a.id},
                                {"kind", a.kind},
                                {"name", a.name},
                                {"path", a.path ? *a.path : ""},
                                {"size", a.size},
                                {"sha256", a.sha256},
                                {"meta", a.meta}});
    }
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  // The record the run points at, else (runs recorded before training filled those references, or by a
  // program that does not) the value its config holds.
  auto ref = [&](const std::optional<int64_t>& refId, const char* configKey, auto getter) -> std::string {
    if (refId) {
      try {
        return "#" + std::to_string(*refId) + " " + getter(*refId);
      } catch (const pwb::Error&) {
        if (!configString(r.config, configKey).empty()) return configString(r.config, configKey);
        return "#" + std::to_string(*refId) + " (missing)";
      }
    }
    return configString(r.config, configKey);
  };
  const std::string testSet = configString(r.config, "test");
  std::cout << "# Run " << r.id << (r.name.empty() ? "" : ": " + r.name) << "\n\n";
  Table f;
  f.header = {"field", "value"};
  f.rows = {
      {"method", r.method},
      {"status", runStatusName(r.status)},
      {"seed", r.seed ? std::to_string(*r.seed) : ""},
      {"device", r.device},
      {"created", isoTime(r.createdAt)},
      {"started", isoTime(r.startedAt)},
      {"ended", isoTime(r.endedAt)},
      {"seconds", duration(r)},
      {"error", r.error},
      {"k-shot manifest", r.kshotChecksum},
      {"data set", ref(r.datasetId, "train", [&](int64_t i) { return datasetText(store.getDataset(i)); })},
      {"test set", testSet},
      {"model", ref(r.modelId, "model", [&](int64_t i) { return store.getModel(i).path; })},
      {"template", ref(r.templateId, "template", [&](int64_t i) { return store.getTemplate(i).text; })},
      {"verbalizer",
       ref(r.verbalizerId, "verbalizer", [&](int64_t i) { return verbalizerText(store.getVerbalizer(i)); })},
      {"program", r.programVersion + (r.versions.empty() ? "" : " " + r.versions.dump())},
      {"owner", r.host + (r.pid ? " pid " + std::to_string(*r.pid) : "")},
      {"results", resultsText(r.results)},
      {"trained prompt", stateLocation(artifacts)}};
  f.print(std::cout, "md");
  if (!lineage.empty()) {
    // The runs this one was made from (an ensemble's members, a distilled classifier's teachers, ...).
    std::cout << "\n## Made from\n\n";
    for (const auto& l : lineage) std::cout << "- " << pwb::combine::lineageText(l) << "\n";
    const std::string missing = pwb::combine::missingLinksText(lineage);
    if (!missing.empty()) std::cout << "\nNote: " << missing << ".\n";
  }
  std::cout << "\n## Config\n\n```json\n" << r.config.dump(2) << "\n```\n";
  if (!keys.empty()) {
    Table m;
    m.header = {"metric", "points", "first step", "last step", "last", "min", "max"};
    for (const auto& k : keys) {
      const auto pts = store.runMetrics(id, k);
      double lo = NAN, hi = NAN;
      for (const auto& p : pts) {
        if (std::isnan(p.value)) continue;
        lo = std::isnan(lo) ? p.value : std::min(lo, p.value);
        hi = std::isnan(hi) ? p.value : std::max(hi, p.value);
      }
      m.rows.push_back({metricHeader(k), std::to_string(pts.size()), std::to_string(pts.front().step),
                        std::to_string(pts.back().step), formatMetric(k, pts.back().value),
                        formatMetric(k, lo), formatMetric(k, hi)});
    }
    std::cout << "\n## Step metrics\n\n";
    m.print(std::cout, "md");
  }
  if (!evaluations.empty()) {
    Table e;
    e.header = {"evaluation", "split", "data set", "accuracy (%)", "macro F1 (%)", "n"};
    for (const auto& ev : evaluations) {
      e.rows.push_back({std::to_string(ev.id), ev.split, ev.dataset, formatMetric("accuracy", ev.accuracy),
                        formatMetric("macro_f1", ev.macroF1), std::to_string(ev.n)});
    }
    std::cout << "\n## Evaluations\n\n";
    e.print(std::cout, "md");
  }
  if (!artifacts.empty()) {
    Table a;
    a.header = {"artifact", "kind", "name", "bytes", "sha256", "stored"};
    for (const auto& ar : artifacts) {
      a.rows.push_back({std::to_string(ar.id), ar.kind, ar.name, std::to_string(ar.size),
                        ar.sha256.substr(0, 16), ar.path ? *ar.path : "in the project"});
    }
    std::cout << "\n## Artifacts\n\n";
    a.print(std::cout, "md");
  }
  return 0;
}

// "12" -> the latest evaluation of run 12 on `split`; "e:7" -> evaluation 7.
int64_t resolveEvaluation(RunStore& store, const std::string& ref, const std::string& split) {
  if (ref.rfind("e:", 0) == 0) return parseId(ref.substr(2), "evaluation");
  return latestEvaluationOfRun(store, parseId(ref, "run"), split);
}

int diffRuns(RunStore& store, const pwb::cli::Args& args, const std::string& refA, const std::string& refB) {
  const std::string format = pwb::cli::outputFormatFrom(args, {"md", "csv", "json"});
  const std::string split = args.get("split", "test");
  const int limit = args.getInt("limit", -1);
  const auto a = store.getEvaluation(resolveEvaluation(store, refA, split));
  const auto b = store.getEvaluation(resolveEvaluation(store, refB, split));
  const EvaluationDiff d = diffEvaluations(a, b);
  const size_t shown = limit < 0 ? d.flips.size() : std::min(d.flips.size(), static_cast<size_t>(limit));
  if (format == "json") {
    nlohmann::json flips = nlohmann::json::array();
    for (size_t i = 0; i < shown; ++i) {
      const auto& f = d.flips[i];
      flips.push_back({{"index", f.index},
                       {"example_id", f.exampleId},
                       {"gold", f.gold ? nlohmann::json(*f.gold) : nullptr},
                       {"a", f.predictedA},
                       {"b", f.predictedB}});
    }
    std::cout << nlohmann::json{{"evaluation_a", d.evaluationA},
                                {"evaluation_b", d.evaluationB},
                                {"common", d.common},
                                {"only_a", d.onlyA},
                                {"only_b", d.onlyB},
                                {"labelled", d.labelled},
                                {"correct_a", d.correctA},
                                {"correct_b", d.correctB},
                                {"fixed", d.fixed},
                                {"broken", d.broken},
                                {"changed", d.changed},
                                {"flips", flips}}
                     .dump(2)
              << "\n";
    return 0;
  }
  Table t;
  t.header = {"index", "example", "gold", "A", "B", "change"};
  for (size_t i = 0; i < shown; ++i) {
    const auto& f = d.flips[i];
    const std::string change = !f.gold                   ? "changed"
                               : f.predictedB == *f.gold ? "fixed"
                               : f.predictedA == *f.gold ? "broken"
                                                         : "changed";
    t.rows.push_back(
        {std::to_string(f.index), f.exampleId, f.gold.value_or(""), f.predictedA, f.predictedB, change});
  }
  if (format == "md") {
    auto acc = [&](int64_t correct) {
      return d.labelled
                 ? formatMetric("accuracy", static_cast<double>(correct) / static_cast<double>(d.labelled)) +
                       " %"
                 : std::string("n/a");
    };
    std::cout << "A = evaluation " << d.evaluationA << " (" << refA << "), B = evaluation " << d.evaluationB
              << " (" << refB << ")\n"
              << d.common << " examples in both (" << d.onlyA << " only in A, " << d.onlyB
              << " only in B); accuracy A " << acc(d.correctA) << ", B " << acc(d.correctB) << " on "
              << d.labelled << " labelled\n"
              << d.flips.size() << " predictions differ: " << d.fixed << " fixed by B, " << d.broken
              << " broken by B, " << d.changed << " otherwise changed"
              << (shown < d.flips.size() ? " (first " + std::to_string(shown) + " listed)" : "") << "\n\n";
  }
  t.print(std::cout, format);
  return 0;
}

int run(const std::vector<std::string>& argv) {
  const pwb::cli::Args args(argv, {"db", "output-format", "metric", "status", "method", "split", "limit"},
                            {"group", "all", "json"}, {{"format", "output-format"}});
  if (args.help()) {
    std::cout << kUsage;
    return 0;
  }
  const auto& pos = args.positionals();
  const std::string sub = pos.empty() ? "" : pos[0];
  if (!sub.empty() && sub != "show" && sub != "diff") {
    throw pwb::cli::UsageError("unknown runs sub-command '" + sub + "' (expected show or diff; see --help)");
  }
  if (sub == "show" && pos.size() != 2)
    throw pwb::cli::UsageError("runs show expects one run ID (see --help)");
  if (sub == "diff" && pos.size() != 3)
    throw pwb::cli::UsageError("runs diff expects two runs or evaluations A B (see --help)");
  RunStore store = openProject(args.require("db"));
  if (sub == "show") return showRun(store, args, parseId(pos[1], "run"));
  if (sub == "diff") return diffRuns(store, args, pos[1], pos[2]);
  return listRuns(store, args);
}

pwb::cli::CommandRegistrar reg{
    {"runs", "list, group, show and diff the runs of a project file", kUsage, run}};

}  // namespace
