// Aggregation numbers against hand-computed values, grouping by configuration (seed ignored), the lookup
// of a run's number (results, evaluation, step metric), and per-example flips between two evaluations.
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

#include "common/error.h"
#include "store/aggregate.h"
#include "store/example_diff.h"
#include "store/run_store.h"

using namespace pwb::store;

namespace {

// True when f throws pwb::Error (QVERIFY_THROWS_EXCEPTION does not take a qualified type name here).
template <typename F>
bool throwsError(F&& f) {
  try {
    f();
  } catch (const pwb::Error&) {
    return true;
  }
  return false;
}

bool exact(double a, double b) {
  return std::abs(a - b) < 1e-12;
}

}  // namespace

class TestStoreAggregate : public QObject {
  Q_OBJECT

 private slots:
  void summarizeHandComputed();
  void summarizeEdgeCases();
  void groupsBySeedlessConfig();
  void runValueLookupOrder();
  void diffFindsFlips();
};

void TestStoreAggregate::summarizeHandComputed() {
  // mean = 3.09 / 5 = 0.618; squared deviations 0.000324 + 0.000004 + 0.001444 + 0.001024 + 0.000484
  // = 0.00328; population variance 0.000656, sample variance 0.00082.
  const Stats s = summarize({0.6, 0.62, 0.58, 0.65, 0.64});
  QCOMPARE(s.n, int64_t(5));
  QVERIFY(exact(s.mean, 0.618));
  QVERIFY(exact(s.popStd, std::sqrt(0.000656)));
  QVERIFY(exact(s.popStd, 0.025612496949731));
  QVERIFY(exact(s.sampleStd, std::sqrt(0.00082)));
  QVERIFY(exact(s.sampleStd, 0.028635642126553));
  QCOMPARE(s.median, 0.62);
  QCOMPARE(s.min, 0.58);
  QCOMPARE(s.max, 0.65);

  // Even count: the median is the mean of the two middle values. {1,2,4,7}: mean 3.5, squared deviations
  // 6.25 + 2.25 + 0.25 + 12.25 = 21 -> pop var 5.25, sample var 7.
  const Stats e = summarize({7, 1, 4, 2});
  QCOMPARE(e.median, 3.0);
  QVERIFY(exact(e.mean, 3.5));
  QVERIFY(exact(e.popStd, std::sqrt(5.25)));
  QVERIFY(exact(e.sampleStd, std::sqrt(7.0)));
}

void TestStoreAggregate::summarizeEdgeCases() {
  const Stats one = summarize({0.7});
  QCOMPARE(one.n, int64_t(1));
  QCOMPARE(one.mean, 0.7);
  QCOMPARE(one.popStd, 0.0);
  QVERIFY(std::isnan(one.sampleStd));
  QCOMPARE(one.median, 0.7);
  const Stats none = summarize({});
  QCOMPARE(none.n, int64_t(0));
  QVERIFY(std::isnan(none.mean) && std::isnan(none.median));
}

