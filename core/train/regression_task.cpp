#include "train/regression_task.h"

#include <cmath>
#include <limits>

#include "common/error.h"
#include "regress/regression_eval.h"

namespace pwb::train {

RegressionScores regressionScores(const ScoredPredictions& scored, const std::vector<TaskExample>& examples,
                                  const regress::Poles& poles) {
  if (scored.probabilities.size() != examples.size())
    throw Error("regression: " + std::to_string(scored.probabilities.size()) + " predictions for " +
                std::to_string(examples.size()) + " examples");
  RegressionScores out;
  std::vector<std::vector<double>> probs;
  for (size_t i = 0; i < examples.size(); ++i) {
    if (!examples[i].value) throw Error("regression: example " + std::to_string(i + 1) + " has no target");
    out.gold.push_back(*examples[i].value);
    // A prediction of -1 marks non-finite logits: no probabilities to use.
    probs.push_back(i < scored.predicted.size() && scored.predicted[i] < 0 ? std::vector<double>{}
                                                                           : scored.probabilities[i]);
  }
  const auto r = regress::scorePoleProbabilities(probs, out.gold, poles);
  out.metrics = r.metrics;
  for (const auto& e : r.examples) out.predicted.push_back(e.predicted);
  return out;
}

double regressionDevScore(const ScoredPredictions& scored, const std::vector<TaskExample>& examples,
                          const regress::Poles& poles) {
  const auto s = regressionScores(scored, examples, poles);
  if (s.metrics.count != examples.size() || !std::isfinite(s.metrics.pearson)) return -1.0;
  return s.metrics.pearson;
}

}  // namespace pwb::train
