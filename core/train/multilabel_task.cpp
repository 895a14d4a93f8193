#include "train/multilabel_task.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "common/error.h"
#include "multilabel/multilabel_eval.h"
#include "multilabel/multilabel_import.h"
#include "multilabel/multilabel_metrics.h"
#include "train/task_builder.h"
#include "train/trainer.h"

namespace pwb::train {
namespace {

constexpr const char* kLabelField = "label";  // yes-no: where a label's name goes in the template
constexpr const char* kYes = "yes";
constexpr const char* kNo = "no";

std::vector<std::string> declaredLabels(const std::string& text, const std::string& separator) {
  std::vector<std::string> out;
  if (text.empty() || separator.empty()) return out;
  for (auto& l : multilabel::splitLabels(text, separator)) {
    if (l.empty()) throw Error("multi-label: an empty label in the declared labels \"" + text + "\"");
    out.push_back(l);
  }
  return out;
}

// "3 rows of FILE skipped (first: FILE:LINE: message)" when the importer skipped any.
void noteSkipped(const multilabel::MultiLabelSet& set, std::vector<std::string>& notes) {
  const auto& p = set.data.problems;
  if (p.empty()) return;
  notes.push_back(std::to_string(p.size()) + (p.size() == 1 ? " row of " : " rows of ") + set.data.path +
                  " skipped (first: " + p.front().text() + ")");
}

const std::vector<int>& goldOf(const multilabel::MultiLabelSet& set,
                               const std::map<std::string, size_t>& index, const std::string& id) {
  const auto it = index.find(id);
  if (it == index.end()) throw Error("multi-label: example " + id + " has no label set");
  return set.gold[it->second];
}

}  // namespace

void validateMultiLabelRequest(const TrainRequest& r) {
  auto need = [](bool ok, const std::string& what) {
    if (!ok) throw Error(what);
  };
  const auto scheme = multilabel::parseMultiLabelScheme(r.multilabel.scheme);
  need(r.method != "fine-tune" && !(r.method == "p-tuning-v2" && r.options.head == "cls"),
       "multi-label training scores label words at [MASK]: the '" + r.method +
           "' method reads a classification head instead (use prompt-ft, prompt-tuning, p-tuning or "
           "p-tuning-v2 with the verbalizer head)");
  need(std::isfinite(r.multilabel.threshold) && r.multilabel.threshold >= 0 && r.multilabel.threshold < 1,
       "the multi-label threshold must be 0 (chosen on dev) or between 0 and 1");
  need(!r.multilabel.separator.empty(), "the multi-label separator must not be empty");
  need(r.poles.empty(), "poles need the regression task");
  need(!r.demos.enabled(), "demonstrations are not available for multi-label training");
  need(r.addedTrain.empty(), "PET/iPET's added examples are not available for multi-label training");
  need(scheme != multilabel::MultiLabelScheme::LabelWords || r.options.petMlmAlpha == 0.0,
       "PET's auxiliary MLM loss is not combined with the label-words multi-label loss (binary "
       "cross-entropy)");
  declaredLabels(r.multilabel.labels, r.multilabel.separator);
}

MultiLabelTask::MultiLabelTask(const TrainRequest& request)
    : request_(request), scheme_(multilabel::parseMultiLabelScheme(request.multilabel.scheme)) {
  multilabel::MultiLabelImportOptions o;
  o.format = request.trainFormat;
  o.labelColumn = request.targetColumn;
  o.separator = request.multilabel.separator;
  o.declaredLabels = declaredLabels(request.multilabel.labels, request.multilabel.separator);
  train_ = multilabel::importMultiLabelSet(request.trainPath, o);
  if (train_.labels.size() < 2)
    throw fileError(request.trainPath, "multi-label training needs at least two labels");
  // The test set is read against the training set's labels: a row naming another is reported and skipped.
  o.format = request.testFormat;
  o.declaredLabels = train_.labels;
  test_ = multilabel::importMultiLabelSet(request.testPath, o);
  if (test_.data.examples.empty()) throw fileError(request.testPath, "no test rows with a label set");
  if (scheme_ == multilabel::MultiLabelScheme::YesNo) {
    for (const auto* set : {&train_, &test_})
      if (set->data.fieldIndex(kLabelField) >= 0)
        throw fileError(set->data.path,
                        "the yes/no scheme puts the label into the field {label}, but the data set has a "
                        "field of that name");
  }
  noteSkipped(train_, notes_);
  noteSkipped(test_, notes_);
  notes_.push_back("multi-label (" + std::string(multilabel::multiLabelSchemeName(scheme_)) + "): train " +
                   train_.summary() + "; test " + test_.summary());
  notes_.push_back("multi-label: each seed holds out " + std::to_string(request.k) +
                   " training rows as dev (seeded shuffle) and trains on the other rows; the K-shot sampler "
                   "(K per class) does not apply to rows with several labels");
  trainView_ = view(train_);
  testView_ = view(test_);
}

TrainRequest MultiLabelTask::builderRequest() const {
  TrainRequest r = request_;
  if (scheme_ == multilabel::MultiLabelScheme::YesNo) r.verbalizer = r.multilabel.yesNoWords;
  return r;
}

data::Dataset MultiLabelTask::view(const multilabel::MultiLabelSet& set) const {
  data::Dataset ds = set.data;
  ds.problems.clear();
  ds.unlabeled = false;
  if (scheme_ == multilabel::MultiLabelScheme::LabelWords) {
    for (size_t i = 0; i < ds.examples.size(); ++i)
      ds.examples[i].label = set.labels.at(size_t(set.gold[i].front()));
    ds.labels = set.labels;  // the declared order, not sorted: the verbalizer's classes follow it
    return ds;
  }
  ds.columns.push_back(kLabelField);
  ds.examples.clear();
  for (size_t i = 0; i < set.data.examples.size(); ++i) {
    for (size_t c = 0; c < set.labels.size(); ++c) {
      data::Example e = set.data.examples[i];
      e.id += "#" + std::to_string(c);
      e.fields.push_back(set.labels[c]);
      const auto& g = set.gold[i];
      e.label = std::find(g.begin(), g.end(), int(c)) != g.end() ? kYes : kNo;
      ds.examples.push_back(std::move(e));
    }
  }
  ds.labels = {kYes, kNo};  // class 0 is "yes": P(yes) is probabilities[0]
  return ds;
}

std::vector<std::string> MultiLabelTask::testRowIds() const {
  std::vector<std::string> ids;
  for (const auto& e : test_.data.examples) ids.push_back(e.id);
  return ids;
}

data::KShotSplit MultiLabelTask::split(int64_t seed) const {
  if (request_.k < 1 || size_t(request_.k) >= train_.data.examples.size())
    throw fileError(request_.trainPath, "multi-label training holds out K = " + std::to_string(request_.k) +
                                            " rows as dev, but the file has " +
                                            std::to_string(train_.data.examples.size()) +
                                            " usable rows (K must be at least 1 and below that)");
  data::KShotSplit rows = data::randomSplit(train_.data, size_t(request_.k), static_cast<uint64_t>(seed));
  auto viewIds = [this](const std::vector<std::string>& ids) {
    if (scheme_ == multilabel::MultiLabelScheme::LabelWords) return ids;
    std::vector<std::string> out;
    for (const auto& id : ids)
      for (size_t c = 0; c < train_.labels.size(); ++c) out.push_back(id + "#" + std::to_string(c));
    return out;
  };
  data::KShotSplit out;
  out.manifest = rows.manifest;
  out.train = data::selectExamples(trainView_, viewIds(rows.manifest.trainIds));
  out.dev = data::selectExamples(trainView_, viewIds(rows.manifest.devIds));
  out.train.labels = trainView_.labels;
  out.dev.labels = trainView_.labels;
  return out;
}

std::vector<TaskExample> MultiLabelTask::encode(const TaskBuilder& task, const data::Dataset& view,
                                                const std::atomic<bool>* cancel) const {
  std::vector<TaskExample> out = task.encodeAll(view, cancel);
  if (scheme_ != multilabel::MultiLabelScheme::LabelWords) return out;
  // The test view is this object's own; any other view (a seed's split) holds training rows.
  const multilabel::MultiLabelSet& set = &view == &testView_ ? test_ : train_;
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < set.data.examples.size(); ++i) index[set.data.examples[i].id] = i;
  for (size_t i = 0; i < out.size(); ++i) {
    out[i].target.assign(set.labels.size(), 0.0F);
    for (int l : goldOf(set, index, view.examples[i].id)) out[i].target[size_t(l)] = 1.0F;
  }
  return out;
}

