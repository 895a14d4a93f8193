// Reading a sweep against hand numbers: the best configuration per method by mean dev accuracy (test
// numbers never choose), its test mean and population std, deterministic ties, the selection by run uid,
// and the hyperparameters read from a run's config.
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

#include "store/run_store.h"
#include "store/sweep_summary.h"

using namespace pwb::store;

namespace {

bool exact(double a, double b) {
  return std::abs(a - b) < 1e-12;
}

nlohmann::json trainerConfig(double lr, int64_t seed, int promptLength = 0) {
  nlohmann::json c = {{"model", "models/tiny-bert"},
                      {"template", "[x] It was [MASK]."},
                      {"verbalizer", "1=great;0=terrible"},
                      {"k", 16},
                      {"seed", seed},
                      {"steps", 100},
                      {"batch_size", 8},
                      {"lr", lr},
                      {"lr_grid", nlohmann::json::array()},
                      {"method_config", nlohmann::json::object()}};
  if (promptLength > 0) c["method_config"]["num_virtual_tokens"] = promptLength;
  return c;
}

int64_t addRun(RunStore& st, const std::string& method, const nlohmann::json& config, double dev, double test,
               RunStatus status = RunStatus::Finished) {
  RunRecord r;
  r.method = method;
  r.config = config;
  r.seed = config.at("seed").get<int64_t>();
  r.name = method + " seed " + std::to_string(*r.seed);
  const int64_t id = st.createRun(r);
  nlohmann::json results = {{"test_accuracy", test}};
  if (!std::isnan(dev)) results["best_dev_accuracy"] = dev;
  st.finishRun(id, status, results);
  return id;
}

SweepPoint point(int64_t id, const std::string& method, const std::string& key, double dev, int64_t seed) {
  SweepPoint p;
  p.runId = id;
  p.method = method;
  p.configKey = key;
  p.seed = seed;
  p.dev = dev;
  p.test = dev;
  return p;
}

}  // namespace

class TestSweepSummary : public QObject {
  Q_OBJECT

 private slots:
  void bestByDevNotTest();
  void sweepSelection();
  void tiesAreDeterministic();
  void paramsFromConfig();
};

void TestSweepSummary::bestByDevNotTest() {
  QTemporaryDir dir;
  RunStore st(dir.filePath("p.pwbproj").toStdString());
  // prompt-ft lr 1e-5: dev .80 .70 .90 (mean .80), test .70 .72 .74.
  for (auto [seed, dev, test] : {std::tuple{13, 0.80, 0.70}, {21, 0.70, 0.72}, {42, 0.90, 0.74}})
    addRun(st, "prompt-ft", trainerConfig(1e-5, seed), dev, test);
  // prompt-ft lr 2e-5: dev .85 on every seed (mean .85, the best) although its test is lower: .60 .62 .61.
  std::vector<int64_t> lr2;
  for (auto [seed, dev, test] : {std::tuple{13, 0.85, 0.60}, {21, 0.85, 0.62}, {42, 0.85, 0.61}})
    lr2.push_back(addRun(st, "prompt-ft", trainerConfig(2e-5, seed), dev, test));
  // prompt-tuning, 4 soft tokens: dev .6 .7 (mean .65 up to rounding), test .55 .65.
  addRun(st, "prompt-tuning", trainerConfig(1e-3, 13, 4), 0.6, 0.55);
  addRun(st, "prompt-tuning", trainerConfig(1e-3, 21, 4), 0.7, 0.65);
  // 8 soft tokens: dev .65 on one seed: a tie with the two-seed configuration, which wins by n.
  addRun(st, "prompt-tuning", trainerConfig(1e-3, 13, 8), 0.65, 0.9);
  // Not finished, and without a dev number: neither can be chosen.
  addRun(st, "prompt-ft", trainerConfig(3e-5, 13), 0.99, 0.99, RunStatus::Failed);
  const int64_t noDev = addRun(st, "prompt-ft", trainerConfig(4e-5, 13), NAN, 0.99);

  const SweepSummary s = summarizeSweep(st);
  QCOMPARE(s.points.size(), size_t(10));  // the failed run is left out, the one without dev is shown
  QCOMPARE(s.points.back().runId, noDev);
  QVERIFY(!s.points.back().dev.has_value());
  const std::vector<std::string> axes = {"method", "model",      "template", "verbalizer",   "k",
                                         "lr",     "batch_size", "steps",    "prompt_length"};
  QCOMPARE(s.params, axes);
  // lr, prompt length (absent for prompt-ft) and the method differ; model, template, K, batch, steps do not.
  QCOMPARE(s.varying, (std::vector<std::string>{"method", "lr", "prompt_length"}));

  QCOMPARE(s.best.size(), size_t(2));
  const BestConfig& ft = s.best[0];
  QCOMPARE(ft.method, std::string("prompt-ft"));
  QCOMPARE(ft.configurations, int64_t(2));  // lr 1e-5 and 2e-5 (4e-5 has no dev number)
  QCOMPARE(ft.runIds, lr2);
  QCOMPARE(ft.params["lr"].get<double>(), 2e-5);
  QCOMPARE(ft.dev.n, int64_t(3));
  QVERIFY(exact(ft.dev.mean, 0.85));
  // test .60 .62 .61: mean .61, squared deviations 1e-4 + 1e-4 + 0 → population std sqrt(2e-4 / 3).
  QCOMPARE(ft.test.n, int64_t(3));
  QVERIFY(exact(ft.test.mean, 0.61));
  QVERIFY(exact(ft.test.popStd, std::sqrt(2e-4 / 3)));
  QVERIFY(exact(ft.test.popStd, 0.0081649658092773));
  QCOMPARE(ft.label, std::string("prompt-ft · lr 2e-5"));

  const BestConfig& pt = s.best[1];
  QCOMPARE(pt.method, std::string("prompt-tuning"));
  QCOMPARE(pt.configurations, int64_t(2));
  QCOMPARE(pt.params["prompt_length"].get<int>(), 4);
  QCOMPARE(pt.dev.n, int64_t(2));
  QVERIFY(exact(pt.test.mean, 0.6));
  QVERIFY(exact(pt.test.popStd, 0.05));
}

