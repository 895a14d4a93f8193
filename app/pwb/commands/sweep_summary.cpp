// pwb sweep best: reading a sweep from the command line — per method, the configuration with the highest mean
// dev accuracy over its seeds, with its test mean (population std) and n; with --runs, every run's
// hyperparameters and numbers (the data of the GUI's parallel-coordinates plot). Computed by
// store::summarizeSweep, as the GUI's Sweeps view shows it.
#include "store/sweep_summary.h"

#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli_args.h"
#include "common/error.h"
#include "common/text_file.h"
#include "export/table_export.h"
#include "output_format.h"
#include "store/group_names.h"
#include "store/metric_format.h"
#include "store/run_store.h"
#include "sweep/sweep_dir.h"
#include "sweep/sweep_runs.h"
#include "sweep_command.h"

namespace {

using namespace pwb::store;

const char* kHelp =
    "  Reads a sweep: for each method, the configuration (every setting but the seed) with the highest\n"
    "  mean dev accuracy over its seeds, with its test accuracy as mean (population std) over the same runs\n"
    "  and their number n. Only finished runs count; the test numbers never take part in the choice; ties\n"
    "  go to the configuration with more seeds, then to the smaller configuration key.\n"
    "  --db PROJECT         the project file\n"
    "  --dir DIR            only the runs this sweep folder's done tasks recorded, once collected into\n"
    "                       PROJECT; without it every finished run of PROJECT\n"
    "  --method M           only runs of this method\n"
    "  --metric KEY         the number that chooses (default best_dev_accuracy; best_dev_pearson when\n"
    "                       the runs are regression runs; looked up as in pwb runs)\n"
    "  --test-metric KEY    the number reported (default test_accuracy; test_pearson for regression)\n"
    "  --runs               list every run instead: its hyperparameters (method, model, template,\n"
    "                       verbalizer, k, lr, batch_size, steps, prompt_length) and both numbers\n"
    "  --output-format F    md (default, a Markdown table), csv or json\n"
    "  --json               same as --output-format json\n";

nlohmann::json number(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

nlohmann::json optional(const std::optional<double>& v) {
  return v ? number(*v) : nlohmann::json(nullptr);
}

std::string cell(const nlohmann::json& params, const std::string& key) {
  return params.contains(key) ? compactConfigValue(params[key], 2) : "";
}

// "61.0 (0.8)" for rates (percent), the plain numbers otherwise.
std::string meanStd(const std::string& metric, const Stats& s) {
  if (s.n == 0) return "";
  return formatMetric(metric, s.mean) + " (" + formatMetric(metric, s.popStd) + ")";
}

std::string unit(const std::string& metric) {
  return isRateMetric(metric) ? " (%)" : "";
}

int printBest(const SweepSummary& s, const SweepSummaryOptions& o, const std::string& sweepName,
              const std::string& format) {
  if (format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& b : s.best) {
      out.push_back({{"method", b.method},
                     {"label", b.label},
                     {"config", b.config},
                     {"params", b.params},
                     {"configurations", b.configurations},
                     {"metric", o.devMetric},
                     {"n", b.dev.n},
                     {"mean", number(b.dev.mean)},
                     {"pop_std", number(b.dev.popStd)},
                     {"test_metric", o.testMetric},
                     {"test_n", b.test.n},
                     {"test_mean", number(b.test.mean)},
                     {"test_pop_std", number(b.test.popStd)},
                     {"run_ids", b.runIds}});
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  pwb::exporting::Table t;
  t.headers = {"method",
               "configuration",
               "compared",
               "n",
               o.devMetric + " mean (std)" + unit(o.devMetric),
               o.testMetric + " mean (std)" + unit(o.testMetric)};
  // The settings that differ between the runs (the JSON has them all).
  for (const auto& p : s.varying)
    if (p != "method") t.headers.push_back(p);
  t.headers.push_back("runs");
  for (const auto& b : s.best) {
    std::vector<std::string> row = {b.method,
                                    b.label,
                                    std::to_string(b.configurations),
                                    std::to_string(b.dev.n),
                                    meanStd(o.devMetric, b.dev),
                                    meanStd(o.testMetric, b.test)};
    for (const auto& p : s.varying)
      if (p != "method") row.push_back(cell(b.params, p));
    std::string runs;
    for (auto id : b.runIds) runs += (runs.empty() ? "" : " ") + std::to_string(id);
    row.push_back(runs);
    t.rows.push_back(std::move(row));
  }
  if (format == "md") {
    std::cout << (sweepName.empty() ? std::string("All finished runs") : "Sweep " + sweepName) << ": "
              << s.points.size() << " finished run(s). Best configuration per method by mean " << o.devMetric
              << " over seeds; " << o.testMetric << " as mean (population std) over the same runs.\n\n";
  }
  std::cout << pwb::exporting::formatTable(
      t, format == "csv" ? pwb::exporting::TableFormat::Csv : pwb::exporting::TableFormat::Markdown);
  return 0;
}

int printRuns(const SweepSummary& s, const SweepSummaryOptions& o, const std::string& format) {
  if (format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& p : s.points) {
      out.push_back({{"run_id", p.runId},
                     {"name", p.name},
                     {"method", p.method},
                     {"seed", p.seed ? nlohmann::json(*p.seed) : nlohmann::json(nullptr)},
                     {"params", p.params},
                     {o.devMetric, optional(p.dev)},
                     {o.testMetric, optional(p.test)}});
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  pwb::exporting::Table t;
  t.headers = {"run", "seed"};
  for (const auto& p : s.params) t.headers.push_back(p);
  t.headers.push_back(o.devMetric + unit(o.devMetric));
  t.headers.push_back(o.testMetric + unit(o.testMetric));
  for (const auto& p : s.points) {
    std::vector<std::string> row = {std::to_string(p.runId), p.seed ? std::to_string(*p.seed) : ""};
    for (const auto& k : s.params) row.push_back(cell(p.params, k));
    row.push_back(p.dev ? formatMetric(o.devMetric, *p.dev) : "");
    row.push_back(p.test ? formatMetric(o.testMetric, *p.test) : "");
    t.rows.push_back(std::move(row));
  }
  std::cout << pwb::exporting::formatTable(
      t, format == "csv" ? pwb::exporting::TableFormat::Csv : pwb::exporting::TableFormat::Markdown);
  return 0;
}

int run(const pwb::cli::Args& args) {
  if (args.positionals().size() > 1)
    throw pwb::cli::UsageError("pwb sweep best takes no positional argument (got '" + args.positionals()[1] +
                               "')");
  const std::string format = pwb::cli::outputFormatFrom(args, {"md", "csv", "json"});
  const std::string path = args.require("db");
  // Never created: a mistyped --db must not leave an empty project behind.
  if (!pwb::fileExists(path)) throw pwb::fileError(path, "no such project file");
  RunStore store(path);
  SweepSummaryOptions o;
  const std::string dir = args.get("dir");
  if (!dir.empty()) {
    o.uids = pwb::sweep::sweepRunUids(pwb::sweep::SweepDir(dir));
    if (o.uids.empty()) throw pwb::Error(dir + ": no task of this sweep is done yet (see pwb sweep status)");
  }
  o.filter.method = args.get("method");
  // Left out, the metrics follow the runs' task (dev/test Pearson for regression runs).
  o.devMetric = args.get("metric");
  o.testMetric = args.get("test-metric");
  const SweepSummary s = summarizeSweep(store, o);
  o.devMetric = s.devMetric;
  o.testMetric = s.testMetric;
  if (!dir.empty() && s.points.empty())
    throw pwb::Error("none of the " + std::to_string(o.uids.size()) + " done run(s) of " + dir + " is in " +
                     path + " yet: merge them with pwb sweep collect --dir " + dir + " --db " + path);
  return args.has("runs") ? printRuns(s, o, format)
                          : printBest(s, o, dir.empty() ? "" : pwb::sweep::SweepDir(dir).sweepName(), format);
}

pwb::cli::SweepSubcommandRegistrar best{
    {"best",
     "pwb sweep best --db PROJECT [--dir DIR] [--method M] [--metric KEY] [--test-metric KEY] [--runs]\n"
     "                [--output-format md|csv|json | --json]",
     kHelp,
     {"db", "dir", "method", "metric", "test-metric", "output-format"},
     {"runs", "json"},
     run,
     47}};

}  // namespace
