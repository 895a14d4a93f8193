// Fuzzes the importers and arithmetic of the task types of issue 17 (the multiple-choice reader, format
// mc-jsonl, is one of core/data's formats and is fuzzed by fuzz_data_import):
//   0  probe::importProbeSet (knowledge probing: fields plus an answer word), format and bad-row mode from
//      the second byte: every kept fact has a non-empty answer and non-empty fields, rows and problems point
//      into the file;
//   1  multilabel::importMultiLabelSet (label lists or joined labels), separator and a declared label set
//      from the second byte: every kept row has at least one label, each one of the set, sorted, no repeats;
//   2  multilabel::multiLabelMetrics on label sets drawn from the input: every figure in [0, 1], micro-F1 =
//      2TP / (2TP + FP + FN) from the per-label counts, subset accuracy a multiple of 1/count;
//   3  regress::importRegressionSet (numeric targets) and regress::parsePoles on the input's first line:
//      every kept target finite and inside [min, max], one per row; poles read back from toString() the
//      same; the pole target of every kept value a distribution;
//   4  regress::regressionMetrics on values drawn from the input: correlations in [-1, 1] or NaN, MSE >= 0.
// Any exception other than pwb::Error escapes and is a crash.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "common/error.h"
#include "data/format_detect.h"
#include "fuzz_support.h"
#include "multilabel/multilabel_import.h"
#include "multilabel/multilabel_metrics.h"
#include "probe/probe_import.h"
#include "regress/regression_metrics.h"
#include "regress/regression_targets.h"