void TestSweepSummary::sweepSelection() {
  QTemporaryDir dir;
  RunStore st(dir.filePath("p.pwbproj").toStdString());
  // A sweep's two runs, and a run of another sweep that beats both on dev.
  const int64_t a = addRun(st, "prompt-ft", trainerConfig(1e-5, 13), 0.8, 0.7);
  const int64_t b = addRun(st, "prompt-ft", trainerConfig(2e-5, 13), 0.7, 0.7);
  addRun(st, "prompt-ft", trainerConfig(5e-5, 13), 0.95, 0.5);

  SweepSummaryOptions mine;
  mine.uids = {st.getRun(a).uid, st.getRun(b).uid, "0123456789abcdef0123456789abcdef"};  // one not here
  const auto s1 = summarizeSweep(st, mine);
  QCOMPARE(s1.points.size(), size_t(2));
  QCOMPARE(s1.points[0].runId, a);
  QCOMPARE(s1.best.size(), size_t(1));
  QCOMPARE(s1.best[0].params["lr"].get<double>(), 1e-5);
  QCOMPARE(s1.best[0].configurations, int64_t(2));

  const auto all = summarizeSweep(st);
  QCOMPARE(all.points.size(), size_t(3));
  QCOMPARE(all.best[0].params["lr"].get<double>(), 5e-5);
  QVERIFY(exact(all.best[0].test.mean, 0.5));
  QCOMPARE(all.best[0].configurations, int64_t(3));

  // The choosing metric can be any number a run has: by test accuracy lr 1e-5 and 2e-5 tie (.7, one seed
  // each) → the smaller config key, which is lr 1e-5's ("1e-05" < "2e-05").
  SweepSummaryOptions byTest = mine;
  byTest.devMetric = "test_accuracy";
  QCOMPARE(summarizeSweep(st, byTest).best[0].params["lr"].get<double>(), 1e-5);
}

void TestSweepSummary::tiesAreDeterministic() {
  // Equal means and n: the smaller config key wins whatever the order of the points.
  std::vector<SweepPoint> a = {point(1, "m", "{\"lr\":2}", 0.5, 1), point(2, "m", "{\"lr\":1}", 0.5, 1)};
  std::vector<SweepPoint> b = {a[1], a[0]};
  QCOMPARE(bestPerMethod(a)[0].configKey, std::string("{\"lr\":1}"));
  QCOMPARE(bestPerMethod(b)[0].configKey, std::string("{\"lr\":1}"));
  // Two methods with the same settings are two configurations, not one.
  std::vector<SweepPoint> c = {point(1, "a", "{}", 0.5, 1), point(2, "b", "{}", 0.7, 1)};
  const auto best = bestPerMethod(c);
  QCOMPARE(best.size(), size_t(2));
  QCOMPARE(best[0].method, std::string("a"));
  QCOMPARE(best[0].dev.mean, 0.5);
  QCOMPARE(best[1].dev.mean, 0.7);
  QCOMPARE(best[1].dev.n, int64_t(1));
  QVERIFY(bestPerMethod({}).empty());
}

void TestSweepSummary::paramsFromConfig() {
  RunRecord r;
  r.method = "p-tuning-v2";
  r.config = trainerConfig(1e-5, 13, 16);
  r.config["lr_grid"] = {1e-5, 3e-5};  // the run chose its lr on dev: the chosen one is its value
  r.config["bf16"] = true;
  r.results = {{"lr", 3e-5}};
  const auto p = runSweepParams(r);
  QCOMPARE(p["method"].get<std::string>(), std::string("p-tuning-v2"));
  QCOMPARE(p["lr"].get<double>(), 3e-5);
  QCOMPARE(p["prompt_length"].get<int>(), 16);
  QCOMPARE(p["k"].get<int>(), 16);
  QCOMPARE(p["batch_size"].get<int>(), 8);
  QCOMPARE(p["steps"].get<int>(), 100);
  QCOMPARE(p["template"].get<std::string>(), std::string("[x] It was [MASK]."));
  QVERIFY(!p.contains("bf16"));  // not a sweep axis
  r.config.erase("method_config");
  QVERIFY(!runSweepParams(r).contains("prompt_length"));
}

QTEST_GUILESS_MAIN(TestSweepSummary)
#include "test_sweep_summary.moc"
