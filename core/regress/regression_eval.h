#pragma once
// Evaluating a template as a regressor (LM-BFF's STS-B form, Gao et al. 2021): the template has one
// [MASK]; the two pole words' scores there give p_upper = softmax(score_lower, score_upper)[upper], and the
// prediction is vl + (vu - vl) * p_upper. For pole words of one token each the scores are the words'
// log-probabilities over the vocabulary, so p_upper is the softmax over the two words' logits exactly as in
// LM-BFF; a word of several tokens is scored as core/eval scores multi-token label words (noted).
// `pwb eval --task regression` and the GUI call runRegression. Torch-free header.
#include <atomic>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "eval/eval_session.h"
#include "regress/regression_metrics.h"
#include "regress/regression_targets.h"

namespace pwb::regress {

struct RegressionRequest {
  data::Dataset data;           // the rows (their labels are ignored)
  std::vector<double> targets;  // per row, as importRegressionSet gives them
  std::string templateText;
  Poles poles;                   // without a range: the targets' min and max
  eval::ScoringOptions options;  // calibration must be None (it is not defined for a regressor)
  size_t limit = 0;              // 0 = every row
};

struct RegressionExample {
  std::string id;
  int line = 0;
  double gold = 0;
  double pUpper = 0;     // NaN when the model's scores were not finite
  double predicted = 0;  // NaN then too
};

struct RegressionResult {
  std::string templateText;
  Poles poles;  // with the range used
  bool rangeFromData = false;
  RegressionMetrics metrics;  // over the examples with a finite prediction
  std::vector<RegressionExample> examples;
  std::vector<std::string> notes;
  int nonFinite = 0;  // examples without a prediction (left out of the metrics, named in a note)
};

// Throws pwb::Error for a bad template or pole word, a calibration option, or targets that do not match the
// rows; eval::Cancelled when *cancel is raised. Runs torch on the calling thread.
RegressionResult runRegression(eval::EvalSession& session, const RegressionRequest& request,
                               const eval::Progress& progress = {},
                               const std::atomic<bool>* cancel = nullptr);

// The predictions and metrics from the two pole probabilities per example ({p_lower, p_upper} rows, as the
// classifier gives them): shared by evaluation and by training's dev/test scoring.
RegressionResult scorePoleProbabilities(const std::vector<std::vector<double>>& probs,
                                        const std::vector<double>& gold, const Poles& poles);

}  // namespace pwb::regress
