#include "regress/regression_eval.h"

#include <cmath>
#include <limits>

#include "common/error.h"
#include "prompt/verbalizer.h"

namespace pwb::regress {

RegressionResult scorePoleProbabilities(const std::vector<std::vector<double>>& probs,
                                        const std::vector<double>& gold, const Poles& poles) {
  if (probs.size() != gold.size())
    throw Error("regression: " + std::to_string(probs.size()) + " predictions for " +
                std::to_string(gold.size()) + " targets");
  RegressionResult r;
  r.poles = poles;
  std::vector<double> g, p;
  for (size_t i = 0; i < probs.size(); ++i) {
    RegressionExample e;
    e.gold = gold[i];
    e.pUpper = probs[i].size() == 2 ? probs[i][1] : std::numeric_limits<double>::quiet_NaN();
    if (std::isfinite(e.pUpper)) {
      e.predicted = poleExpectation(e.pUpper, poles.lower, poles.upper);
      g.push_back(e.gold);
      p.push_back(e.predicted);
    } else {
      e.predicted = std::numeric_limits<double>::quiet_NaN();
      ++r.nonFinite;
    }
    r.examples.push_back(e);
  }
  r.metrics = regressionMetrics(g, p);
  return r;
}

RegressionResult runRegression(eval::EvalSession& session, const RegressionRequest& request,
                               const eval::Progress& progress, const std::atomic<bool>* cancel) {
  if (request.targets.size() != request.data.examples.size())
    throw Error("regression: " + std::to_string(request.targets.size()) + " targets for " +
                std::to_string(request.data.examples.size()) + " rows");
  if (request.options.calibration != eval::Calibration::None)
    throw Error("calibration is not available for regression (it would reweight the two poles' prior)");
  const Poles poles = resolveRange(request.poles, request.targets);

  eval::EvalRequest er;
  // The two-class view: labels "lower"/"upper" (which side of the range's middle a row is on; the labels only
  // order the classes, the metrics below use the targets).
  er.data = poleDataset(request.data, request.targets, (poles.lower + poles.upper) / 2.0);
  er.templateText = request.templateText;
  prompt::Verbalizer v;
  v.classes = {{kLowerPole, {poles.lowerWord}}, {kUpperPole, {poles.upperWord}}};
  v.aggregation = request.options.aggregation;
  v.multiToken = request.options.multiToken;
  er.verbalizerText = v.toString();
  er.options = request.options;
  er.limit = request.limit;
  const eval::CellResult cell = session.evaluate(er, progress, cancel);
  if (cell.labels.size() != 2 || cell.labels[0] != kLowerPole || cell.labels[1] != kUpperPole)
    throw Error("regression: the evaluation did not keep the two poles' class order");

  std::vector<std::vector<double>> probs;
  std::vector<double> gold;
  for (size_t i = 0; i < cell.examples.size(); ++i) {
    const auto& ex = cell.examples[i];
    probs.push_back(ex.pred < 0 ? std::vector<double>{} : ex.probs);
    gold.push_back(request.targets[i]);
  }
  RegressionResult r = scorePoleProbabilities(probs, gold, poles);
  r.templateText = request.templateText;
  r.rangeFromData = !request.poles.hasRange;
  for (size_t i = 0; i < r.examples.size(); ++i) {
    r.examples[i].id = request.data.examples[i].id;
    r.examples[i].line = request.data.examples[i].line;
  }
  for (const auto& n : cell.notes) r.notes.push_back(n);
  if (r.nonFinite > 0)
    r.notes.push_back(
        std::to_string(r.nonFinite) +
        " examples had non-finite pole scores: no prediction, left out of the metrics (first: " +
        cell.firstNonFiniteId + ")");
  return r;
}

}  // namespace pwb::regress