MultiLabelRows multiLabelRows(const ScoredPredictions& scored, const std::vector<TaskExample>& examples,
                              multilabel::MultiLabelScheme scheme, size_t numLabels) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  if (scored.predicted.size() != examples.size() || scored.logits.size() != examples.size())
    throw Error("multi-label: " + std::to_string(scored.predicted.size()) + " predictions for " +
                std::to_string(examples.size()) + " examples");
  MultiLabelRows rows;
  if (scheme == multilabel::MultiLabelScheme::LabelWords) {
    for (size_t i = 0; i < examples.size(); ++i) {
      std::vector<double> p(numLabels, kNaN);
      std::vector<int> g;
      for (size_t c = 0; c < numLabels; ++c) {
        if (scored.predicted[i] >= 0) p[c] = 1.0 / (1.0 + std::exp(-double(scored.logits[i].at(c))));
        if (c < examples[i].target.size() && examples[i].target[c] >= 0.5F) g.push_back(int(c));
      }
      rows.probs.push_back(std::move(p));
      rows.gold.push_back(std::move(g));
    }
    return rows;
  }
  if (numLabels == 0 || examples.size() % numLabels != 0)
    throw Error("multi-label: " + std::to_string(examples.size()) + " yes/no clozes are not " +
                std::to_string(numLabels) + " per row");
  for (size_t i = 0; i < examples.size(); i += numLabels) {
    std::vector<double> p(numLabels, kNaN);
    std::vector<int> g;
    for (size_t c = 0; c < numLabels; ++c) {
      if (scored.predicted[i + c] >= 0) p[c] = scored.probabilities[i + c].at(0);
      if (examples[i + c].label == 0) g.push_back(int(c));
    }
    rows.probs.push_back(std::move(p));
    rows.gold.push_back(std::move(g));
  }
  return rows;
}

MultiLabelScores multiLabelScores(const MultiLabelRows& rows, size_t numLabels, double threshold) {
  MultiLabelScores s;
  for (const auto& p : rows.probs) s.predicted.push_back(multilabel::labelsAbove(p, threshold));
  s.metrics = multilabel::multiLabelMetrics(rows.gold, s.predicted, numLabels);
  return s;
}

double chooseThreshold(const MultiLabelRows& rows, size_t numLabels, double fixed) {
  if (fixed > 0) return fixed;
  double best = 0.5;
  double bestF1 = multiLabelScores(rows, numLabels, best).metrics.microF1;
  for (int i = 1; i <= 19; ++i) {
    const double t = i / 20.0;
    const double f1 = multiLabelScores(rows, numLabels, t).metrics.microF1;
    // Strictly better, or as good and nearer 0.5.
    if (f1 > bestF1 || (f1 == bestF1 && std::abs(t - 0.5) < std::abs(best - 0.5))) {
      best = t;
      bestF1 = f1;
    }
  }
  return best;
}

}  // namespace pwb::train
