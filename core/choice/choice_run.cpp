#include "choice/choice_run.h"

#include <nlohmann/json.hpp>

#include "store/run_store.h"

namespace pwb::choice {

int64_t saveChoiceRun(store::RunStore& st, const OptionScoreResult& r, const std::string& dataPath,
                      const std::string& modelDir, const std::string& device) {
  store::RunRecord run;
  run.name = "multiple choice zero-shot: " + r.templateText;
  run.method = "zero-shot";
  run.device = device;
  run.config = {{"task", "multiple-choice"},
                {"model", modelDir},
                {"data", dataPath},
                {"template", r.templateText},
                {"score", optionScoreName(r.score)}};
  const int64_t id = st.createRun(run);
  try {
    st.setStatus(id, store::RunStatus::Running);
    store::EvaluationRecord ev;
    ev.runId = id;
    ev.name = run.name;
    ev.templateText = r.templateText;
    ev.dataset = dataPath;
    ev.split = "test";
    ev.labels = r.labels;
    ev.accuracy = r.accuracy;
    ev.n = static_cast<int64_t>(r.withAnswer);
    nlohmann::json scores = nlohmann::json::array();
    for (size_t i = 0; i < r.examples.size(); ++i) {
      const auto& e = r.examples[i];
      store::PredictionRecord p;
      p.index = static_cast<int64_t>(i);
      p.exampleId = e.id;
      if (e.gold >= 0 && size_t(e.gold) < r.labels.size()) p.gold = r.labels[size_t(e.gold)];
      if (e.pred >= 0 && size_t(e.pred) < r.labels.size()) p.predicted = r.labels[size_t(e.pred)];
      ev.predictions.push_back(std::move(p));
      scores.push_back(e.scores);
    }
    ev.metrics = {{"task", "multiple-choice"},
                  {"score", optionScoreName(r.score)},
                  {"correct", r.correct},
                  {"skipped", r.skipped},
                  {"scores", scores}};
    st.saveEvaluation(ev);
    st.finishRun(id, store::RunStatus::Finished,
                 {{"task", "multiple-choice"},
                  {"test_accuracy", r.accuracy},
                  {"scored", r.scored},
                  {"skipped", r.skipped.size()}});
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

}  // namespace pwb::choice
