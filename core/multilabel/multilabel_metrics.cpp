#include "multilabel/multilabel_metrics.h"

#include <set>

#include "common/error.h"

namespace pwb::multilabel {
namespace {

std::set<int> asSet(const std::vector<int>& v, size_t numLabels) {
  std::set<int> s;
  for (int x : v) {
    if (x < 0 || size_t(x) >= numLabels) throw Error("label index " + std::to_string(x) + " out of range");
    s.insert(x);
  }
  return s;
}

double ratio(size_t a, size_t b) {
  return b == 0 ? 0.0 : double(a) / double(b);
}

}  // namespace

MultiLabelMetrics multiLabelMetrics(const std::vector<std::vector<int>>& gold,
                                    const std::vector<std::vector<int>>& pred, size_t numLabels) {
  if (gold.size() != pred.size()) throw Error("gold and predicted label sets differ in number");
  MultiLabelMetrics m;
  m.count = gold.size();
  m.perLabel.assign(numLabels, {});
  size_t exact = 0;
  for (size_t i = 0; i < gold.size(); ++i) {
    const std::set<int> g = asSet(gold[i], numLabels), p = asSet(pred[i], numLabels);
    exact += g == p ? 1 : 0;
    for (int l : p) (g.count(l) ? m.perLabel[size_t(l)].tp : m.perLabel[size_t(l)].fp)++;
    for (int l : g)
      if (!p.count(l)) m.perLabel[size_t(l)].fn++;
  }
  size_t tp = 0, fp = 0, fn = 0, averaged = 0;
  double f1Sum = 0;
  for (auto& c : m.perLabel) {
    c.precision = ratio(c.tp, c.tp + c.fp);
    c.recall = ratio(c.tp, c.tp + c.fn);
    c.f1 = ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn);
    tp += c.tp, fp += c.fp, fn += c.fn;
    if (c.tp + c.fp + c.fn > 0) {
      f1Sum += c.f1;
      ++averaged;
    }
  }
  m.subsetAccuracy = ratio(exact, m.count);
  m.microPrecision = ratio(tp, tp + fp);
  m.microRecall = ratio(tp, tp + fn);
  m.microF1 = ratio(2 * tp, 2 * tp + fp + fn);
  m.macroF1 = averaged ? f1Sum / double(averaged) : 0.0;
  return m;
}

}  // namespace pwb::multilabel
