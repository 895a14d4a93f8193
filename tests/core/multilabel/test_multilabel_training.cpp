// Multi-label training (train/multilabel_task.h) on the tiny-bert fixture: the label-words loss is binary
// cross-entropy of sigmoid(label-word logit) against the 0/1 gold row (by hand, and through the objective
// the trainer uses, on prompt-ft's own logits); rows, thresholds and the yes/no grouping by hand; short
// runs of both schemes recorded in the run store, whose stored label sets give back the recorded
// micro-F1 / macro-F1 / subset accuracy; methods with a classification head refused.
#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <fstream>

#include "common/error.h"
#include "model/masked_lm.h"
#include "multilabel/multilabel_metrics.h"
#include "multilabel/multilabel_run.h"
#include "store/run_store.h"
#include "train/batch.h"
#include "train/method.h"
#include "train/method_registry.h"
#include "train/multilabel_objective.h"
#include "train/training.h"

using namespace pwb;
using namespace pwb::train;

namespace {

const std::string kTinyBert = std::string(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert";

double bce(double x, double t) {
  const double s = 1.0 / (1.0 + std::exp(-x));
  return -(t * std::log(s) + (1 - t) * std::log(1 - s));
}

// Rows with one or two of pos / neg / dull; `bad` adds a row naming an undeclared label (line 4).
void writeData(const std::string& path, int count, int offset, bool bad) {
  const char* subjects[] = {"film", "movie", "story", "acting"};
  std::ofstream out(path);
  for (int j = 0; j < count; ++j) {
    const int i = j + offset;
    const int kind = i % 5;
    const char* s = subjects[i % 4];
    if (kind == 0) out << R"({"text": "the )" << s << R"( is good .", "labels": ["pos"]})";
    if (kind == 1) out << R"({"text": "the )" << s << R"( is bad .", "labels": ["neg"]})";
    if (kind == 2) out << R"({"text": "the )" << s << R"( is boring .", "labels": ["dull"]})";
    if (kind == 3) out << R"({"text": "the )" << s << R"( is bad and boring .", "labels": ["neg", "dull"]})";
    if (kind == 4) out << R"({"text": "the )" << s << R"( is good but boring .", "labels": ["pos", "dull"]})";
    out << "\n";
    if (bad && j == 2)
      out << R"({"text": "the film is odd .", "labels": ["odd"]})"
          << "\n";
  }
}

TrainRequest request(const QTemporaryDir& dir, const std::string& scheme) {
  TrainRequest r;
  r.modelDir = kTinyBert;
  r.trainPath = dir.filePath("train.jsonl").toStdString();
  r.testPath = dir.filePath("test.jsonl").toStdString();
  writeData(r.trainPath, 20, 0, true);
  writeData(r.testPath, 10, 100, false);
  r.task = "multilabel";
  r.multilabel.labels = "pos,neg,dull";
  r.multilabel.scheme = scheme;
  if (scheme == "label-words") {
    r.templateText = "{text} it was [MASK] .";
    r.verbalizer = "pos=good;neg=bad;dull=boring";
  } else {
    r.templateText = "{text} is it {label} ? [MASK] .";
  }
  r.k = 6;
  r.seeds = {13};
  r.steps = 4;
  r.batchSize = 4;
  r.evalEvery = 2;
  r.lr = 1e-3;
  r.device = "cpu";
  r.threads = 1;
  r.maxLength = 32;
  r.dbPath = dir.filePath("runs.sqlite").toStdString();
  return r;
}

// Reads the run back and checks its metrics against a recomputation from the stored label sets.
void checkStoredRun(const std::string& db, const SeedResult& s, size_t testRows) {
  store::RunStore store(db);
  const auto runs = store.listRuns();
  QCOMPARE(runs.size(), size_t(1));
  const auto& run = runs[0];
  QCOMPARE(run.config["task"].get<std::string>(), std::string("multilabel"));
  QCOMPARE(run.results["task"].get<std::string>(), std::string("multilabel"));
  QVERIFY(!run.results.contains("test_accuracy") && !run.results.contains("best_dev_accuracy"));
  QCOMPARE(store.runMetrics(run.id, "dev_micro_f1").size(), size_t(2));
  QCOMPARE(store.runMetrics(run.id, "dev_acc").size(), size_t(0));
  const auto evs = store.listEvaluations(run.id);
  QCOMPARE(evs.size(), size_t(1));
  const auto ev = store.getEvaluation(evs[0].id);
  QCOMPARE(ev.labels, (std::vector<std::string>{"pos", "neg", "dull"}));
  QCOMPARE(ev.predictions.size(), testRows);
  const double threshold = run.results["threshold"].get<double>();
  QCOMPARE(threshold, s.threshold);
  std::vector<std::vector<int>> gold, pred;
  for (const auto& p : ev.predictions) {
    gold.push_back(multilabel::parseLabelSet(*p.gold, ev.labels));
    pred.push_back(multilabel::parseLabelSet(p.predicted, ev.labels));
    // The predicted set is the labels whose stored probability reaches the threshold.
    QCOMPARE(p.probabilities.size(), size_t(3));
    std::vector<int> above;
    for (int c = 0; c < 3; ++c)
      if (p.probabilities[size_t(c)] >= threshold) above.push_back(c);
    QCOMPARE(pred.back(), above);
  }
  QCOMPARE(gold.front(), (std::vector<int>{0}));  // test row 100: kind 0, "pos"
  QCOMPARE(gold[3], (std::vector<int>{1, 2}));    // row 103: neg, dull
  const auto m = multilabel::multiLabelMetrics(gold, pred, 3);
  QCOMPARE(m.microF1, run.results["test_micro_f1"].get<double>());
  QCOMPARE(m.macroF1, run.results["test_macro_f1"].get<double>());
  QCOMPARE(m.subsetAccuracy, run.results["test_subset_acc"].get<double>());
  QCOMPARE(m.microF1, s.testMicroF1);
  QCOMPARE(ev.accuracy, m.subsetAccuracy);
  QCOMPARE(ev.metrics["micro_f1"].get<double>(), m.microF1);
}

}  // namespace

class TestMultiLabelTraining : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void bceByHand() {
    // Two rows, two labels: logits [[1, -2], [0.5, 0]], gold [[1, 0], [0, 1]].
    const double expected = (bce(1, 1) + bce(-2, 0) + bce(0.5, 0) + bce(0, 1)) / 4;
    // Written out: -log sigmoid(1) = 0.3132617, -log(1 - sigmoid(-2)) = 0.1269280,
    // -log(1 - sigmoid(0.5)) = 0.9740770, -log sigmoid(0) = 0.6931472; mean 0.5268535.
    QVERIFY(std::abs(expected - 0.5268535) < 1e-6);
    const auto logits = torch::tensor({1.0f, -2.0f, 0.5f, 0.0f}).view({2, 2});
    const auto targets = torch::tensor({1.0f, 0.0f, 0.0f, 1.0f}).view({2, 2});
    QVERIFY(std::abs(multiLabelBceLoss(logits, targets).item<double>() - expected) < 1e-6);
    QVERIFY_THROWS_EXCEPTION(Error, multiLabelBceLoss(logits, torch::zeros({2, 3})));
  }

