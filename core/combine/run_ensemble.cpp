#include "combine/run_ensemble.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "common/error.h"
#include "eval/calibration.h"
#include "store/example_diff.h"
#include "store/run_store.h"

namespace pwb::combine {
namespace {

std::string runName(const store::RunRecord& r) {
  return "run " + std::to_string(r.id) + (r.name.empty() ? "" : " (" + r.name + ")");
}

std::string listText(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
  return out + "]";
}

// What identifies a run's model: its record's config hash (the same weights under another path are the
// same model), else the path its config names (runs recorded without a model record).
struct ModelIdentity {
  std::string hash;
  std::string path;
};

ModelIdentity modelOf(store::RunStore& st, const store::RunRecord& r) {
  ModelIdentity id;
  if (r.modelId) {
    try {
      const auto m = st.getModel(*r.modelId);
      id.hash = m.configHash;
      id.path = m.path;
    } catch (const Error&) {
    }
  }
  if (id.path.empty() && r.config.is_object() && r.config.contains("model") && r.config["model"].is_string())
    id.path = r.config["model"].get<std::string>();
  return id;
}

bool sameModel(const ModelIdentity& a, const ModelIdentity& b) {
  if (!a.hash.empty() && !b.hash.empty()) return a.hash == b.hash;
  return a.path == b.path;
}

struct Loaded {
  store::RunRecord run;
  store::EvaluationRecord evaluation;
  ModelIdentity model;
  std::vector<std::vector<double>> probabilities;  // in the first member's label order
};

Loaded loadMember(store::RunStore& st, int64_t id, const std::string& split) {
  const auto found = st.findRun(id);
  if (!found) throw Error("cannot ensemble run " + std::to_string(id) + ": no such run in " + st.path());
  Loaded m;
  m.run = *found;
  if (m.run.status != store::RunStatus::Finished)
    throw Error("cannot ensemble " + runName(m.run) + ": it is " + store::runStatusName(m.run.status) +
                ", only finished runs can be ensembled");
  int64_t evalId = 0;
  try {
    evalId = store::latestEvaluationOfRun(st, id, split);
  } catch (const Error&) {
    throw Error("cannot ensemble " + runName(m.run) + ": it has no evaluation on the " + split + " split");
  }
  m.evaluation = st.getEvaluation(evalId, true);
  const auto& ev = m.evaluation;
  if (ev.predictions.empty())
    throw Error("cannot ensemble " + runName(m.run) + ": its " + split + " evaluation has no predictions");
  for (size_t i = 0; i < ev.predictions.size(); ++i) {
    const auto& p = ev.predictions[i];
    if (p.index != static_cast<int64_t>(i))
      throw Error("cannot ensemble " + runName(m.run) + ": its " + split + " predictions skip example " +
                  std::to_string(i));
    if (p.probabilities.size() != ev.labels.size())
      throw Error("cannot ensemble " + runName(m.run) + ": its " + split +
                  " predictions have no stored class probabilities (recorded before Prompt Workbench stored "
                  "them): train it again to ensemble it");
  }
  m.model = modelOf(st, m.run);
  return m;
}

// Checks `m` against the first member `ref` and puts m's probabilities in ref's label order.
void alignWith(const Loaded& ref, Loaded& m) {
  const auto& a = ref.evaluation;
  const auto& b = m.evaluation;
  const std::string both = runName(ref.run) + " and " + runName(m.run);
  std::vector<std::string> sa = a.labels, sb = b.labels;
  std::sort(sa.begin(), sa.end());
  std::sort(sb.begin(), sb.end());
  if (sa != sb)
    throw Error("cannot ensemble " + both + ": different label sets " + listText(a.labels) + " vs " +
                listText(b.labels));
  if (!sameModel(ref.model, m.model))
    throw Error("cannot ensemble " + both + ": different models " + ref.model.path +
                (ref.model.hash.empty() ? "" : " (config " + ref.model.hash.substr(0, 12) + ")") + " vs " +
                m.model.path + (m.model.hash.empty() ? "" : " (config " + m.model.hash.substr(0, 12) + ")"));
  if (a.predictions.size() != b.predictions.size())
    throw Error("cannot ensemble " + both + ": different " + a.split + " data, " +
                std::to_string(a.predictions.size()) + " vs " + std::to_string(b.predictions.size()) +
                " examples (" + a.dataset + " vs " + b.dataset + ")");
  for (size_t i = 0; i < a.predictions.size(); ++i) {
    const auto& pa = a.predictions[i];
    const auto& pb = b.predictions[i];
    if (pa.exampleId != pb.exampleId || pa.gold != pb.gold)
      throw Error("cannot ensemble " + both + ": different " + a.split + " data, example " +
                  std::to_string(i) + " is '" + pa.exampleId + "' (gold " + pa.gold.value_or("none") +
                  ") vs '" + pb.exampleId + "' (gold " + pb.gold.value_or("none") + ")");
  }
  // Same label set, maybe another order: column c of the ensemble is label a.labels[c].
  std::vector<size_t> column(a.labels.size());
  for (size_t c = 0; c < a.labels.size(); ++c)
    column[c] =
        static_cast<size_t>(std::find(b.labels.begin(), b.labels.end(), a.labels[c]) - b.labels.begin());
  m.probabilities.clear();
  m.probabilities.reserve(b.predictions.size());
  for (const auto& p : b.predictions) {
    std::vector<double> row(column.size());
    for (size_t c = 0; c < column.size(); ++c) row[c] = p.probabilities[column[c]];
    m.probabilities.push_back(std::move(row));
  }
}

double petWeight(const store::RunRecord& r) {
  const auto& res = r.results;
  if (!res.is_object() || !res.contains("train_accuracy_before") || !res["train_accuracy_before"].is_number())
    throw Error("cannot weight " + runName(r) +
                " as PET does: it has no train_accuracy_before (its accuracy on the training set before "
                "training; [CLS]-head methods and runs recorded before it was measured have none): use "
                "uniform weighting or leave it out");
  return res["train_accuracy_before"].get<double>();
}

std::string idsText(const std::vector<int64_t>& ids) {
  std::string out;
  for (size_t i = 0; i < ids.size(); ++i) out += (i ? ", " : "") + std::to_string(ids[i]);
  return out;
}

std::string defaultName(const std::vector<int64_t>& ids) {
  return (ids.size() == 1 ? "ensemble of run " : "ensemble of runs ") + idsText(ids);
}

}  // namespace

EnsembleResult computeEnsemble(store::RunStore& st, const EnsembleRequest& request) {
  if (request.runIds.empty()) throw Error("an ensemble needs at least one run");
  std::set<int64_t> seen;
  for (int64_t id : request.runIds) {
    if (!seen.insert(id).second) throw Error("run " + std::to_string(id) + " is listed twice");
  }
  std::vector<Loaded> members;
  for (int64_t id : request.runIds) {
    members.push_back(loadMember(st, id, request.split));
    if (members.size() == 1) {
      auto& first = members.front();
      for (const auto& p : first.evaluation.predictions) first.probabilities.push_back(p.probabilities);
    } else {
      alignWith(members.front(), members.back());
    }
  }
  const auto& ref = members.front().evaluation;
  EnsembleResult out;
  out.labels = ref.labels;
  std::vector<double> raw;
  for (const auto& m : members) {
    raw.push_back(request.weighting == Weighting::Pet ? petWeight(m.run) : 1.0);
  }
  std::vector<double> weights;
  try {
    weights = normalisedWeights(raw);
  } catch (const Error& e) {
    throw Error("cannot ensemble runs " + idsText(request.runIds) + " with " +
                weightingName(request.weighting) + " weights: " + e.message());
  }
  std::vector<std::vector<std::vector<double>>> dists;
  for (size_t i = 0; i < members.size(); ++i) {
    const auto& m = members[i];
    EnsembleMember em;
    em.runId = m.run.id;
    em.uid = m.run.uid;
    em.name = m.run.name;
    em.method = m.run.method;
    em.rawWeight = raw[i];
    em.weight = weights[i];
    em.accuracy = m.evaluation.accuracy;
    out.members.push_back(em);
    dists.push_back(m.probabilities);
  }
  out.probabilities = meanDistribution(dists, weights);
  for (size_t i = 0; i < ref.predictions.size(); ++i) {
    const auto& p = ref.predictions[i];
    out.exampleIds.push_back(p.exampleId);
    out.predicted.push_back(eval::argmax(out.probabilities[i]));  // -1 for NaN/inf: no class
    const auto it = p.gold ? std::find(out.labels.begin(), out.labels.end(), *p.gold) : out.labels.end();
    if (it == out.labels.end())
      throw Error("cannot ensemble: example " + std::to_string(i) + " of " + runName(members.front().run) +
                  " has no known gold label, so the ensemble cannot be scored");
    out.gold.push_back(static_cast<int>(it - out.labels.begin()));
  }
  out.metrics = eval::computeMetrics(out.gold, out.predicted, out.labels);
  return out;
}

EnsembleResult createEnsemble(store::RunStore& st, const EnsembleRequest& request) {
  auto out = computeEnsemble(st, request);
  const auto first = st.getRun(request.runIds.front());
  const auto ref = st.getEvaluation(store::latestEvaluationOfRun(st, first.id, request.split), false);

  store::RunRecord run;
  run.name = request.name.empty() ? defaultName(request.runIds) : request.name;
  run.method = "ensemble";
  nlohmann::json members = nlohmann::json::array();
  std::optional<int64_t> seed = first.seed, dataset = first.datasetId;
  for (const auto& m : out.members) {
    members.push_back({{"id", m.runId},
                       {"uid", m.uid},
                       {"name", m.name},
                       {"method", m.method},
                       {"raw_weight", m.rawWeight},
                       {"weight", m.weight}});
    const auto r = st.getRun(m.runId);
    if (r.seed != seed) seed.reset();
    if (r.datasetId != dataset) dataset.reset();
  }
  run.config = {{"members", members},
                {"weighting", weightingName(request.weighting)},
                {"split", request.split},
                {"combination", "weighted mean of the members' class probabilities"}};
  // The members' common seed (runs of one seed ensembled) and training data when they share them.
  run.seed = seed;
  run.datasetId = dataset;
  run.modelId = first.modelId;
  run.device = "none";
  const int64_t id = st.createRun(run);
  try {
    st.setStatus(id, store::RunStatus::Running);
    st.linkRuns(id, request.runIds, "member");
    store::EvaluationRecord ev;
    ev.runId = id;
    ev.name = run.name + " " + request.split;
    ev.datasetId = ref.datasetId;
    ev.dataset = ref.dataset;
    ev.split = request.split;
    ev.labels = out.labels;
    ev.accuracy = out.metrics.accuracy;
    ev.macroF1 = out.metrics.macroF1;
    ev.n = out.metrics.count;
    ev.metrics = {{"confusion", out.metrics.confusion}, {"weighting", weightingName(request.weighting)}};
    for (size_t i = 0; i < out.predicted.size(); ++i) {
      store::PredictionRecord p;
      p.index = static_cast<int64_t>(i);
      p.exampleId = out.exampleIds[i];
      p.gold = out.labels[static_cast<size_t>(out.gold[i])];
      if (out.predicted[i] >= 0) p.predicted = out.labels[static_cast<size_t>(out.predicted[i])];
      p.probabilities = out.probabilities[i];
      ev.predictions.push_back(std::move(p));
    }
    out.evaluationId = st.saveEvaluation(ev);
    double best = 0, mean = 0;
    for (const auto& m : out.members) {
      best = std::max(best, m.accuracy);
      mean += m.accuracy / static_cast<double>(out.members.size());
    }
    st.finishRun(id, store::RunStatus::Finished,
                 {{"test_accuracy", out.metrics.accuracy},
                  {"test_macro_f1", out.metrics.macroF1},
                  {"members", out.members.size()},
                  {"best_member_accuracy", best},
                  {"mean_member_accuracy", mean}});
  } catch (const std::exception& e) {
    try {
      st.finishRun(id, store::RunStatus::Failed, nlohmann::json::object(), e.what());
    } catch (...) {
      // The store itself failed: the original error is the one to report.
    }
    throw;
  }
  out.runId = id;
  return out;
}

}  // namespace pwb::combine
