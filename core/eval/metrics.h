#pragma once
// Classification metrics of one evaluation (accuracy, macro-F1, per-class precision/recall/F1, confusion
// matrix) and the summary of several runs of one cell (seeds). Torch-free: the GUI shows these directly.
#include <string>
#include <vector>

namespace pwb::eval {

struct ClassMetrics {
  std::string label;
  double precision = 0;  // tp / predicted; 0 when the class was never predicted (sklearn zero_division=0)
  double recall = 0;     // tp / support; 0 when the class has no gold example
  double f1 = 0;         // 0 when precision + recall == 0
  int support = 0;       // gold examples of this class
  int predicted = 0;     // examples predicted as this class
  int truePositives = 0;
};

struct Metrics {
  int count = 0;  // examples scored
  int correct = 0;
  // Examples without a prediction (pred -1: their class scores were NaN or infinite). They count in
  // `count` and as wrong, in their gold class's support, in no class's predictions and in no confusion cell.
  int unpredicted = 0;
  double accuracy = 0;  // correct / count, in [0,1]
  // Unweighted mean of F1 over the classes that occur in the gold labels or the predictions (as
  // sklearn's f1_score(average="macro") with labels=None): a class absent from both is not averaged.
  double macroF1 = 0;
  std::vector<ClassMetrics> perClass;       // one per label, in label order
  std::vector<std::vector<int>> confusion;  // confusion[gold][pred], labels x labels
};

// gold holds class indices in [0, labels.size()), pred too or -1 for "no prediction". Throws pwb::Error for
// mismatched lengths or an index out of range.
Metrics computeMetrics(const std::vector<int>& gold, const std::vector<int>& pred,
                       const std::vector<std::string>& labels);

// The summary of one cell over several runs (seeds). Both standard deviations are given because the
// papers differ: LM-BFF reports the population std (divide by n), PET the sample std (divide by n - 1).
struct RunSummary {
  int runs = 0;
  double mean = 0;
  double populationStd = 0;  // sqrt(sum (x - mean)^2 / n)
  double sampleStd = 0;      // sqrt(sum (x - mean)^2 / (n - 1)); 0 for a single run
  double median = 0;         // middle value, mean of the two middle values for an even count
  double min = 0;
  double max = 0;
};

RunSummary summarizeRuns(const std::vector<double>& values);  // all zero for an empty list

}  // namespace pwb::eval