  void objectiveIsBceOfPromptFtLogits() {
    auto model = model::MaskedLM::load(kTinyBert);
    torch::manual_seed(1);
    MethodContext ctx;
    ctx.model = model.get();
    ctx.labelTokenIds = {{163}, {90}, {159}};  // good, bad, boring
    ctx.numLabels = 3;
    ctx.maskTokenId = 4;
    ctx.unkTokenId = 1;
    auto method = findMethod("prompt-ft").create(ctx);
    method->train(false);
    // "[CLS] the film is good . it was [MASK] . [SEP]" (gold pos) and "[CLS] the film is bad . it was
    // [MASK] . [SEP]" (gold neg, dull).
    std::vector<TaskExample> ex(2);
    ex[0].prompt.ids = {2, 55, 91, 56, 163, 6, 59, 64, 4, 6, 3};
    ex[0].prompt.maskPos = 8;
    ex[1].prompt.ids = {2, 55, 91, 56, 90, 6, 59, 64, 4, 6, 3};
    ex[1].prompt.maskPos = 8;
    ex[0].target = {1, 0, 0};
    ex[1].target = {0, 1, 1};
    for (auto& e : ex) {
      e.prompt.typeIds.assign(e.prompt.ids.size(), 0);
      e.label = 0;
    }
    Batch batch = collate({&ex[0].prompt, &ex[1].prompt}, {0, 1}, 0, torch::kCPU);
    batch.targets = collateTargets({&ex[0], &ex[1]}, torch::kCPU);
    torch::NoGradGuard ng;
    const auto logits = method->logits(batch);
    QCOMPARE(logits.size(1), int64_t(3));
    double expected = 0;
    for (int i = 0; i < 2; ++i)
      for (int c = 0; c < 3; ++c)
        expected += bce(logits[i][c].item<double>(), ex[size_t(i)].target[size_t(c)]);
    expected /= 6;
    // Through the trainer's hook, as a label-words run sets it.
    QTemporaryDir dir;
    TrainRequest r = request(dir, "label-words");
    MultiLabelTask task(r);
    TrainerConfig cfg;
    setMultiLabelObjective(cfg, task);
    QVERIFY(cfg.taskLoss && cfg.devScore);
    QVERIFY(std::abs(cfg.taskLoss(*method, batch).item<double>() - expected) < 1e-6);
    // Not prompt-ft's own loss (cross-entropy over the label words).
    QVERIFY(std::abs(method->loss(batch, nullptr).item<double>() - expected) > 1e-3);
    // yes-no keeps Method::loss.
    TrainerConfig yn;
    setMultiLabelObjective(yn, MultiLabelTask(request(dir, "yes-no")));
    QVERIFY(!yn.taskLoss && yn.devScore);
  }