void TestStoreAggregate::groupsBySeedlessConfig() {
  QTemporaryDir dir;
  RunStore s(dir.filePath("agg.sqlite").toStdString());
  const std::vector<int> seeds = {13, 21, 42, 87, 100};
  const std::vector<double> ft = {0.6, 0.62, 0.58, 0.65, 0.64};
  const std::vector<double> base = {0.55, 0.57, 0.53, 0.56, 0.59};
  for (size_t i = 0; i < seeds.size(); ++i) {
    for (const bool prompt : {true, false}) {
      RunRecord r;
      r.method = prompt ? "prompt-ft" : "fine-tune";
      r.config = {{"method", r.method}, {"lr", 1e-5}, {"steps", 250}, {"seed", seeds[i]}};
      r.seed = seeds[i];
      const int64_t id = s.createRun(r);
      s.finishRun(id, RunStatus::Finished, {{"test_accuracy", prompt ? ft[i] : base[i]}});
    }
  }
  // Neither an unfinished run nor a run of another configuration joins the groups.
  RunRecord failed;
  failed.method = "prompt-ft";
  failed.config = {{"method", "prompt-ft"}, {"lr", 1e-5}, {"steps", 250}, {"seed", 7}};
  s.finishRun(s.createRun(failed), RunStatus::Failed, {{"test_accuracy", 0.1}});
  RunRecord other = failed;
  other.config["lr"] = 2e-5;
  s.finishRun(s.createRun(other), RunStatus::Finished, {{"test_accuracy", 0.9}});

  const auto groups = groupRuns(s);
  QCOMPARE(groups.size(), size_t(3));
  const ConfigGroup& g = groups[0];
  QCOMPARE(g.method, std::string("prompt-ft"));
  QCOMPARE(g.label, std::string("prompt-ft lr=1e-05"));
  QCOMPARE(g.configKey, std::string(R"({"lr":1e-05,"method":"prompt-ft","steps":250})"));
  QCOMPARE(g.stats.n, int64_t(5));
  QVERIFY(exact(g.stats.mean, 0.618));
  QVERIFY(exact(g.stats.sampleStd, std::sqrt(0.00082)));
  QVERIFY(exact(g.stats.popStd, std::sqrt(0.000656)));
  QCOMPARE(g.stats.median, 0.62);
  QCOMPARE(g.values.size(), size_t(5));
  for (size_t i = 0; i < 5; ++i) {
    QCOMPARE(g.values[i].seed.value_or(-1), int64_t(seeds[i]));
    QCOMPARE(g.values[i].value, ft[i]);
  }
  // fine-tune: mean 2.8 / 5 = 0.56; deviations -.01 .01 -.03 0 .03 -> ss 0.002, sample var 0.0005.
  QCOMPARE(groups[1].label, std::string("fine-tune lr=1e-05"));
  QVERIFY(exact(groups[1].stats.mean, 0.56));
  QVERIFY(exact(groups[1].stats.sampleStd, std::sqrt(0.0005)));
  QCOMPARE(groups[1].stats.median, 0.56);
  QCOMPARE(groups[2].label, std::string("prompt-ft lr=2e-05"));
  QCOMPARE(groups[2].stats.n, int64_t(1));

  AggregateOptions all;
  all.includeUnfinished = true;
  QCOMPARE(groupRuns(s, all)[0].stats.n, int64_t(6));
  AggregateOptions onlyFt;
  onlyFt.filter.method = "fine-tune";
  const auto ftGroups = groupRuns(s, onlyFt);
  QCOMPARE(ftGroups.size(), size_t(1));
  QCOMPARE(ftGroups[0].label, std::string("fine-tune"));  // nothing to tell apart from
}

void TestStoreAggregate::runValueLookupOrder() {
  QTemporaryDir dir;
  RunStore s(dir.filePath("lookup.sqlite").toStdString());
  RunRecord r;
  r.method = "prompt-tuning";
  const int64_t id = s.createRun(r);
  s.appendMetric(id, 10, "dev_accuracy", 0.5);
  s.appendMetric(id, 20, "dev_accuracy", 0.75);
  s.finishRun(id, RunStatus::Finished);
  EvaluationRecord old;
  old.runId = id;
  old.split = "test";
  old.accuracy = 0.6;
  s.saveEvaluation(old);
  EvaluationRecord e;
  e.runId = id;
  e.split = "test";
  e.accuracy = 0.7;
  e.macroF1 = 0.69;
  e.n = 872;
  e.metrics = {{"ece", 0.05}};
  s.saveEvaluation(e);

  const RunRecord run = s.getRun(id);
  QCOMPARE(runValue(s, run, "test_accuracy").value_or(-1), 0.7);  // latest test evaluation
  QCOMPARE(runValue(s, run, "test_macro_f1").value_or(-1), 0.69);
  QCOMPARE(runValue(s, run, "test_n").value_or(-1), 872.0);
  QCOMPARE(runValue(s, run, "test_ece").value_or(-1), 0.05);
  QCOMPARE(runValue(s, run, "dev_accuracy").value_or(-1), 0.75);  // no dev evaluation: last step metric
  QVERIFY(!runValue(s, run, "bleu"));
  s.mergeResults(id, {{"test_accuracy", 0.71}});
  QCOMPARE(runValue(s, s.getRun(id), "test_accuracy").value_or(-1), 0.71);  // results win
}

