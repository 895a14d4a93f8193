#include "store/example_diff.h"

#include <map>

#include "common/error.h"
#include "store/statement.h"

namespace pwb::store {

EvaluationDiff diffEvaluations(const EvaluationRecord& a, const EvaluationRecord& b) {
  EvaluationDiff d;
  d.evaluationA = a.id;
  d.evaluationB = b.id;
  bool byId = !a.predictions.empty() && !b.predictions.empty();
  for (const auto* e : {&a, &b}) {
    for (const auto& p : e->predictions) byId = byId && !p.exampleId.empty();
  }
  std::map<std::string, const PredictionRecord*> bById;
  std::map<int64_t, const PredictionRecord*> bByIndex;
  for (const auto& p : b.predictions) {
    if (byId) {
      bById[p.exampleId] = &p;
    } else {
      bByIndex[p.index] = &p;
    }
  }
  for (const auto& pa : a.predictions) {
    const PredictionRecord* pb = nullptr;
    if (byId) {
      auto it = bById.find(pa.exampleId);
      if (it != bById.end()) pb = it->second;
    } else {
      auto it = bByIndex.find(pa.index);
      if (it != bByIndex.end()) pb = it->second;
    }
    if (!pb) {
      ++d.onlyA;
      continue;
    }
    ++d.common;
    const auto gold = pa.gold ? pa.gold : pb->gold;
    const bool rightA = gold && pa.predicted == *gold;
    const bool rightB = gold && pb->predicted == *gold;
    if (gold) {
      ++d.labelled;
      d.correctA += rightA;
      d.correctB += rightB;
    }
    if (pa.predicted == pb->predicted) continue;
    if (gold && !rightA && rightB) {
      ++d.fixed;
    } else if (gold && rightA && !rightB) {
      ++d.broken;
    } else {
      ++d.changed;
    }
    d.flips.push_back(ExampleFlip{pa.index, pa.exampleId, gold, pa.predicted, pb->predicted});
  }
  d.onlyB = static_cast<int64_t>(b.predictions.size()) - d.common;
  return d;
}

int64_t latestEvaluationOfRun(RunStore& store, int64_t runId, const std::string& split) {
  store.getRun(runId);  // "no run with id N" before "no evaluation"
  Statement st(store.database(), split.empty()
                                     ? "SELECT id FROM evaluations WHERE run_id = ? ORDER BY id DESC LIMIT 1"
                                     : "SELECT id FROM evaluations WHERE run_id = ? AND split = ? "
                                       "ORDER BY id DESC LIMIT 1");
  st.bind(1, runId);
  if (!split.empty()) st.bind(2, split);
  if (!st.step()) {
    throw fileError(store.path(), "run " + std::to_string(runId) + " has no evaluation" +
                                      (split.empty() ? std::string() : " on split '" + split + "'"));
  }
  return st.getInt64(0);
}

}  // namespace pwb::store
