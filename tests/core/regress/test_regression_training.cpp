// Regression training (LM-BFF's STS-B form) end to end on the tiny-bert fixture: prompt-ft's loss on soft
// pole targets is LM-BFF's KL (against regress::poleKlLoss of the method's own logits); a short run on a
// TSV with bad targets reports them, samples K per side of the median, keeps checkpoints by dev Pearson and
// records the regression metrics in the run store (no accuracy), whose stored predictions give back the
// recorded Pearson / Spearman / MSE.
#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <fstream>

#include "common/error.h"
#include "model/masked_lm.h"
#include "regress/regression_loss.h"
#include "regress/regression_metrics.h"
#include "regress/regression_targets.h"
#include "store/run_store.h"
#include "train/batch.h"
#include "train/method.h"
#include "train/method_registry.h"
#include "train/training.h"

using namespace pwb;
using namespace pwb::train;

namespace {

const std::string kTinyBert = std::string(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert";

// Rows "the <subject> is (very) <word> ." with a score: positive words 2.5 to 4, negative 0 to 1.5.
void writeData(const std::string& path, int count, int offset, bool badRows) {
  const char* subjects[] = {"film", "movie", "story", "acting"};
  const char* positive[] = {"wonderful", "great", "good"};
  const char* negative[] = {"terrible", "boring", "bad"};
  std::ofstream out(path);
  out << "sentence\tscore\n";
  for (int j = 0; j < count; ++j) {
    const int i = j + offset;
    const bool pos = i % 2 == 1;
    out << "the " << subjects[i % 4] << " is " << ((i / 2) % 2 ? "very " : "")
        << (pos ? positive[(i / 2) % 3] : negative[(i / 2) % 3]) << " .\t"
        << (pos ? 2.5 + 0.5 * ((i / 2) % 4) : 0.5 * ((i / 2) % 4)) << "\n";
    if (badRows && j == 3) out << "the film is odd .\tabc\n";  // line 6
    if (badRows && j == 7) out << "the film is odd .\tinf\n";  // line 11
  }
}

}  // namespace

class TestRegressionTraining : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void promptFtLossIsLmbffKl() {
    auto model = model::MaskedLM::load(kTinyBert);
    torch::manual_seed(1);
    MethodContext ctx;
    ctx.model = model.get();
    ctx.labelTokenIds = {{90}, {163}};  // bad, good
    ctx.numLabels = 2;
    ctx.maskTokenId = 4;
    ctx.unkTokenId = 1;
    auto method = findMethod("prompt-ft").create(ctx);
    method->train(false);  // no dropout: logits() and loss() see the same numbers
    // "[CLS] the film is good . it was [MASK] . [SEP]" and a shorter one.
    std::vector<TaskExample> ex(2);
    ex[0].prompt.ids = {2, 55, 91, 56, 164, 6, 59, 64, 4, 6, 3};
    ex[0].prompt.maskPos = 8;
    ex[1].prompt.ids = {2, 55, 167, 56, 93, 59, 64, 4, 3};
    ex[1].prompt.maskPos = 7;
    const double y[2] = {3.5, 1.0};
    for (int i = 0; i < 2; ++i) {
      ex[i].prompt.typeIds.assign(ex[i].prompt.ids.size(), 0);
      const auto t = regress::poleTarget(y[i], 0, 4);
      ex[i].target = {t[0], t[1]};
      ex[i].label = y[i] > 2 ? 1 : 0;
    }
    Batch batch = collate({&ex[0].prompt, &ex[1].prompt}, {ex[0].label, ex[1].label}, 0, torch::kCPU);
    batch.targets = collateTargets({&ex[0], &ex[1]}, torch::kCPU);
    QVERIFY(batch.targets.defined());
    torch::NoGradGuard ng;
    const auto logits = method->logits(batch);
    const double kl = regress::poleKlLoss(logits, batch.targets).item<double>();
    QVERIFY(std::abs(method->loss(batch, nullptr).item<double>() - kl) < 1e-6);
    // And it is not the cross-entropy of the hard labels (which prompt-ft uses without soft targets).
    const double ce = torch::nn::functional::cross_entropy(logits, batch.labels).item<double>();
    QVERIFY(std::abs(ce - kl) > 1e-3);
  }

