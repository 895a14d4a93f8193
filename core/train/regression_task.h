#pragma once
// Regression runs (TrainRequest::task "regression", LM-BFF's STS-B form; core/regress has the pieces): the
// dev score that picks the checkpoint and the test metrics, from the method's two pole probabilities.
//
// The loss needs nothing here: TaskBuilder gives every regression example its pole distribution as a soft
// target (TaskExample::target), and Method::loss's distillation loss at temperature 1 is LM-BFF's
// KLDivLoss(batchmean) between that target and the log-softmax of the two pole logits
// (regress/regression_loss.h states it; test_regression_loss checks the two agree). prompt-ft's own loss
// takes that path too. Differences from LM-BFF: LM-BFF trains regression with prompt-based fine-tuning only;
// here every method that scores label words at [MASK] (prompt-ft, prompt-tuning, p-tuning, p-tuning-v2's
// verbalizer head) shares the path; fine-tune and the "cls" head (LM-BFF's fine-tuning baseline uses a
// regression head with MSE) are refused, as are demonstrations and PET's added examples.
#include <vector>

#include "regress/regression_metrics.h"
#include "regress/regression_targets.h"
#include "train/encoded_example.h"
#include "train/trainer.h"

namespace pwb::train {

// Pearson's r between the examples' targets (TaskExample::value) and the pole expectation; -1 when it is
// undefined (a constant side, fewer than two examples, a non-finite prediction), so such a checkpoint
// never wins. LM-BFF picks STS-B checkpoints by dev Pearson too.
double regressionDevScore(const ScoredPredictions& scored, const std::vector<TaskExample>& examples,
                          const regress::Poles& poles);

// Test metrics and the per-example predictions vl + (vu - vl) * p_upper (NaN where the logits were not
// finite: left out of the metrics). Throws pwb::Error when an example has no target.
struct RegressionScores {
  regress::RegressionMetrics metrics;
  std::vector<double> gold, predicted;
};
RegressionScores regressionScores(const ScoredPredictions& scored, const std::vector<TaskExample>& examples,
                                  const regress::Poles& poles);

}  // namespace pwb::train