  void rowsAndThresholdsByHand() {
    // label-words: sigmoid of the logits, gold from the targets; a row with non-finite logits gets NaN.
    ScoredPredictions sp;
    sp.predicted = {0, -1};
    sp.logits = {{0.0f, 2.0f, -2.0f}, {1.0f, 1.0f, 1.0f}};
    sp.probabilities = {{1. / 3, 1. / 3, 1. / 3}, {1. / 3, 1. / 3, 1. / 3}};
    std::vector<TaskExample> ex(2);
    ex[0].target = {1, 1, 0};
    ex[1].target = {0, 0, 1};
    const auto rows = multiLabelRows(sp, ex, multilabel::MultiLabelScheme::LabelWords, 3);
    QCOMPARE(rows.gold, (std::vector<std::vector<int>>{{0, 1}, {2}}));
    QVERIFY(std::abs(rows.probs[0][0] - 0.5) < 1e-12);
    QVERIFY(std::abs(rows.probs[0][1] - 0.8807971) < 1e-6);
    QVERIFY(std::abs(rows.probs[0][2] - 0.1192029) < 1e-6);
    QVERIFY(std::isnan(rows.probs[1][0]));
    // At 0.5: row 0 predicts {0, 1} (exact), row 1 nothing: TP 2, FN 1 -> micro-F1 4 / 5.
    const auto at = multiLabelScores(rows, 3, 0.5);
    QCOMPARE(at.predicted[0], (std::vector<int>{0, 1}));
    QVERIFY(at.predicted[1].empty());
    QVERIFY(std::abs(at.metrics.microF1 - 0.8) < 1e-12);
    // Thresholds 0.15 .. 0.50 all give 0.8 (0.10 and below add label 2 to row 0: 4 / 6): the tie nearest
    // 0.5 is 0.5 itself. A fixed threshold is returned as is.
    QCOMPARE(chooseThreshold(rows, 3, 0), 0.5);
    QCOMPARE(chooseThreshold(rows, 3, 0.3), 0.3);

    // yes-no: each row's C clozes are consecutive, P(yes) is class 0's probability, gold is label 0.
    ScoredPredictions yn;
    yn.predicted = {0, 1, 1, 0};
    yn.logits = {{0, 0}, {0, 0}, {0, 0}, {0, 0}};
    yn.probabilities = {{0.9, 0.1}, {0.2, 0.8}, {0.4, 0.6}, {0.7, 0.3}};
    std::vector<TaskExample> yex(4);
    const int labels[4] = {0, 1, 0, 0};  // row 0: {0}; row 1: {0, 1}
    for (int i = 0; i < 4; ++i) yex[size_t(i)].label = labels[i];
    const auto yrows = multiLabelRows(yn, yex, multilabel::MultiLabelScheme::YesNo, 2);
    QCOMPARE(yrows.gold, (std::vector<std::vector<int>>{{0}, {0, 1}}));
    QCOMPARE(yrows.probs, (std::vector<std::vector<double>>{{0.9, 0.2}, {0.4, 0.7}}));
    // 0.4 is the best: every gold label, no false one (micro-F1 1); 0.25 .. 0.40 tie, 0.40 is nearest 0.5.
    QVERIFY(std::abs(chooseThreshold(yrows, 2, 0) - 0.4) < 1e-12);
    QVERIFY_THROWS_EXCEPTION(
        Error, multiLabelRows(yn, {yex[0], yex[1], yex[2]}, multilabel::MultiLabelScheme::YesNo, 2));
  }

