#include "multilabel/multilabel_eval.h"

#include <algorithm>

#include "common/error.h"
#include "multilabel/multilabel_metrics.h"
#include "prompt/template.h"

namespace pwb::multilabel {

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
  // The single-label scorer does the work: every row as unlabeled, the classes the label set, so each row
  // gets the verbalizer-normalised probability of every label (the gold sets are compared below).
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

  MultiLabelResult r;
  r.templateText = request.templateText;
  r.verbalizerText = request.verbalizerText;
  r.labels = set.labels;
  r.threshold = request.threshold > 0 ? request.threshold : 1.0 / double(set.labels.size());
  std::vector<std::vector<int>> gold, pred;
  for (size_t i = 0; i < cell.examples.size(); ++i) {
    const eval::ExamplePrediction& p = cell.examples[i];
    MultiLabelExample e;
    e.id = p.id;
    e.line = set.data.examples[i].line;
    e.gold = set.gold[i];
    e.probs = p.probs;
    // A row whose scores were not finite (pred -1) predicts no label.
    if (p.pred >= 0) e.pred = labelsAbove(p.probs, r.threshold);
    gold.push_back(e.gold);
    pred.push_back(e.pred);
    if (request.keepExamples) r.examples.push_back(std::move(e));
  }
  r.metrics = multiLabelMetrics(gold, pred, set.labels.size());
  r.notes = cell.notes;
  char th[64];
  std::snprintf(th, sizeof th, "%.4g", r.threshold);
  r.notes.insert(r.notes.begin(),
                 std::string("a label is predicted when its label word's probability, softmax "
                             "over the label words at the [MASK], is >= ") +
                     th + (request.threshold > 0 ? "" : " (1 / number of labels)"));
  return r;
}

}  // namespace pwb::multilabel