namespace {

using pwb::data::OnBadRow;

// Every kept row and every reported problem points into the file.
void checkLines(const pwb::data::Dataset& d) {
  for (const auto& ex : d.examples)
    if (ex.line < 1) __builtin_trap();
  for (const auto& p : d.problems)
    if (p.line < 0) __builtin_trap();
}

void probeImport(uint8_t pick, const std::string& bytes) {
  const auto& formats = pwb::data::formatNames();
  pwb::probe::ProbeImportOptions o;
  o.format = pick % 4 == 0 ? "auto" : formats[pick % formats.size()];
  o.onBadRow = pick & 0x80 ? OnBadRow::Stop : OnBadRow::Skip;
  if (pick & 0x40) o.answerColumn = "obj_label";
  const std::string path = pwb::fuzz::writeScratch("facts.jsonl", bytes);
  try {
    const auto set = pwb::probe::importProbeSet(path, o);
    for (const auto& ex : set.data.examples) {
      if (ex.label.empty()) __builtin_trap();
      for (const auto& field : ex.fields)
        if (field.empty()) __builtin_trap();
    }
    checkLines(set.data);
    (void)set.summary();
  } catch (const pwb::Error&) {
  }
}

void multiLabelImport(uint8_t pick, const std::string& bytes) {
  pwb::multilabel::MultiLabelImportOptions o;
  o.format = pick & 1 ? "auto" : (pick & 2 ? "jsonl" : "tsv");
  o.separator = pick & 4 ? "," : "|";
  if (pick & 8) o.declaredLabels = {"a", "b", "c"};
  o.onBadRow = pick & 0x80 ? OnBadRow::Stop : OnBadRow::Skip;
  const std::string path = pwb::fuzz::writeScratch("labels.data", bytes);
  try {
    const auto set = pwb::multilabel::importMultiLabelSet(path, o);
    if (set.gold.size() != set.data.examples.size()) __builtin_trap();
    for (const auto& labels : set.gold) {
      if (labels.empty()) __builtin_trap();
      for (size_t i = 0; i < labels.size(); ++i) {
        if (labels[i] < 0 || size_t(labels[i]) >= set.labels.size()) __builtin_trap();
        if (i > 0 && labels[i] <= labels[i - 1]) __builtin_trap();
      }
    }
    checkLines(set.data);
    (void)set.summary();
  } catch (const pwb::Error&) {
  }
}

void multiLabelMetrics(uint8_t pick, const std::string& bytes) {
  const size_t numLabels = 1 + pick % 6;
  std::vector<std::vector<int>> gold, pred;
  for (size_t i = 0; i + 1 < bytes.size(); i += 2) {
    std::vector<int> g, p;
    for (size_t l = 0; l < numLabels; ++l) {
      if (uint8_t(bytes[i]) >> l & 1) g.push_back(int(l));
      if (uint8_t(bytes[i + 1]) >> l & 1) p.push_back(int(l));
    }
    gold.push_back(g);
    pred.push_back(p);
  }
  if (pick & 0x80 && !gold.empty()) gold.back().push_back(int(numLabels));  // out of range: an error
  try {
    const auto m = pwb::multilabel::multiLabelMetrics(gold, pred, numLabels);
    for (double x : {m.subsetAccuracy, m.microPrecision, m.microRecall, m.microF1, m.macroF1})
      if (!(x >= 0 && x <= 1)) __builtin_trap();
    size_t tp = 0, fp = 0, fn = 0;
    for (const auto& c : m.perLabel) tp += c.tp, fp += c.fp, fn += c.fn;
    const double micro = tp + fp + fn == 0 ? m.microF1 : 2.0 * tp / double(2 * tp + fp + fn);
    if (std::fabs(micro - m.microF1) > 1e-12) __builtin_trap();
    if (m.count > 0) {
      const double k = m.subsetAccuracy * double(m.count);
      if (std::fabs(k - std::round(k)) > 1e-9) __builtin_trap();
    }
  } catch (const pwb::Error&) {
  }
}

void regressionImport(uint8_t pick, const std::string& bytes) {
  const std::string firstLine = bytes.substr(0, bytes.find('\n'));
  try {
    const auto poles = pwb::regress::parsePoles(firstLine);
    const auto again = pwb::regress::parsePoles(poles.toString());
    if (again.lowerWord != poles.lowerWord || again.upperWord != poles.upperWord ||
        again.hasRange != poles.hasRange ||
        (poles.hasRange && (again.lower != poles.lower || again.upper != poles.upper)))
      __builtin_trap();
  } catch (const pwb::Error&) {
  }
  pwb::regress::RegressionImportOptions o;
  o.format = pick & 1 ? "auto" : (pick & 2 ? "jsonl" : "tsv");
  if (pick & 4) o.targetColumn = "score";
  o.onBadRow = pick & 0x80 ? OnBadRow::Stop : OnBadRow::Skip;
  const std::string path = pwb::fuzz::writeScratch("targets.data", bytes);
  try {
    const auto set = pwb::regress::importRegressionSet(path, o);
    if (set.targets.size() != set.data.examples.size()) __builtin_trap();
    for (double y : set.targets) {
      if (!std::isfinite(y) || y < set.min || y > set.max) __builtin_trap();
      const auto t = pwb::regress::poleTarget(y, set.min, set.max > set.min ? set.max : set.min + 1);
      if (!(t[0] >= 0 && t[1] >= 0 && std::fabs(t[0] + t[1] - 1) < 1e-5)) __builtin_trap();
    }
    checkLines(set.data);
    (void)set.summary();
  } catch (const pwb::Error&) {
  }
}

void regressionMetrics(const std::string& bytes) {
  std::vector<double> gold, predicted;
  for (size_t i = 0; i + 16 <= bytes.size(); i += 16) {
    double g, p;
    std::memcpy(&g, bytes.data() + i, 8);
    std::memcpy(&p, bytes.data() + i + 8, 8);
    gold.push_back(g);
    predicted.push_back(p);
  }
  try {
    const auto m = pwb::regress::regressionMetrics(gold, predicted);
    for (double r : {m.pearson, m.spearman})
      if (!std::isnan(r) && !(r >= -1 - 1e-9 && r <= 1 + 1e-9)) __builtin_trap();
    if (m.mse < 0) __builtin_trap();
  } catch (const pwb::Error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const std::string bytes(reinterpret_cast<const char*>(data) + 2, size - 2);
  switch (data[0] % 5) {
    case 0:
      probeImport(data[1], bytes);
      break;
    case 1:
      multiLabelImport(data[1], bytes);
      break;
    case 2:
      multiLabelMetrics(data[1], bytes);
      break;
    case 3:
      regressionImport(data[1], bytes);
      break;
    default:
      regressionMetrics(bytes);
      break;
  }
  return 0;
}
