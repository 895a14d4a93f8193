#include "multilabel/multilabel_eval.h"

#include <algorithm>

#include "common/error.h"
#include "multilabel/multilabel_metrics.h"
#include "prompt/template.h"

namespace pwb::multilabel {

MultiLabelScheme parseMultiLabelScheme(const std::string& text) {
  if (text == "label-words") return MultiLabelScheme::LabelWords;
  if (text == "yes-no") return MultiLabelScheme::YesNo;
  throw Error("unknown multi-label scheme '" + text + "' (known: label-words, yes-no)");
}

const char* multiLabelSchemeName(MultiLabelScheme scheme) {
  return scheme == MultiLabelScheme::LabelWords ? "label-words" : "yes-no";
}

namespace {

constexpr const char* kLabelField = "label";

// Per row and label: P(yes) of the yes/no cloze with the label's name in the field {label}.
std::vector<std::vector<double>> yesNoProbs(eval::EvalSession& session, const MultiLabelRequest& request,
                                            const eval::Progress& progress, const std::atomic<bool>* cancel,
                                            std::vector<std::string>& notes) {
  const MultiLabelSet& set = request.set;
  if (set.data.fieldIndex(kLabelField) >= 0)
    throw Error(
        "the yes/no scheme puts the label into the field {label}, but the data set has a field of "
        "that name");
  const prompt::Template tpl = prompt::parseTemplate(request.templateText);
  bool namesLabel = false;
  for (const auto& f : tpl.fieldNames()) namesLabel = namesLabel || f == kLabelField;
  if (!namesLabel)
    throw Error("the yes/no scheme needs the field {label} in the template (where the label's name goes)");
  const size_t labels = set.labels.size();
  const size_t rows =
      request.limit > 0 ? std::min(request.limit, set.data.examples.size()) : set.data.examples.size();
  std::vector<std::vector<double>> probs(rows, std::vector<double>(labels, 0.0));
  for (size_t c = 0; c < labels; ++c) {
    eval::EvalRequest req;
    req.data = set.data;
    req.data.columns.push_back(kLabelField);
    for (auto& e : req.data.examples) {
      e.fields.push_back(set.labels[c]);
      e.label.clear();
    }
    req.data.labels = {"yes", "no"};
    req.data.unlabeled = true;
    req.templateText = request.templateText;
    req.verbalizerText = request.yesNoWords;
    req.options = request.scoring;
    req.limit = rows;
    // Each label an equal share of the progress.
    const eval::Progress share = [&progress, c, labels](int64_t done, int64_t total) {
      if (progress && total > 0) progress(int64_t(c) * total + done, int64_t(labels) * total);
    };
    const eval::CellResult cell = session.evaluate(req, share, cancel);
    for (size_t i = 0; i < cell.examples.size() && i < rows; ++i)
      probs[i][c] = cell.examples[i].pred >= 0 ? cell.examples[i].probs[0] : 0.0;
    if (c == 0) notes = cell.notes;
  }
  return probs;
}

}  // namespace

std::vector<int> labelsAbove(const std::vector<double>& probs, double threshold) {
  std::vector<int> out;
  for (size_t c = 0; c < probs.size(); ++c)
    if (probs[c] >= threshold) out.push_back(int(c));
  return out;
}

MultiLabelResult runMultiLabel(eval::EvalSession& session, const MultiLabelRequest& request,
                               const eval::Progress& progress, const std::atomic<bool>* cancel) {
  const MultiLabelSet& set = request.set;
  if (set.labels.size() < 2) throw Error("multi-label evaluation needs at least 2 labels");
  if (set.gold.size() != set.data.examples.size()) throw Error("the label sets do not match the rows");
  if (request.threshold < 0 || request.threshold > 1) throw Error("the threshold must be between 0 and 1");
  {
    prompt::Template tpl = prompt::parseTemplate(request.templateText);
    tpl.requireMask();
    if (tpl.maskCount() != 1)
      throw Error("multi-label evaluation scores every label word at one [MASK] (this template has " +
                  std::to_string(tpl.maskCount()) + ")");
  }
  MultiLabelResult r;
  r.scheme = request.scheme;
  r.templateText = request.templateText;
  r.verbalizerText = request.scheme == MultiLabelScheme::YesNo ? request.yesNoWords : request.verbalizerText;
  r.labels = set.labels;
  const bool yesNo = request.scheme == MultiLabelScheme::YesNo;
  r.threshold = request.threshold > 0 ? request.threshold : yesNo ? 0.5 : 1.0 / double(set.labels.size());
  std::vector<std::vector<double>> probs;
  std::vector<bool> scored;
  if (yesNo) {
    probs = yesNoProbs(session, request, progress, cancel, r.notes);
    scored.assign(probs.size(), true);
  } else {
    // The single-label scorer does the work: every row as unlabeled, the classes the label set, so each
    // row gets the verbalizer-normalised probability of every label (the gold sets are compared below).
    eval::EvalRequest req;
    req.data = set.data;
    for (auto& e : req.data.examples) e.label.clear();
    req.data.labels = set.labels;
    req.data.unlabeled = true;
    req.templateText = request.templateText;
    req.verbalizerText = request.verbalizerText;
    req.options = request.scoring;
    req.limit = request.limit;
    const eval::CellResult cell = session.evaluate(req, progress, cancel);
    if (cell.labels != set.labels) throw Error("the verbalizer must name exactly the labels of the set");
    for (const auto& p : cell.examples) {
      probs.push_back(p.probs);
      scored.push_back(p.pred >= 0);  // scores not finite: no label predicted
    }
    r.notes = cell.notes;
  }
  std::vector<std::vector<int>> gold, pred;
  for (size_t i = 0; i < probs.size(); ++i) {
    MultiLabelExample e;
    e.id = set.data.examples[i].id;
    e.line = set.data.examples[i].line;
    e.gold = set.gold[i];
    e.probs = probs[i];
    if (scored[i]) e.pred = labelsAbove(e.probs, r.threshold);
    gold.push_back(e.gold);
    pred.push_back(e.pred);
    if (request.keepExamples) r.examples.push_back(std::move(e));
  }
  r.metrics = multiLabelMetrics(gold, pred, set.labels.size());
  char th[64];
  std::snprintf(th, sizeof th, "%.4g", r.threshold);
  r.notes.insert(r.notes.begin(),
                 yesNo
                     ? std::string("one yes/no cloze per label (its name in {label}); a label is predicted "
                                   "when P(yes), softmax over the yes/no words at the [MASK], is >= ") +
                           th
                     : std::string("a label is predicted when its label word's probability, softmax over the "
                                   "label words at the [MASK], is >= ") +
                           th + (request.threshold > 0 ? "" : " (1 / number of labels)"));
  return r;
}

}  // namespace pwb::multilabel
