// Ensembles of stored runs (core/combine): the arithmetic against hand numbers, an ensemble of one run
// equal to that run, distributions summing to 1, PET weights, every refusal naming the runs and the
// difference, the stored run (method, config, evaluation, member links) and a deleted member reported as
// missing. Runs are written straight into a project file: no model is loaded.
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

#include "combine/ensemble_math.h"
#include "combine/run_ensemble.h"
#include "combine/run_lineage.h"
#include "common/error.h"
#include "eval/calibration.h"
#include "store/run_store.h"

using namespace pwb::combine;
using pwb::store::RunStore;

namespace {

struct FakeRun {
  std::string name = "run";
  std::string method = "prompt-ft";
  std::string model = "models/tiny";
  std::vector<std::string> labels = {"0", "1"};
  std::vector<std::vector<double>> probs;
  std::vector<std::string> gold;
  std::vector<std::string> ids;
  double trainAccuracyBefore = -1;  // < 0: not recorded
  bool finished = true;
};

int64_t store(RunStore& st, const FakeRun& f) {
  pwb::store::RunRecord r;
  r.name = f.name;
  r.method = f.method;
  r.seed = 13;
  r.config = {{"model", f.model}, {"template", f.name}};
  pwb::store::ModelRecord m;
  m.name = f.model;
  m.path = f.model;
  m.configHash = "hash-of-" + f.model;
  r.modelId = st.saveModel(m);
  const int64_t id = st.createRun(r);
  st.setStatus(id, pwb::store::RunStatus::Running);
  pwb::store::EvaluationRecord ev;
  ev.runId = id;
  ev.split = "test";
  ev.dataset = "test.tsv";
  ev.labels = f.labels;
  ev.n = static_cast<int64_t>(f.probs.size());
  int correct = 0;
  for (size_t i = 0; i < f.probs.size(); ++i) {
    pwb::store::PredictionRecord p;
    p.index = static_cast<int64_t>(i);
    p.exampleId = i < f.ids.size() ? f.ids[i] : "";
    p.gold = f.gold[i];
    p.probabilities = f.probs[i];
    p.predicted = f.labels[static_cast<size_t>(pwb::eval::argmax(f.probs[i]))];
    correct += p.predicted == f.gold[i];
    ev.predictions.push_back(p);
  }
  ev.accuracy = static_cast<double>(correct) / static_cast<double>(f.probs.size());
  st.saveEvaluation(ev);
  nlohmann::json results = {{"test_accuracy", ev.accuracy}};
  if (f.trainAccuracyBefore >= 0) results["train_accuracy_before"] = f.trainAccuracyBefore;
  st.finishRun(id, f.finished ? pwb::store::RunStatus::Finished : pwb::store::RunStatus::Failed, results);
  return id;
}

FakeRun runA() {
  FakeRun f;
  f.name = "A";
  f.probs = {{0.9, 0.1}, {0.4, 0.6}, {0.7, 0.3}};
  f.gold = {"0", "1", "1"};
  f.ids = {"a", "b", "c"};
  f.trainAccuracyBefore = 0.75;
  return f;
}

FakeRun runB() {
  FakeRun f = runA();
  f.name = "B";
  f.probs = {{0.2, 0.8}, {0.1, 0.9}, {0.2, 0.8}};
  f.trainAccuracyBefore = 0.25;
  return f;
}

std::string errorOf(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const pwb::Error& e) {
    return e.what();
  }
  return "";
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

class TestRunEnsemble : public QObject {
  Q_OBJECT