  void shortRunRecordsRegressionMetrics() {
    QTemporaryDir dir;
    TrainRequest r;
    r.modelDir = kTinyBert;
    r.trainPath = dir.filePath("train.tsv").toStdString();
    r.testPath = dir.filePath("test.tsv").toStdString();
    writeData(r.trainPath, 24, 0, true);
    writeData(r.testPath, 12, 100, false);
    r.task = "regression";
    r.poles = "0=bad;4=good";
    r.targetColumn = "score";
    r.templateText = "{sentence} it was [MASK] .";
    r.k = 4;
    r.seeds = {13};
    r.steps = 4;
    r.batchSize = 4;
    r.evalEvery = 2;
    r.lr = 1e-3;
    r.device = "cpu";
    r.threads = 1;
    r.maxLength = 32;
    r.dbPath = dir.filePath("runs.sqlite").toStdString();
    std::string log;
    TrainCallbacks cb;
    cb.onLog = [&](const std::string& s) { log += s + "\n"; };
    const auto res = runTraining(r, cb);
    QCOMPARE(res.status, RunStatus::Finished);
    QCOMPARE(res.seeds.size(), size_t(1));
    const auto& s = res.seeds[0];
    QVERIFY(s.regression);
    QVERIFY(s.hasTestRegression);
    QVERIFY(!s.hasTestAccuracy);
    QCOMPARE(s.losses.size(), size_t(4));
    QCOMPARE(s.devCurve.size(), size_t(2));
    for (float l : s.losses) QVERIFY(std::isfinite(l) && l >= 0);
    QVERIFY2(log.find("2 rows of " + r.trainPath + " skipped") != std::string::npos, log.c_str());
    QVERIFY2(log.find(":6: target 'abc' is not a number") != std::string::npos, log.c_str());
    // Training targets: 0, 0.5, 1, 1.5 (negative rows) and 2.5 to 4 (positive), 12 each: median 2.
    QVERIFY2(log.find("split at the median 2\n") != std::string::npos, log.c_str());
    QVERIFY2(log.find("test pearson") != std::string::npos, log.c_str());
    QCOMPARE(res.summary.runs, 1);
    QCOMPARE(res.summary.mean, s.testPearson);

    store::RunStore store(r.dbPath);
    const auto runs = store.listRuns();
    QCOMPARE(runs.size(), size_t(1));
    const auto& run = runs[0];
    QCOMPARE(run.config["task"].get<std::string>(), std::string("regression"));
    QCOMPARE(run.config["verbalizer"].get<std::string>(), std::string("lower=bad;upper=good"));
    QVERIFY(run.results.contains("test_pearson") && run.results.contains("test_spearman") &&
            run.results.contains("test_mse") && run.results.contains("best_dev_pearson"));
    QVERIFY(!run.results.contains("test_accuracy") && !run.results.contains("best_dev_accuracy"));
    QCOMPARE(store.runMetrics(run.id, "dev_pearson").size(), size_t(2));
    QCOMPARE(store.runMetrics(run.id, "dev_acc").size(), size_t(0));
    QCOMPARE(store.runMetrics(run.id, "loss").size(), size_t(4));
    const auto evs = store.listEvaluations(run.id);
    QCOMPARE(evs.size(), size_t(1));
    QVERIFY(std::isnan(evs[0].accuracy));
    QCOMPARE(evs[0].metrics["task"].get<std::string>(), std::string("regression"));
    QCOMPARE(evs[0].n, int64_t(12));
    // The stored predictions give back the recorded metrics: gold, prediction = 0 + 4 * p_upper.
    const auto ev = store.getEvaluation(evs[0].id);
    QCOMPARE(ev.predictions.size(), size_t(12));
    std::vector<double> gold, pred;
    for (const auto& p : ev.predictions) {
      gold.push_back(std::stod(*p.gold));
      pred.push_back(std::stod(p.predicted));
      QCOMPARE(p.probabilities.size(), size_t(2));
      QVERIFY(std::abs(pred.back() - 4.0 * p.probabilities[1]) < 1e-9);
    }
    QCOMPARE(gold.front(), 1.0);  // test row 100: negative, 0.5 * ((100 / 2) % 4)
    const auto m = regress::regressionMetrics(gold, pred);
    QVERIFY(std::abs(m.pearson - run.results["test_pearson"].get<double>()) < 1e-9);
    QVERIFY(std::abs(m.spearman - run.results["test_spearman"].get<double>()) < 1e-9);
    QVERIFY(std::abs(m.mse - run.results["test_mse"].get<double>()) < 1e-9);
    QVERIFY(std::abs(m.pearson - s.testPearson) < 1e-9);
  }
};

QTEST_GUILESS_MAIN(TestRegressionTraining)
#include "test_regression_training.moc"
