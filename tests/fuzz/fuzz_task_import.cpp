// Fuzzes the importers and arithmetic of the task types of issue 17 (the multiple-choice reader, format
// mc-jsonl, is one of core/data's formats and is fuzzed by fuzz_data_import):
//   0  probe::importProbeSet (knowledge probing: fields plus an answer word), format and bad-row mode from
//      the second byte: every kept fact has a non-empty answer and non-empty fields, rows and problems point into the file;
//   1  multilabel::importMultiLabelSet (label lists or joined labels), separator and a declared label set
//      from the second byte: every kept row has at least one label, each one of the set, sorted, no repeats;
//   2  multilabel::multiLabelMetrics on label sets drawn from the input: every figure in [0, 1], micro-F1 =
//      2TP / (2TP + FP + FN) from the per-label counts, subset accuracy a multiple of 1/count.
// Any exception other than pwb::Error escapes and is a crash.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "common/error.h"
#include "data/format_detect.h"
#include "fuzz_support.h"
#include "multilabel/multilabel_import.h"
#include "multilabel/multilabel_metrics.h"
#include "probe/probe_import.h"

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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const std::string bytes(reinterpret_cast<const char*>(data) + 2, size - 2);
  switch (data[0] % 3) {
    case 0:
      probeImport(data[1], bytes);
      break;
    case 1:
      multiLabelImport(data[1], bytes);
      break;
    default:
      multiLabelMetrics(data[1], bytes);
      break;
  }
  return 0;
}
