#include "train/multilabel_objective.h"

#include "common/error.h"

namespace pwb::train {

torch::Tensor multiLabelBceLoss(const torch::Tensor& logits, const torch::Tensor& targets) {
  if (!targets.defined() || targets.sizes() != logits.sizes())
    throw Error("multi-label loss: the targets do not match the label logits");
  return torch::binary_cross_entropy_with_logits(logits.to(torch::kFloat),
                                                 targets.to(logits.device(), torch::kFloat));
}

void setMultiLabelObjective(TrainerConfig& config, const MultiLabelTask& task) {
  const auto scheme = task.scheme();
  const size_t labels = task.labels().size();
  const double fixed = task.builderRequest().multilabel.threshold;
  config.devScore = [scheme, labels, fixed](const ScoredPredictions& scored,
                                            const std::vector<TaskExample>& ex) {
    const auto rows = multiLabelRows(scored, ex, scheme, labels);
    return multiLabelScores(rows, labels, chooseThreshold(rows, labels, fixed)).metrics.microF1;
  };
  if (scheme == multilabel::MultiLabelScheme::LabelWords)
    config.taskLoss = [](Method& method, const Batch& batch) {
      return multiLabelBceLoss(method.logits(batch), batch.targets);
    };
}

MultiLabelTest multiLabelTest(Method& method, const MultiLabelTask& task, const std::vector<TaskExample>& dev,
                              const ScoredPredictions& test, const std::vector<TaskExample>& testExamples,
                              int evalBatchSize, int64_t padId, bool bf16, const std::atomic<bool>* cancel) {
  const size_t labels = task.labels().size();
  const double fixed = task.builderRequest().multilabel.threshold;
  MultiLabelTest out;
  out.threshold = fixed;
  if (fixed <= 0) {
    const auto devScored = predictScored(method, dev, evalBatchSize, padId, bf16, cancel);
    if (devScored.predicted.size() != dev.size()) throw Error("cancelled during the dev evaluation");
    out.threshold = chooseThreshold(multiLabelRows(devScored, dev, task.scheme(), labels), labels, 0);
  }
  out.rows = multiLabelRows(test, testExamples, task.scheme(), labels);
  out.scores = multiLabelScores(out.rows, labels, out.threshold);
  return out;
}

}  // namespace pwb::train
