#pragma once
// What a multi-label run (train/multilabel_task.h) changes in training: the label-words loss, the dev score
// that picks the checkpoint, and the test scoring with the dev-chosen threshold.
//
// The label-words loss is binary cross-entropy of sigmoid(logit) of each label word at [MASK] against the
// row's 0/1 gold labels, the mean over every (example, label) as PyTorch's BCEWithLogitsLoss(reduction=
// "mean"). Our choice: the papers and PET's issue #13 discuss multi-label prompts without a reference loss.
// The yes-no scheme keeps Method::loss (cross-entropy over the yes/no words of each cloze, PET's binary
// PVP).
#include <torch/torch.h>

#include <atomic>
#include <vector>

#include "train/multilabel_task.h"
#include "train/trainer.h"

namespace pwb::train {

// logits, targets: [B, C]; targets 0/1 (float). Differentiable in logits.
torch::Tensor multiLabelBceLoss(const torch::Tensor& logits, const torch::Tensor& targets);

// Sets config.devScore (dev micro-F1 at the best grid threshold, or at the fixed one) and, for label-words,
// config.taskLoss (multiLabelBceLoss of the method's label-word logits against the batch's targets).
void setMultiLabelObjective(TrainerConfig& config, const MultiLabelTask& task);

// The trained method on dev (the threshold, unless fixed) and on the already scored test examples.
struct MultiLabelTest {
  double threshold = 0.5;
  MultiLabelRows rows;      // test: per row its probabilities and gold set
  MultiLabelScores scores;  // test: metrics and predicted sets at the threshold
};
MultiLabelTest multiLabelTest(Method& method, const MultiLabelTask& task, const std::vector<TaskExample>& dev,
                              const ScoredPredictions& test, const std::vector<TaskExample>& testExamples,
                              int evalBatchSize, int64_t padId, bool bf16, const std::atomic<bool>* cancel);

}  // namespace pwb::train