 private slots:
  void mathAgainstHandNumbers() {
    const std::vector<std::vector<std::vector<double>>> members = {{{0.9, 0.1}}, {{0.2, 0.8}}};
    // Uniform: (0.9 + 0.2) / 2 = 0.55, (0.1 + 0.8) / 2 = 0.45.
    auto mean = meanDistribution(members, normalisedWeights({1, 1}));
    QCOMPARE(mean[0][0], 0.55);
    QCOMPARE(mean[0][1], 0.45);
    // Weights 3:1 -> 0.75 * 0.9 + 0.25 * 0.2 = 0.725, 0.75 * 0.1 + 0.25 * 0.8 = 0.275.
    mean = meanDistribution(members, normalisedWeights({0.75, 0.25}));
    QCOMPARE(mean[0][0], 0.725);
    QCOMPARE(mean[0][1], 0.275);
    QCOMPARE(pwb::eval::argmax({0.5, 0.5}), 0);
    QCOMPARE(pwb::eval::argmax({0.2, 0.3, 0.5}), 2);
    QVERIFY(has(errorOf([] { normalisedWeights({0, 0}); }), "sum to 0"));
    QVERIFY(has(errorOf([] { normalisedWeights({1, -1}); }), "not negative"));
    QVERIFY(has(errorOf([&] {
                  meanDistribution({{{0.5, 0.5}}, {}}, {0.5, 0.5});
                }),
                "member 2 has 0 examples"));
    QCOMPARE(parseWeighting("pet"), Weighting::Pet);
    QVERIFY(has(errorOf([] { parseWeighting("mean"); }), "expected uniform or pet"));
  }

  void twoRunsByHandAndStored() {
    QTemporaryDir dir;
    RunStore st(dir.filePath("p.sqlite").toStdString());
    const int64_t a = store(st, runA());
    const int64_t b = store(st, runB());
    EnsembleRequest req;
    req.runIds = {a, b};
    const auto res = createEnsemble(st, req);
    // Uniform: example 0 (0.55, 0.45) -> "0", example 1 (0.25, 0.75) -> "1", example 2 (0.45, 0.55) -> "1".
    QCOMPARE(res.probabilities.size(), size_t(3));
    QVERIFY(std::abs(res.probabilities[0][0] - 0.55) < 1e-15);
    QVERIFY(std::abs(res.probabilities[1][1] - 0.75) < 1e-15);
    QVERIFY(std::abs(res.probabilities[2][1] - 0.55) < 1e-15);
    QCOMPARE(res.predicted, (std::vector<int>{0, 1, 1}));
    QCOMPARE(res.metrics.accuracy, 1.0);  // A alone 2/3, B alone 2/3
    for (const auto& p : res.probabilities) QVERIFY(std::abs(p[0] + p[1] - 1.0) < 1e-9);

    const auto run = st.getRun(res.runId);
    QCOMPARE(run.method, std::string("ensemble"));
    QCOMPARE(run.status, pwb::store::RunStatus::Finished);
    QCOMPARE(run.results.at("test_accuracy").get<double>(), 1.0);
    QCOMPARE(run.results.at("members").get<int>(), 2);
    QCOMPARE(run.config.at("weighting").get<std::string>(), std::string("uniform"));
    QCOMPARE(run.config.at("members").at(1).at("uid").get<std::string>(), st.getRun(b).uid);
    QCOMPARE(run.modelId, st.getRun(a).modelId);
    const auto evs = st.listEvaluations(res.runId);
    QCOMPARE(evs.size(), size_t(1));
    const auto ev = st.getEvaluation(evs[0].id);
    QCOMPARE(ev.split, std::string("test"));
    QCOMPARE(ev.predictions.size(), size_t(3));
    QCOMPARE(ev.predictions[2].predicted, std::string("1"));
    QCOMPARE(ev.predictions[2].exampleId, std::string("c"));
    QCOMPARE(ev.predictions[2].probabilities, res.probabilities[2]);
    const auto links = st.runLinks(res.runId, "member");
    QCOMPARE(links.size(), size_t(2));
    QCOMPARE(links[0].linkedRunId, a);
    QCOMPARE(links[1].linkedRunId, b);

    // PET weights 0.75 / 0.25: example 2 = 0.75 * (0.7, 0.3) + 0.25 * (0.2, 0.8) = (0.575, 0.425) -> "0".
    req.weighting = Weighting::Pet;
    const auto pet = computeEnsemble(st, req);
    QVERIFY(std::abs(pet.probabilities[2][0] - 0.575) < 1e-15);
    QCOMPARE(pet.predicted[2], 0);
    QCOMPARE(pet.members[0].weight, 0.75);
    QCOMPARE(pet.metrics.accuracy, 2.0 / 3.0);
    // The ensemble is a run with a test evaluation: it can itself be a member.
    const auto nested = computeEnsemble(st, EnsembleRequest{{res.runId}, Weighting::Uniform, "", "test"});
    QCOMPARE(nested.probabilities, res.probabilities);
  }

