#pragma once
// Multi-label training (TrainRequest::task "multilabel", issue 17): the data, the single-label views the
// TaskBuilder encodes, the per-seed train/dev split, and the scoring of trained predictions (dev micro-F1,
// the threshold, the test metrics). Torch-free; the loss is in train/multilabel_objective.h.
//
// The two schemes of core/multilabel (multilabel_types.h):
//  - label-words: one [MASK], one word per label. Every example carries its gold set as a 0/1 row
//    (TaskExample::target) and trains with binary cross-entropy of sigmoid(label word's logit) against it;
//    a label's probability is that sigmoid. This is our choice: neither LM-BFF, PET (PET issue #13) nor
//    OpenPrompt (#280, #213) gives a reference loss for multi-label prompts. (Zero-shot `pwb multilabel`
//    uses the softmax over the label words instead, whose 1/C threshold needs no training.)
//  - yes-no (PET-style): one cloze per (row, label) with the label's name in the field {label}, classes
//    "yes"/"no" scored by the yes/no words and trained with the ordinary cross-entropy over those two words;
//    a label's probability is P(yes). The C clozes of a row stay in the same split.
// Methods: those that score label words at [MASK] (prompt-ft, prompt-tuning, p-tuning, p-tuning-v2 with the
// verbalizer head); fine-tune and the "cls" head are refused (presets.cpp).
//
// Splits: the K-shot sampler draws K rows per class, which a row with several labels breaks. Instead each
// seed shuffles the training file's rows (splitmix64, data::randomSplit) and holds out K rows as dev; the
// other rows of the file are the training rows (the file as given, less the dev rows).
// Threshold: request.multilabel.threshold when > 0; else chosen per seed on dev after training, as the
// threshold of the grid 0.05, 0.10, ..., 0.95 with the best dev micro-F1 (ties: the one nearest 0.5). Each
// dev evaluation during training scores the checkpoint by that best micro-F1 (or at the fixed threshold).
#include <atomic>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "data/kshot_sampler.h"
#include "multilabel/multilabel_types.h"
#include "train/encoded_example.h"
#include "train/train_request.h"

namespace pwb::train {

class TaskBuilder;
struct ScoredPredictions;

// validateRequest's part for task "multilabel" (no file read): the scheme, the threshold, the methods that
// score label words at [MASK], no poles, demonstrations, PET's added examples or (label-words) PET's
// auxiliary MLM loss. Throws pwb::Error naming the field.
void validateMultiLabelRequest(const TrainRequest& request);

class MultiLabelTask {
 public:
  // Imports the training and test files (the test set against the training set's labels: a test row with
  // another label is reported by line and skipped). Throws pwb::Error naming the file.
  explicit MultiLabelTask(const TrainRequest& request);

  multilabel::MultiLabelScheme scheme() const { return scheme_; }
  const std::vector<std::string>& labels() const { return train_.labels; }
  const multilabel::MultiLabelSet& trainSet() const { return train_; }
  const multilabel::MultiLabelSet& testSet() const { return test_; }
  // The request the TaskBuilder and the run record get: yes-no scores the yes/no words (its verbalizer).
  TrainRequest builderRequest() const;
  // The views a TaskBuilder reads: label-words one row per row (Example::label its first label, a
  // placeholder: the gold set is the target), yes-no one row per (row, label) with label "yes"/"no".
  const data::Dataset& trainView() const { return trainView_; }
  const data::Dataset& testView() const { return testView_; }
  // Test rows' ids (one per row, not per cloze).
  std::vector<std::string> testRowIds() const;
  // "N rows of FILE skipped: ... (first: FILE:LINE: ...)" and the split rule, for the log.
  const std::vector<std::string>& notes() const { return notes_; }

  // This seed's rows: K held out as dev, the rest train, as views. Throws when the file has <= K rows.
  data::KShotSplit split(int64_t seed) const;
  // A view encoded (label-words: every example's target is its 0/1 gold row).
  std::vector<TaskExample> encode(const TaskBuilder& task, const data::Dataset& view,
                                  const std::atomic<bool>* cancel = nullptr) const;

 private:
  data::Dataset view(const multilabel::MultiLabelSet& set) const;
  TrainRequest request_;
  multilabel::MultiLabelScheme scheme_;
  multilabel::MultiLabelSet train_, test_;
  data::Dataset trainView_, testView_;
  std::vector<std::string> notes_;
};

// Per row: the probability of each label and the gold set, from predictions over encoded examples of a
// view (label-words: sigmoid of the label-word logits, the gold set from the target; yes-no: P(yes) of the
// row's C consecutive clozes, the gold set from their labels). Non-finite scores give NaN (never above a
// threshold: no label predicted).
struct MultiLabelRows {
  std::vector<std::vector<double>> probs;
  std::vector<std::vector<int>> gold;
};
MultiLabelRows multiLabelRows(const ScoredPredictions& scored, const std::vector<TaskExample>& examples,
                              multilabel::MultiLabelScheme scheme, size_t numLabels);

// The dev-chosen threshold (see above), or `fixed` when > 0.
double chooseThreshold(const MultiLabelRows& rows, size_t numLabels, double fixed);
// Metrics and predicted sets at a threshold.
struct MultiLabelScores {
  multilabel::MultiLabelMetrics metrics;
  std::vector<std::vector<int>> predicted;
};
MultiLabelScores multiLabelScores(const MultiLabelRows& rows, size_t numLabels, double threshold);

}  // namespace pwb::train
