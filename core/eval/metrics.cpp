#include "eval/metrics.h"

#include <algorithm>
#include <cmath>

#include "common/error.h"

namespace pwb::eval {

Metrics computeMetrics(const std::vector<int>& gold, const std::vector<int>& pred,
                       const std::vector<std::string>& labels) {
  if (gold.size() != pred.size()) {
    throw Error("metrics: " + std::to_string(gold.size()) + " gold labels but " +
                std::to_string(pred.size()) + " predictions");
  }
  const int n = static_cast<int>(labels.size());
  Metrics m;
  m.count = static_cast<int>(gold.size());
  m.confusion.assign(n, std::vector<int>(n, 0));
  std::vector<int> support(n, 0);
  for (size_t i = 0; i < gold.size(); ++i) {
    if (gold[i] < 0 || gold[i] >= n || pred[i] < -1 || pred[i] >= n) {
      throw Error("metrics: example " + std::to_string(i) + " has a class index outside the " +
                  std::to_string(n) + " labels");
    }
    ++support[gold[i]];
    if (pred[i] < 0) {
      ++m.unpredicted;
      continue;
    }
    ++m.confusion[gold[i]][pred[i]];
    if (gold[i] == pred[i]) ++m.correct;
  }
  m.accuracy = m.count > 0 ? static_cast<double>(m.correct) / m.count : 0.0;

  double f1Sum = 0;
  int f1Classes = 0;
  for (int c = 0; c < n; ++c) {
    ClassMetrics cm;
    cm.label = labels[c];
    cm.truePositives = m.confusion[c][c];
    cm.support = support[c];
    for (int o = 0; o < n; ++o) cm.predicted += m.confusion[o][c];
    cm.precision = cm.predicted > 0 ? static_cast<double>(cm.truePositives) / cm.predicted : 0.0;
    cm.recall = cm.support > 0 ? static_cast<double>(cm.truePositives) / cm.support : 0.0;
    cm.f1 = cm.precision + cm.recall > 0 ? 2 * cm.precision * cm.recall / (cm.precision + cm.recall) : 0.0;
    if (cm.support > 0 || cm.predicted > 0) {
      f1Sum += cm.f1;
      ++f1Classes;
    }
    m.perClass.push_back(cm);
  }
  m.macroF1 = f1Classes > 0 ? f1Sum / f1Classes : 0.0;
  return m;
}

RunSummary summarizeRuns(const std::vector<double>& values) {
  RunSummary s;
  s.runs = static_cast<int>(values.size());
  if (values.empty()) return s;
  double sum = 0;
  for (double v : values) sum += v;
  s.mean = sum / s.runs;
  double sq = 0;
  for (double v : values) sq += (v - s.mean) * (v - s.mean);
  s.populationStd = std::sqrt(sq / s.runs);
  s.sampleStd = s.runs > 1 ? std::sqrt(sq / (s.runs - 1)) : 0.0;
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  const size_t mid = sorted.size() / 2;
  s.median = sorted.size() % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  s.min = sorted.front();
  s.max = sorted.back();
  return s;
}

}  // namespace pwb::eval
