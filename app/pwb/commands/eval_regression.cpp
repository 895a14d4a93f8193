// pwb eval --task regression: LM-BFF's STS-B form (core/regress/regression_eval.h).
#include "eval_regression.h"

#include <iostream>

#include "common/error.h"
#include "common/paths.h"
#include "eval/eval_session.h"
#include "eval_options.h"
#include "regress/regression_eval.h"
#include "regress/regression_format.h"

namespace pwb::cli {
namespace {

// Classification-only options: a verbalizer's classes, calibration of a class prior, a trained prompt's
// classifier and demonstrations labelled by class words have no meaning for a two-pole regressor here.
const char* const kNotForRegression[] = {"verbalizer", "calibrate", "calibration", "prompt",
                                         "top-k",      "demos",     "demo-train"};

}  // namespace

const std::set<std::string>& regressionOptionNames() {
  static const std::set<std::string> names{"task", "poles", "target"};
  return names;
}

bool isRegressionTask(const Args& a) {
  const std::string task = a.get("task", "classification");
  if (task == "regression") return true;
  if (task == "classification") return false;
  throw UsageError("--task: '" + task + "' is not a task (classification | regression)");
}

int evalRegression(const Args& a) {
  std::string given;
  for (const char* name : kNotForRegression)
    if (a.has(name)) given += (given.empty() ? "" : ", ") + a.spelling(name);
  if (!given.empty())
    throw UsageError(given +
                     ": not applicable to --task regression (the two poles of --poles replace the "
                     "verbalizer)");
  regress::RegressionImportOptions io;
  io.format = a.get("data-format", "auto");
  io.targetColumn = a.get("target");
  const auto set = regress::importRegressionSet(a.require("data"), io);
  regress::RegressionRequest req;
  req.data = set.data;
  req.targets = set.targets;
  req.templateText = a.require("template");
  req.poles = regress::parsePoles(a.require("poles"));
  req.options = scoringOptionsFrom(a);
  req.limit = limitFrom(a);
  eval::EvalSession session(a.get("model", demoModelDir()), sessionOptionsFrom(a));
  const auto result = regress::runRegression(session, req);
  if (a.has("json")) {
    const nlohmann::json out = {{"data", regress::regressionSetJson(set)},
                                {"result", regress::regressionJson(result, a.has("examples"))}};
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return 0;
  }
  std::cout << "data:       " << set.summary() << "\n";
  const auto& problems = set.data.problems;
  for (size_t i = 0; i < problems.size() && i < 10; ++i)
    std::cout << "skipped:    " << problems[i].text() << "\n";
  if (problems.size() > 10) std::cout << "skipped:    ... and " << problems.size() - 10 << " more\n";
  std::cout << regress::regressionReport(result);
  return 0;
}

}  // namespace pwb::cli
