// pwb ensemble: finished runs of a project combined into one stored run (method "ensemble") whose class
// distribution is the weighted mean of the members' stored test probabilities (core/combine).
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli_args.h"
#include "combine/run_ensemble.h"
#include "command_registry.h"
#include "common/error.h"
#include "common/text_file.h"
#include "output_format.h"
#include "store/run_store.h"

namespace {

const char* kUsage = R"(Usage:
  pwb ensemble --db FILE --runs ID,ID,... [--weighting uniform|pet] [--name N] [--split S]
               [--output-format md|json | --json]

Combines finished runs of a project file into one ensemble run: per test example, the weighted mean of
the members' stored class probabilities; its prediction is the most probable class. The ensemble is
stored like a run (method "ensemble", config listing the members and the weighting, results with
test_accuracy and test_macro_f1, an evaluation with per-example predictions) and linked to its members;
`pwb runs show ID` lists them and says which were deleted since. No model is loaded.

The members must share the label set, the model and the evaluated examples (same count, ids and gold
labels); otherwise the command refuses and names the two runs and the difference. Runs of any method,
template, verbalizer or seed combine.

  --db FILE            the project file
  --runs IDS           the member runs, comma-separated (see `pwb runs`)
  --weighting W        uniform (default): every member counts the same;
                       pet: each member weighted by its accuracy on its K-shot training examples before
                       training (results key train_accuracy_before, as PET weights its patterns); refused
                       for a member without it ([CLS]-head methods, runs recorded before it existed)
  --name N             the ensemble run's name (default "ensemble of runs 3, 4, 5")
  --split S            which evaluation of each member is combined: its latest on this split (default test)
  --output-format F    md (default) or json
  --json               same as --output-format json
)";

std::vector<int64_t> parseIds(const std::string& text) {
  std::vector<int64_t> ids;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t end = text.find(',', start);
    const std::string item = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    try {
      size_t used = 0;
      const long long v = std::stoll(item, &used);
      if (used != item.size() || v <= 0) throw std::invalid_argument(item);
      ids.push_back(v);
    } catch (const std::exception&) {
      throw pwb::cli::UsageError("--runs expects run ids separated by commas (e.g. 3,4,5), got '" + item +
                                 "'");
    }
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return ids;
}

std::string percent(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", 100.0 * v);
  return buf;
}

int run(const std::vector<std::string>& argv) {
  const pwb::cli::Args args(argv, {"db", "runs", "weighting", "name", "split", "output-format"}, {"json"});
  if (args.help()) {
    std::cout << kUsage;
    return 0;
  }
  if (!args.positionals().empty())
    throw pwb::cli::UsageError("unexpected argument '" + args.positionals()[0] + "' (see --help)");
  const std::string format = pwb::cli::outputFormatFrom(args, {"md", "json"});
  const std::string db = args.require("db");
  if (!pwb::fileExists(db)) throw pwb::fileError(db, "no such project file");
  pwb::combine::EnsembleRequest req;
  req.runIds = parseIds(args.require("runs"));
  req.weighting = pwb::combine::parseWeighting(args.get("weighting", "uniform"));
  req.name = args.get("name");
  req.split = args.get("split", "test");
  pwb::store::RunStore store(db);
  const auto res = pwb::combine::createEnsemble(store, req);
  const auto run = store.getRun(res.runId);

  if (format == "json") {
    nlohmann::json members = nlohmann::json::array();
    for (const auto& m : res.members) {
      members.push_back({{"run_id", m.runId},
                         {"uid", m.uid},
                         {"name", m.name},
                         {"method", m.method},
                         {"raw_weight", m.rawWeight},
                         {"weight", m.weight},
                         {"accuracy", m.accuracy}});
    }
    std::cout << nlohmann::json{{"run_id", res.runId},
                                {"uid", run.uid},
                                {"name", run.name},
                                {"weighting", pwb::combine::weightingName(req.weighting)},
                                {"split", req.split},
                                {"labels", res.labels},
                                {"n", res.metrics.count},
                                {"accuracy", res.metrics.accuracy},
                                {"macro_f1", res.metrics.macroF1},
                                {"evaluation_id", res.evaluationId},
                                {"members", members}}
                     .dump(2)
              << "\n";
    return 0;
  }
  std::cout << "Ensemble run " << res.runId << ": " << run.name << " (" << res.members.size() << " members, "
            << pwb::combine::weightingName(req.weighting) << " weights, " << res.metrics.count << " "
            << req.split << " examples)\n\n";
  std::cout << "| run | name | method | weight | accuracy (%) |\n|---|---|---|---|---|\n";
  double best = 0;
  for (const auto& m : res.members) {
    char w[32];
    std::snprintf(w, sizeof w, "%.4f", m.weight);
    std::cout << "| " << m.runId << " | " << m.name << " | " << m.method << " | " << w << " | "
              << percent(m.accuracy) << " |\n";
    best = std::max(best, m.accuracy);
  }
  std::cout << "| " << res.runId << " | " << run.name << " | ensemble | | " << percent(res.metrics.accuracy)
            << " |\n\n";
  std::cout << "accuracy " << percent(res.metrics.accuracy) << " %, macro F1 " << percent(res.metrics.macroF1)
            << " % (best member " << percent(best) << " %)\n";
  return 0;
}

pwb::cli::CommandRegistrar reg{
    {"ensemble", "combine finished runs into one stored ensemble run (uniform or PET weights)", kUsage, run}};

}  // namespace
