#include "multilabel/multilabel_run.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "multilabel/multilabel_eval.h"
#include "store/run_store.h"

namespace pwb::multilabel {

std::string labelSetText(const std::vector<int>& set, const std::vector<std::string>& labels) {
  std::vector<int> sorted = set;
  std::sort(sorted.begin(), sorted.end());
  nlohmann::json j = nlohmann::json::array();
  for (int l : sorted) j.push_back(labels.at(size_t(l)));
  return j.dump();
}

std::vector<int> parseLabelSet(const std::string& text, const std::vector<std::string>& labels) {
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_array()) throw Error("a stored label set is not a JSON array: " + text.substr(0, 80));
  std::vector<int> out;
  for (const auto& v : j) {
    if (!v.is_string()) throw Error("a stored label set holds a non-string: " + text.substr(0, 80));
    const auto it = std::find(labels.begin(), labels.end(), v.get<std::string>());
    if (it == labels.end()) throw Error("a stored label set names an unknown label: " + v.get<std::string>());
    out.push_back(int(it - labels.begin()));
  }
  return out;
}

int64_t saveMultiLabelRun(store::RunStore& st, const MultiLabelResult& r, const MultiLabelSet& set,
                          const std::string& modelDir, const std::string& device) {
  const std::string scheme = multiLabelSchemeName(r.scheme);
  store::RunRecord run;
  run.name = "multi-label zero-shot (" + scheme + "): " + r.templateText;
  run.method = "zero-shot";
  run.device = device;
  run.config = {{"task", "multilabel"},           {"model", modelDir},
                {"data", set.data.path},          {"template", r.templateText},
                {"verbalizer", r.verbalizerText}, {"scheme", scheme},
                {"threshold", r.threshold},       {"labels", r.labels}};
  const int64_t id = st.createRun(run);
  try {
    st.setStatus(id, store::RunStatus::Running);
    store::EvaluationRecord ev;
    ev.runId = id;
    ev.name = run.name;
    ev.templateText = r.templateText;
    ev.verbalizerSpec = r.verbalizerText;
    ev.dataset = set.data.path;
    ev.split = "test";
    ev.labels = r.labels;
    ev.accuracy = r.metrics.subsetAccuracy;
    ev.macroF1 = r.metrics.macroF1;
    ev.n = static_cast<int64_t>(r.metrics.count);
    ev.metrics = {{"task", "multilabel"},
                  {"scheme", scheme},
                  {"micro_f1", r.metrics.microF1},
                  {"macro_f1", r.metrics.macroF1},
                  {"subset_acc", r.metrics.subsetAccuracy},
                  {"threshold", r.threshold},
                  {"notes", r.notes}};
    for (size_t i = 0; i < r.examples.size(); ++i) {
      const auto& e = r.examples[i];
      store::PredictionRecord p;
      p.index = static_cast<int64_t>(i);
      p.exampleId = e.id;
      p.gold = labelSetText(e.gold, r.labels);
      p.predicted = labelSetText(e.pred, r.labels);
      bool finite = e.probs.size() == r.labels.size();
      for (double v : e.probs) finite = finite && std::isfinite(v);
      if (finite) p.probabilities = e.probs;
      ev.predictions.push_back(std::move(p));
    }
    st.saveEvaluation(ev);
    st.finishRun(id, store::RunStatus::Finished,
                 {{"task", "multilabel"},
                  {"test_micro_f1", r.metrics.microF1},
                  {"test_macro_f1", r.metrics.macroF1},
                  {"test_subset_acc", r.metrics.subsetAccuracy},
                  {"threshold", r.threshold}});
  } catch (const std::exception& e) {
    try {
      st.finishRun(id, store::RunStatus::Failed, nlohmann::json::object(), e.what());
    } catch (...) {
      // The store itself failed: the original error is the one to report.
    }
    throw;
  }
  return id;
}

}  // namespace pwb::multilabel
