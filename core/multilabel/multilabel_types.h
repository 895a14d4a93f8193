#pragma once
// Multi-label classification (issue 17): a row may carry several labels of a declared label set. Torch-free
// plain structs: the CLI and the GUI fill requests and show results without including torch.
//
// The scheme (one mask, one label word per label; OpenPrompt-like): the template has one [MASK]; every
// label's word is scored there as in single-label evaluation (eval::EvalSession::evaluate: label-word
// log-probs, softmax over the label words = the verbalizer-normalised probability of each label); a label
// is predicted when its probability is >= the threshold, by default 1 / (number of labels) — "more likely
// than uniform". Several labels, one label or none can pass. A sigmoid over each label word's logit (an
// independent per-label probability, used with binary cross-entropy training) is not used, because an
// untrained MLM's raw logits carry no calibrated threshold; the normalised probability is comparable across
// labels.
//
// The second scheme (PET-style, a binary pattern-verbalizer pair per label): the template names the label
// with the field {label} (e.g. "{text} Is it about {label}? [MASK] ."); every row is scored once per label
// with the label's name there and the words of "yes" and "no" at the mask; the label is predicted when
// P(yes) = softmax over the yes/no words is >= the threshold (default 0.5). C labels cost C forward passes
// per row. PET itself has no multi-label task; this is the binary-PVP-per-label reading of it.
#include <cstddef>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "data/import_options.h"
#include "eval/eval_types.h"

namespace pwb::multilabel {

struct MultiLabelImportOptions {
  std::string format = "auto";      // "auto", "jsonl", "tsv", "csv", ... (data::formatNames())
  std::string labelColumn;          // key / header name of the labels; empty = "labels"
  std::vector<std::string> fields;  // text fields; empty = the importer's default
  // TSV/CSV: the labels of a row are one column joined by this separator ("a,c" with ","). JSONL: a list
  // of strings (["a", "c"]); a string there is split by the separator too.
  std::string separator = ",";
  // The declared label set, in this order; empty = every label seen, sorted. A row naming a label outside
  // a declared set is reported by line and skipped.
  std::vector<std::string> declaredLabels;
  data::OnBadRow onBadRow = data::OnBadRow::Skip;
  size_t maxRows = 0;
};

struct MultiLabelSet {
  // Example::label holds the row's labels joined with ", " (for display); gold holds them as indices.
  data::Dataset data;
  std::vector<std::string> labels;     // the label set (declared order, or sorted)
  std::vector<std::vector<int>> gold;  // per example: sorted label indices, at least one
  bool declared = false;               // labels came from the user
  // "120 rows, 4 labels (a: 50, b: 31, c: 70, d: 12), 2.3 labels per row on average, 1 row skipped".
  std::string summary() const;
};

// Per label and over all labels. An example's label set is compared as a whole for subset accuracy.
struct LabelCounts {
  size_t tp = 0, fp = 0, fn = 0;
  double precision = 0, recall = 0, f1 = 0;  // 0 when undefined (no prediction / no gold)
};

struct MultiLabelMetrics {
  size_t count = 0;           // examples
  double subsetAccuracy = 0;  // predicted set == gold set
  double microPrecision = 0, microRecall = 0;
  double microF1 = 0;  // 2 TP / (2 TP + FP + FN) over every (example, label)
  // Unweighted mean of the F1 of the labels that occur in the gold sets or the predictions (the project's
  // single-label macro-F1 convention; sklearn's f1_score(average="macro") on the binarised labels of the
  // labels seen). A label absent from both is not averaged.
  double macroF1 = 0;
  std::vector<LabelCounts> perLabel;  // labels order
};

enum class MultiLabelScheme {
  LabelWords,  // one mask, one word per label, threshold on the softmax over the label words
  YesNo,       // one yes/no cloze per label ({label} in the template), threshold on P(yes)
};
// parseMultiLabelScheme / multiLabelSchemeName: multilabel_eval.h.

struct MultiLabelRequest {
  MultiLabelSet set;
  MultiLabelScheme scheme = MultiLabelScheme::LabelWords;
  std::string templateText;    // one [MASK]; YesNo: also the field {label}
  std::string verbalizerText;  // LabelWords: one or more words per label of the set ("a=sports;b=news")
  std::string yesNoWords = "yes=yes;no=no";  // YesNo: the words of the classes yes and no
  double threshold = 0;                      // 0 = 1 / number of labels (LabelWords) or 0.5 (YesNo)
  eval::ScoringOptions scoring;
  size_t limit = 0;
  bool keepExamples = true;
};

struct MultiLabelExample {
  std::string id;
  int line = 0;
  std::vector<int> gold;
  std::vector<int> pred;
  std::vector<double> probs;  // per label (labels order): its probability (LabelWords) or P(yes) (YesNo)
};

struct MultiLabelResult {
  MultiLabelScheme scheme = MultiLabelScheme::LabelWords;
  std::string templateText;
  std::string verbalizerText;
  std::vector<std::string> labels;
  double threshold = 0;
  MultiLabelMetrics metrics;
  std::vector<MultiLabelExample> examples;
  std::vector<std::string> notes;
};

}  // namespace pwb::multilabel