void TestStoreAggregate::diffFindsFlips() {
  EvaluationRecord a, b;
  a.id = 1;
  b.id = 2;
  // ids: e0..e4 in A, B lacks e4 and has e5; gold for e0..e3.
  a.predictions = {{0, "e0", std::string("pos"), "pos", {}},
                   {1, "e1", std::string("neg"), "pos", {}},
                   {2, "e2", std::string("neg"), "neg", {}},
                   {3, "e3", std::string("pos"), "neg", {}},
                   {4, "e4", std::string("pos"), "pos", {}}};
  b.predictions = {{0, "e0", std::string("pos"), "pos", {}},
                   {1, "e1", std::string("neg"), "neg", {}},  // fixed
                   {2, "e2", std::string("neg"), "pos", {}},  // broken
                   {3, "e3", std::string("pos"), "neg", {}},
                   {4, "e5", std::string("neg"), "neg", {}}};
  const EvaluationDiff d = diffEvaluations(a, b);
  QCOMPARE(d.common, int64_t(4));
  QCOMPARE(d.onlyA, int64_t(1));
  QCOMPARE(d.onlyB, int64_t(1));
  QCOMPARE(d.labelled, int64_t(4));
  QCOMPARE(d.correctA, int64_t(2));
  QCOMPARE(d.correctB, int64_t(2));
  QCOMPARE(d.fixed, int64_t(1));
  QCOMPARE(d.broken, int64_t(1));
  QCOMPARE(d.changed, int64_t(0));
  QCOMPARE(d.flips.size(), size_t(2));
  QCOMPARE(d.flips[0].exampleId, std::string("e1"));
  QCOMPARE(d.flips[0].predictedA, std::string("pos"));
  QCOMPARE(d.flips[0].predictedB, std::string("neg"));
  QCOMPARE(d.flips[0].gold.value_or(""), std::string("neg"));
  QCOMPARE(d.flips[1].exampleId, std::string("e2"));

  // Without example ids the index matches; unlabelled changes count as "changed".
  EvaluationRecord c, e;
  c.predictions = {{0, "", std::nullopt, "x", {}}, {1, "", std::nullopt, "y", {}}};
  e.predictions = {{1, "", std::nullopt, "x", {}}, {0, "", std::nullopt, "x", {}}};
  const EvaluationDiff u = diffEvaluations(c, e);
  QCOMPARE(u.common, int64_t(2));
  QCOMPARE(u.changed, int64_t(1));
  QCOMPARE(u.flips.size(), size_t(1));
  QCOMPARE(u.flips[0].index, int64_t(1));

  // Through the store: a run's latest test evaluation.
  QTemporaryDir dir;
  RunStore s(dir.filePath("diff.sqlite").toStdString());
  RunRecord r;
  r.method = "prompt-ft";
  const int64_t run = s.createRun(r);
  a.runId = run;
  a.split = "test";
  const int64_t ea = s.saveEvaluation(a);
  QCOMPARE(latestEvaluationOfRun(s, run), ea);
  QVERIFY(throwsError([&] { latestEvaluationOfRun(s, run, "dev"); }));
  const EvaluationDiff viaStore = diffEvaluations(s.getEvaluation(ea), b);
  QCOMPARE(viaStore.fixed, int64_t(1));
  QCOMPARE(viaStore.broken, int64_t(1));
}

QTEST_GUILESS_MAIN(TestStoreAggregate)
#include "test_store_aggregate.moc"