  void oneRunIsThatRunExactly() {
    QTemporaryDir dir;
    RunStore st(dir.filePath("p.sqlite").toStdString());
    FakeRun f = runA();
    f.probs = {{0.1 + 0.2, 0.7}, {1.0 / 3.0, 2.0 / 3.0}, {0.123456789012345, 0.876543210987655}};
    const int64_t a = store(st, f);
    for (auto w : {Weighting::Uniform, Weighting::Pet}) {
      const auto res = createEnsemble(st, EnsembleRequest{{a}, w, "", "test"});
      const auto member = st.getEvaluation(st.listEvaluations(a)[0].id);
      const auto ens = st.getEvaluation(res.evaluationId);
      QCOMPARE(ens.predictions.size(), member.predictions.size());
      for (size_t i = 0; i < member.predictions.size(); ++i) {
        QCOMPARE(ens.predictions[i].probabilities, member.predictions[i].probabilities);  // bit for bit
        QCOMPARE(ens.predictions[i].predicted, member.predictions[i].predicted);
      }
      QCOMPARE(ens.accuracy, member.accuracy);
    }
  }

  void labelOrderIsAligned() {
    QTemporaryDir dir;
    RunStore st(dir.filePath("p.sqlite").toStdString());
    FakeRun b = runB();
    b.labels = {"1", "0"};
    for (auto& p : b.probs) std::swap(p[0], p[1]);
    const auto res = computeEnsemble(st, {{store(st, runA()), store(st, b)}, Weighting::Uniform, "", "test"});
    QCOMPARE(res.labels, (std::vector<std::string>{"0", "1"}));
    QVERIFY(std::abs(res.probabilities[0][0] - 0.55) < 1e-15);
  }

