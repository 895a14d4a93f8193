#include "multilabel/multilabel_format.h"

#include <cstdio>

#include "multilabel/multilabel_eval.h"

namespace pwb::multilabel {
namespace {

std::string fixed(double v, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::vector<std::string> names(const std::vector<std::string>& labels, const std::vector<int>& idx) {
  std::vector<std::string> out;
  for (int i : idx) out.push_back(labels[size_t(i)]);
  return out;
}

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ",") + x;
  return s.empty() ? "-" : s;
}

}  // namespace

nlohmann::json multiLabelJson(const MultiLabelResult& r, bool examples) {
  nlohmann::json perLabel = nlohmann::json::array();
  for (size_t c = 0; c < r.labels.size(); ++c) {
    const auto& l = r.metrics.perLabel[c];
    perLabel.push_back({{"label", r.labels[c]},
                        {"precision", l.precision},
                        {"recall", l.recall},
                        {"f1", l.f1},
                        {"tp", l.tp},
                        {"fp", l.fp},
                        {"fn", l.fn}});
  }
  nlohmann::json j = {{"scheme", multiLabelSchemeName(r.scheme)},
                      {"template", r.templateText},
                      {"verbalizer", r.verbalizerText},
                      {"labels", r.labels},
                      {"threshold", r.threshold},
                      {"metrics",
                       {{"micro_f1", r.metrics.microF1},
                        {"macro_f1", r.metrics.macroF1},
                        {"subset_accuracy", r.metrics.subsetAccuracy},
                        {"micro_precision", r.metrics.microPrecision},
                        {"micro_recall", r.metrics.microRecall},
                        {"count", r.metrics.count},
                        {"per_label", perLabel}}},
                      {"notes", r.notes}};
  if (examples) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& e : r.examples)
      rows.push_back({{"id", e.id},
                      {"line", e.line},
                      {"gold", names(r.labels, e.gold)},
                      {"pred", names(r.labels, e.pred)},
                      {"probs", e.probs}});
    j["examples"] = rows;
  }
  return j;
}

nlohmann::json multiLabelSetJson(const MultiLabelSet& set) {
  nlohmann::json problems = nlohmann::json::array();
  for (const auto& p : set.data.problems) problems.push_back({{"line", p.line}, {"message", p.message}});
  return {{"path", set.data.path},
          {"rows", set.data.examples.size()},
          {"labels", set.labels},
          {"declared", set.declared},
          {"problems", problems}};
}

std::string multiLabelReport(const MultiLabelResult& r, size_t shownExamples) {
  const auto& m = r.metrics;
  std::string s = "scheme:     " + std::string(multiLabelSchemeName(r.scheme)) +
                  "\ntemplate:   " + r.templateText + "\nverbalizer: " + r.verbalizerText + "\n";
  s += "threshold:  " + fixed(r.threshold, 4) + "\n";
  s += "micro-F1:   " + fixed(100.0 * m.microF1, 2) + "  (precision " + fixed(100.0 * m.microPrecision, 2) +
       ", recall " + fixed(100.0 * m.microRecall, 2) + ")\n";
  s += "macro-F1:   " + fixed(100.0 * m.macroF1, 2) + "\n";
  s += "subset acc: " + fixed(100.0 * m.subsetAccuracy, 2) + "  (" + std::to_string(m.count) + " rows)\n";
  s += "label          P       R      F1   tp   fp   fn\n";
  for (size_t c = 0; c < r.labels.size(); ++c) {
    const auto& l = m.perLabel[c];
    char row[160];
    std::snprintf(row, sizeof row, "%-12s %6.2f  %6.2f  %6.2f %4zu %4zu %4zu\n", r.labels[c].c_str(),
                  100.0 * l.precision, 100.0 * l.recall, 100.0 * l.f1, l.tp, l.fp, l.fn);
    s += row;
  }
  for (const auto& n : r.notes) s += "note:       " + n + "\n";
  for (size_t i = 0; i < r.examples.size() && i < shownExamples; ++i) {
    const auto& e = r.examples[i];
    s += e.id + "  gold " + joined(names(r.labels, e.gold)) + "  pred " + joined(names(r.labels, e.pred)) +
         " ";
    for (size_t c = 0; c < e.probs.size(); ++c) s += " " + r.labels[c] + " " + fixed(e.probs[c], 3);
    s += "\n";
  }
  return s;
}

}  // namespace pwb::multilabel