  void labelSetTextRoundTrips() {
    const std::vector<std::string> labels{"a", "b|c", "d"};
    QCOMPARE(multilabel::labelSetText({2, 0}, labels), std::string(R"(["a","d"])"));
    QCOMPARE(multilabel::labelSetText({}, labels), std::string("[]"));
    QCOMPARE(multilabel::parseLabelSet(R"(["b|c"])", labels), (std::vector<int>{1}));
    QVERIFY_THROWS_EXCEPTION(Error, multilabel::parseLabelSet("a,d", labels));
    QVERIFY_THROWS_EXCEPTION(Error, multilabel::parseLabelSet(R"(["x"])", labels));
  }

  void shortLabelWordsRun() {
    QTemporaryDir dir;
    const TrainRequest r = request(dir, "label-words");
    std::string log;
    TrainCallbacks cb;
    cb.onLog = [&](const std::string& s) { log += s + "\n"; };
    const auto res = runTraining(r, cb);
    QVERIFY2(res.status == RunStatus::Finished, res.message.c_str());
    const auto& s = res.seeds.at(0);
    QVERIFY(s.multilabel && s.hasTestMultiLabel && !s.hasTestAccuracy);
    QCOMPARE(s.losses.size(), size_t(4));
    QCOMPARE(s.devCurve.size(), size_t(2));
    for (float l : s.losses) QVERIFY(std::isfinite(l) && l > 0);
    QVERIFY(s.threshold >= 0.05 && s.threshold <= 0.95);
    QVERIFY2(
        log.find("1 row of " + r.trainPath + " skipped (first: " + r.trainPath + ":4:") != std::string::npos,
        log.c_str());
    QVERIFY2(log.find("holds out 6 training rows as dev") != std::string::npos, log.c_str());
    QVERIFY2(log.find("test micro-F1") != std::string::npos, log.c_str());
    QCOMPARE(res.summary.runs, 1);
    QCOMPARE(res.summary.mean, s.testMicroF1);
    checkStoredRun(r.dbPath, s, 10);
    store::RunStore store(r.dbPath);
    QCOMPARE(store.listRuns()[0].config["verbalizer"].get<std::string>(),
             std::string("pos=good;neg=bad;dull=boring"));
  }

  void shortYesNoRunWithFixedThreshold() {
    QTemporaryDir dir;
    TrainRequest r = request(dir, "yes-no");
    r.multilabel.threshold = 0.4;
    const auto res = runTraining(r, {});
    QVERIFY2(res.status == RunStatus::Finished, res.message.c_str());
    const auto& s = res.seeds.at(0);
    QVERIFY(s.hasTestMultiLabel);
    QCOMPARE(s.threshold, 0.4);
    checkStoredRun(r.dbPath, s, 10);
    store::RunStore store(r.dbPath);
    QCOMPARE(store.listRuns()[0].config["verbalizer"].get<std::string>(), std::string("yes=yes;no=no"));
  }

  void refusals() {
    QTemporaryDir dir;
    TrainRequest r = request(dir, "label-words");
    r.method = "fine-tune";
    QVERIFY_THROWS_EXCEPTION(Error, validateRequest(r));
    r.method = "p-tuning-v2";
    r.options.head = "cls";
    QVERIFY_THROWS_EXCEPTION(Error, validateRequest(r));
    r.options.head = "verbalizer";
    validateRequest(r);
    r.multilabel.scheme = "both";
    QVERIFY_THROWS_EXCEPTION(Error, validateRequest(r));
    r.multilabel.scheme = "label-words";
    r.multilabel.threshold = 1.5;
    QVERIFY_THROWS_EXCEPTION(Error, validateRequest(r));
    r.multilabel.threshold = 0;
    r.k = 20;  // 20 usable rows (the undeclared-label row skipped): nothing left to train on
    QVERIFY_THROWS_EXCEPTION(Error, MultiLabelTask(r).split(13));
  }
};

QTEST_GUILESS_MAIN(TestMultiLabelTraining)
#include "test_multilabel_training.moc"