  void refusalsNameTheRunsAndTheDifference() {
    QTemporaryDir dir;
    RunStore st(dir.filePath("p.sqlite").toStdString());
    const int64_t a = store(st, runA());
    FakeRun labels = runB();
    labels.name = "L";
    labels.labels = {"neg", "pos"};
    labels.gold = {"neg", "pos", "pos"};
    const int64_t l = store(st, labels);
    auto e = errorOf([&] { computeEnsemble(st, {{a, l}, Weighting::Uniform, "", "test"}); });
    QVERIFY2(has(e, "run " + std::to_string(a) + " (A) and run " + std::to_string(l) + " (L)"), e.c_str());
    QVERIFY2(has(e, "different label sets [0, 1] vs [neg, pos]"), e.c_str());

    FakeRun model = runB();
    model.model = "models/other";
    const int64_t m = store(st, model);
    e = errorOf([&] { computeEnsemble(st, {{a, m}, Weighting::Uniform, "", "test"}); });
    QVERIFY2(has(e, "different models models/tiny") && has(e, "vs models/other"), e.c_str());
    QVERIFY2(has(e, "run " + std::to_string(m)), e.c_str());

    FakeRun data = runB();
    data.ids = {"a", "x", "c"};
    const int64_t d = store(st, data);
    e = errorOf([&] { computeEnsemble(st, {{a, d}, Weighting::Uniform, "", "test"}); });
    QVERIFY2(has(e, "different test data, example 1 is 'b'") && has(e, "vs 'x'"), e.c_str());
    FakeRun shorter = runB();
    shorter.probs.pop_back();
    const int64_t s = store(st, shorter);
    e = errorOf([&] { computeEnsemble(st, {{a, s}, Weighting::Uniform, "", "test"}); });
    QVERIFY2(has(e, "3 vs 2 examples"), e.c_str());

    FakeRun noWeight = runB();
    noWeight.name = "fine-tune seed 13";
    noWeight.trainAccuracyBefore = -1;
    const int64_t n = store(st, noWeight);
    QVERIFY(errorOf([&] { computeEnsemble(st, {{a, n}, Weighting::Uniform, "", "test"}); }).empty());
    e = errorOf([&] { computeEnsemble(st, {{a, n}, Weighting::Pet, "", "test"}); });
    QVERIFY2(has(e, "run " + std::to_string(n) + " (fine-tune seed 13)") && has(e, "train_accuracy_before"),
             e.c_str());
    FakeRun zero = runB();
    zero.trainAccuracyBefore = 0;
    const int64_t z = store(st, zero);
    e = errorOf([&] { computeEnsemble(st, {{z}, Weighting::Pet, "", "test"}); });
    QVERIFY2(has(e, "sum to 0"), e.c_str());

    FakeRun failed = runB();
    failed.finished = false;
    const int64_t f = store(st, failed);
    e = errorOf([&] { computeEnsemble(st, {{a, f}, Weighting::Uniform, "", "test"}); });
    QVERIFY2(has(e, "it is failed"), e.c_str());
    QVERIFY(has(errorOf([&] {
                  computeEnsemble(st, {{a, 999}, Weighting::Uniform, "", "test"});
                }),
                "run 999: no such run"));
    QVERIFY(has(errorOf([&] {
                  computeEnsemble(st, {{a, a}, Weighting::Uniform, "", "test"});
                }),
                "listed twice"));
    QVERIFY(has(errorOf([&] {
                  computeEnsemble(st, {{}, Weighting::Uniform, "", "test"});
                }),
                "at least one run"));

    FakeRun noProbs = runB();
    const int64_t np = store(st, noProbs);
    {  // a run recorded before probabilities were stored
      auto ev = st.getEvaluation(st.listEvaluations(np)[0].id);
      st.deleteEvaluation(ev.id);
      ev.id = 0;
      for (auto& p : ev.predictions) p.probabilities.clear();
      st.saveEvaluation(ev);
    }
    e = errorOf([&] { computeEnsemble(st, {{a, np}, Weighting::Uniform, "", "test"}); });
    QVERIFY2(has(e, "run " + std::to_string(np)) && has(e, "no stored class probabilities"), e.c_str());
    // Nothing was stored by the refusals.
    QCOMPARE(st.listRuns({std::nullopt, "ensemble"}).size(), size_t(0));
  }

  void deletedMemberIsReportedMissing() {
    QTemporaryDir dir;
    RunStore st(dir.filePath("p.sqlite").toStdString());
    const int64_t a = store(st, runA());
    const int64_t b = store(st, runB());
    const auto res = createEnsemble(st, {{a, b}, Weighting::Uniform, "my ensemble", "test"});
    QCOMPARE(st.getRun(res.runId).name, std::string("my ensemble"));
    auto lineage = runLineage(st, res.runId);
    QCOMPARE(lineage.size(), size_t(2));
    QVERIFY(lineage[1].exists);
    QCOMPARE(lineageText(lineage[1]),
             "member 2: run " + std::to_string(b) + " (B, prompt-ft, finished, test accuracy 66.7 %)");
    QCOMPARE(missingLinksText(lineage), std::string());
    const std::string uid = st.getRun(b).uid;
    st.deleteRun(b);
    lineage = runLineage(st, res.runId);
    QVERIFY(lineage[0].exists);
    QVERIFY(!lineage[1].exists);
    QCOMPARE(lineageText(lineage[1]),
             "member 2: run " + std::to_string(b) + " missing (deleted from the project; uid " + uid + ")");
    QCOMPARE(missingLinksText(lineage),
             "member run " + std::to_string(b) + " is missing (deleted from the project)");
    // The ensemble's own predictions stay.
    QCOMPARE(st.getEvaluation(res.evaluationId).predictions.size(), size_t(3));
  }
};

QTEST_GUILESS_MAIN(TestRunEnsemble)
#include "test_run_ensemble.moc"
