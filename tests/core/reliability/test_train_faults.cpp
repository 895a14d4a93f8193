// Fault injection on real training: a model whose weights hold NaN, the `pwb train` process killed with
// SIGKILL twenty times in a row on one project, and the disk filling up (RLIMIT_FSIZE) under `pwb train`.
// Whatever happens: a clear message, no crash, the project opens, finished runs stay whole, interrupted
// runs are marked.
#include <grp.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <torch/torch.h>  // before Qt: its `slots` macro breaks torch headers
#include <unistd.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <csignal>
#include <fstream>
#include <limits>
#include <map>
#include <random>

#include "bad_input_util.h"
#include "common/error.h"
#include "eval/eval_session.h"
#include "store/run_store.h"
#include "store/statement.h"
#include "support/pwb_train_child.h"
#include "support/tiny_bert_data.h"
#include "train/safetensors_writer.h"
#include "train/training.h"

using pwb::reliability::readBytes;
using pwb::reliability::writeBytes;
namespace store = pwb::store;
namespace train = pwb::train;

namespace {

const std::string kTinyBert = std::string(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert";
const QString kPwb = QStringLiteral(PWB_CLI);

std::string integrity(store::RunStore& s) {
  store::Statement check(s.database(), "PRAGMA integrity_check");
  return check.step() ? check.getText(0) : std::string("no answer");
}

QStringList trainArgs(const QTemporaryDir& dir, const std::string& db, const QString& seeds, int steps) {
  return pwb::test::tinyBertTrainArgs(QString::fromStdString(kTinyBert), dir.path(),
                                      QString::fromStdString(db), seeds, steps, 5);
}

}  // namespace

class TestTrainFaults : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    pwb::test::writeTinyBertData(dir_.filePath("train.txt").toStdString(), 40, 0);
    pwb::test::writeTinyBertData(dir_.filePath("test.txt").toStdString(), 20, 1000);
  }
  void nanWeightFailsTheRunWithAClearMessage();
  void nonFiniteScoresAreNoPredictionNotClassZero();
  void killPwbTrainTwentyTimes();
  void fullDiskUnderPwbTrain();
  void readOnlyProjectUnderPwbTrain();

 private:
  QTemporaryDir dir_;
};

// A copy of tiny-bert with one NaN in a LayerNorm weight (written with core/train's safetensors writer):
// the file is well formed, so it loads; the first step's loss is NaN, and the run must fail naming the
// damaged weight instead of advising a smaller learning rate. The store records the failure.
void TestTrainFaults::nanWeightFailsTheRunWithAClearMessage() {
  const std::string model = dir_.filePath("nan-bert").toStdString();
  QVERIFY(QDir().mkpath(QString::fromStdString(model)));
  for (const char* f : {"config.json", "tokenizer.json", "tokenizer_config.json", "vocab.txt"})
    writeBytes(model + "/" + f, readBytes(kTinyBert + "/" + f));
  auto tensors = train::readSafetensors(kTinyBert + "/model.safetensors");
  const std::string damaged = "bert.encoder.layer.0.attention.output.LayerNorm.weight";
  QVERIFY(tensors.count(damaged));
  tensors[damaged] = tensors[damaged].clone();
  tensors[damaged][3].fill_(std::numeric_limits<float>::quiet_NaN());
  std::vector<std::pair<std::string, torch::Tensor>> ordered(tensors.begin(), tensors.end());
  train::writeSafetensors(model + "/model.safetensors", ordered);

  for (const char* method : {"prompt-ft", "prompt-tuning"}) {  // the model trained, and frozen
    train::TrainRequest r;
    r.modelDir = model;
    r.method = method;
    r.trainPath = dir_.filePath("train.txt").toStdString();
    r.testPath = dir_.filePath("test.txt").toStdString();
    r.verbalizer = "0=bad;1=good";
    r.k = 4;
    r.seeds = {13, 21};
    r.steps = 4;
    r.batchSize = 4;
    r.evalEvery = 2;
    r.lr = 1e-3;
    r.device = "cpu";
    r.threads = 1;
    r.maxLength = 32;
    r.dbPath = dir_.filePath(QString("nan-%1.sqlite").arg(method)).toStdString();
    const train::TrainResult res = train::runTraining(r);
    QCOMPARE(res.status, train::RunStatus::Failed);
    QCOMPARE(res.seeds.size(), size_t(2));  // a failed seed does not stop the next one
    for (const auto& seed : res.seeds) {
      QCOMPARE(seed.status, train::RunStatus::Failed);
      QVERIFY(!seed.hasTestAccuracy);
      QCOMPARE(seed.stepsDone, 0);
      QVERIFY2(seed.message.find("the loss became NaN at step 1: the weight '" + damaged +
                                 "' holds NaN or infinite values") != std::string::npos,
               seed.message.c_str());
    }
    store::RunStore runs(r.dbPath);
    QCOMPARE(runs.listRuns().size(), size_t(2));
    for (const auto& run : runs.listRuns()) {
      QCOMPARE(store::runStatusName(run.status), std::string("failed"));
      QVERIFY2(run.error.find(damaged) != std::string::npos, run.error.c_str());
    }
  }
}

// NaN scores for some examples only (issue 19: they were counted as predictions of class 0, since an
// argmax over NaN returns index 0). tiny-bert with NaN in position embedding 20: an example of more than 20
// tokens reads it and gets NaN class scores, shorter ones never do (batch size 1, so no padding reaches
// position 20 either). Evaluation and a trained run's test evaluation must give that example no class,
// count it wrong, and say so; the other examples score exactly as on the clean model.
void TestTrainFaults::nonFiniteScoresAreNoPredictionNotClassZero() {
  const std::string model = dir_.filePath("nan-position-bert").toStdString();
  QVERIFY(QDir().mkpath(QString::fromStdString(model)));
  for (const char* f : {"config.json", "tokenizer.json", "tokenizer_config.json", "vocab.txt"})
    writeBytes(model + "/" + f, readBytes(kTinyBert + "/" + f));
  auto tensors = train::readSafetensors(kTinyBert + "/model.safetensors");
  const std::string damaged = "bert.embeddings.position_embeddings.weight";
  QVERIFY(tensors.count(damaged));
  tensors[damaged] = tensors[damaged].clone();
  tensors[damaged][20].fill_(std::numeric_limits<float>::quiet_NaN());
  std::vector<std::pair<std::string, torch::Tensor>> ordered(tensors.begin(), tensors.end());
  train::writeSafetensors(model + "/model.safetensors", ordered);

  // Gold 0 for the long example: the old argmax over NaN scores "predicted" class 0 and counted it right.
  const std::vector<std::pair<std::string, std::string>> rows = {
      {"the film is great .", "1"},
      {"the movie is terrible .", "0"},
      {"the story is very very very boring and the acting is terrible and the film is boring too .", "0"},
      {"the acting is wonderful .", "1"}};
  pwb::data::Dataset data;
  data.path = "in-memory";
  data.format = "test";
  data.columns = {"sentence"};
  for (size_t i = 0; i < rows.size(); ++i) {
    pwb::data::Example e;
    e.line = static_cast<int>(i) + 1;
    e.id = "L" + std::to_string(i + 1);
    e.fields = {rows[i].first};
    e.label = rows[i].second;
    data.examples.push_back(e);
  }
  pwb::data::refreshLabels(data);
  pwb::eval::EvalRequest req;
  req.data = data;
  req.templateText = "{s} it was [MASK] .";
  req.verbalizerText = "0=terrible;1=great";
  req.options.batchSize = 1;
  pwb::eval::EvalSession clean(kTinyBert, {"cpu", 1, false});
  pwb::eval::EvalSession damagedModel(model, {"cpu", 1, false});
  const auto before = clean.evaluate(req);
  const auto after = damagedModel.evaluate(req);
  QCOMPARE(after.examples.size(), size_t(4));
  QCOMPARE(after.examples[2].pred, -1);
  QVERIFY(!std::isfinite(after.examples[2].scores[0]));
  QVERIFY(std::isfinite(before.examples[2].scores[0]));
  int correctElsewhere = 0;
  for (size_t i : {size_t(0), size_t(1), size_t(3)}) {
    QCOMPARE(after.examples[i].pred, before.examples[i].pred);
    for (size_t c = 0; c < 2; ++c)
      QVERIFY(std::abs(after.examples[i].scores[c] - before.examples[i].scores[c]) < 1e-5);
    correctElsewhere += after.examples[i].pred == after.examples[i].gold;
  }
  QCOMPARE(after.nonFinite, 1);
  QCOMPARE(after.firstNonFiniteId, std::string("L3"));
  QCOMPARE(after.metrics.count, 4);
  QCOMPARE(after.metrics.unpredicted, 1);
  QCOMPARE(after.metrics.correct, correctElsewhere);
  QCOMPARE(after.metrics.perClass[0].support, 2);  // the unpredicted example stays in its gold class
  QCOMPARE(after.metrics.perClass[0].predicted + after.metrics.perClass[1].predicted, 3);
  bool noted = false;
  for (const auto& n : after.notes)
    noted =
        noted || n.find("1 of 4 examples has NaN or infinite class scores (first: L3)") != std::string::npos;
  QVERIFY(noted);

  // A run trained on short sentences (position 20 is never read, the loss stays finite) and tested on the
  // four rows: the long one has no prediction in the run's results and stored predictions.
  const QString testPath = dir_.filePath("test-nan.txt");
  {
    std::ofstream out(testPath.toStdString());
    for (const auto& [text, label] : rows) out << label << " " << text << "\n";
  }
  train::TrainRequest r;
  r.modelDir = model;
  r.method = "prompt-ft";
  r.trainPath = dir_.filePath("train.txt").toStdString();
  r.testPath = testPath.toStdString();
  r.verbalizer = "0=terrible;1=great";
  r.k = 4;
  r.seeds = {13};
  r.steps = 2;
  r.batchSize = 4;
  r.evalEvery = 2;
  r.evalBatchSize = 1;
  r.lr = 1e-5;
  r.device = "cpu";
  r.threads = 1;
  r.maxLength = 40;
  r.dbPath = dir_.filePath("nan-scores.sqlite").toStdString();
  const train::TrainResult res = train::runTraining(r);
  QCOMPARE(res.seeds.size(), size_t(1));
  QVERIFY2(res.seeds[0].status == train::RunStatus::Finished, res.seeds[0].message.c_str());
  QCOMPARE(res.seeds[0].testUnpredicted, 1);
  store::RunStore runs(r.dbPath);
  const auto run = runs.listRuns().at(0);
  QCOMPARE(run.results.value("test_unpredicted", 0), 1);
  const auto evaluations = runs.listEvaluations(run.id);
  QCOMPARE(evaluations.size(), size_t(1));
  const auto ev = runs.getEvaluation(evaluations[0].id);
  QCOMPARE(ev.predictions.size(), size_t(4));
  QCOMPARE(ev.predictions[2].predicted, std::string());  // not "0"
  int correct = 0;
  for (const auto& p : ev.predictions) correct += p.gold && p.predicted == *p.gold;
  QCOMPARE(ev.accuracy, correct / 4.0);
  QCOMPARE(res.seeds[0].testAccuracy, correct / 4.0);
}

// `pwb train --db` killed with SIGKILL twenty times on one project. Every fourth round runs to the end;
// the others are killed at a random moment: five after the start (often before the store or the run
// exists; a moment inside the time a timed uncut run took to its first step, the first step at the
// latest), ten right after a random progress line of the job (three seeds of 60 steps, a line every ten
// steps: during a seed or between seeds, never after the last line). Progress lines, not a clock, decide
// the later kills: a fixed 0-1 s window, and later moments drawn from the timed run, let most runs end
// first whenever the machine's speed changed between the timing and the rounds.
// After every round: the project opens and passes integrity_check, no run is left running, every run
// once seen finished is still finished with the same metrics, test evaluation and results, and every
// other run of a dead process is interrupted.
void TestTrainFaults::killPwbTrainTwentyTimes() {
  QVERIFY2(QFileInfo::exists(kPwb), qPrintable(kPwb));
  const std::string db = dir_.filePath("kill.sqlite").toStdString();
  std::mt19937 rng(20261126);
  struct Finished {
    int64_t metrics;
    size_t evaluations;
    double accuracy;
  };
  std::map<int64_t, Finished> finished;
  int killedRounds = 0, killedBeforeStep = 0;
  size_t interrupted = 0;
  // The uncut job, timed on its own project: how long from the start and from the first step to the exit.
  qint64 wholeMs = 0, afterStepMs = 0;
  {
    QProcess child;
    pwb::test::withoutBlasRestart(child);
    QElapsedTimer clock, sinceStep;
    clock.start();
    child.start(kPwb, trainArgs(dir_, dir_.filePath("timing.sqlite").toStdString(), "13,21,42", 60));
    QVERIFY2(child.waitForStarted(10000), qPrintable(child.errorString()));
    QByteArray err;
    while (child.state() == QProcess::Running) {
      child.waitForReadyRead(5);
      err += child.readAllStandardError();
      if (!sinceStep.isValid() && err.contains("step 1/")) sinceStep.start();
    }
    QVERIFY2(child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0, err.constData());
    QVERIFY2(sinceStep.isValid(), err.constData());
    wholeMs = clock.elapsed();
    afterStepMs = sinceStep.elapsed();
  }
  QElapsedTimer total;
  total.start();
  for (int round = 0; round < 20; ++round) {
    const bool letFinish = round % 4 == 3;
    QProcess child;
    pwb::test::withoutBlasRestart(child);
    child.start(kPwb, trainArgs(dir_, db, letFinish ? "13" : "13,21,42", letFinish ? 6 : 60));
    QVERIFY2(child.waitForStarted(10000), qPrintable(child.errorString()));
    if (letFinish) {
      QVERIFY(child.waitForFinished(60000));
      QCOMPARE(child.exitStatus(), QProcess::NormalExit);
      QVERIFY2(child.exitCode() == 0, child.readAllStandardError().constData());
    } else {
      // Kill moments come from the child's own progress, not from a clock: under a loaded CI machine the
      // same job took 0.8 s in one run and 4.7 s in the next, and kill times drawn from a timed run missed
      // most runs. Early rounds: a random moment before the first step (at the first step at the latest).
      // Other rounds: right after a random one of the job's progress lines ("step 1/60", "step 10/60", …,
      // seven per seed, three seeds), never after the last one, where a kill would race the exit.
      const bool early = round % 4 == 0;
      const qint64 startMs = std::max<qint64>(1, wholeMs - afterStepMs);
      const qint64 delayMs = std::uniform_int_distribution<qint64>(0, startMs)(rng);
      const int killAfterLine = std::uniform_int_distribution<int>(1, 3 * 7 - 1)(rng);
      QByteArray err;
      QElapsedTimer clock;
      clock.start();
      while (child.state() == QProcess::Running) {
        child.waitForReadyRead(5);
        err += child.readAllStandardError();
        const int progressLines = int(err.count("/60  loss"));
        if (early ? (clock.elapsed() >= delayMs || progressLines > 0) : progressLines >= killAfterLine) break;
      }
      if (child.state() == QProcess::Running) {
        child.kill();
        QVERIFY(child.waitForFinished(10000));
        if (child.exitStatus() == QProcess::CrashExit) {
          ++killedRounds;
          if (!err.contains("step 1/")) ++killedBeforeStep;
        } else {  // it was exiting on its own when the signal came
          QVERIFY2(child.exitCode() == 0, child.readAllStandardError().constData());
        }
      } else {
        QCOMPARE(child.exitStatus(), QProcess::NormalExit);  // it ended on its own before the moment came
        QVERIFY2(child.exitCode() == 0, child.readAllStandardError().constData());
      }
    }

    store::RunStore s(db);  // must open, whatever state the kill left
    QCOMPARE(integrity(s), std::string("ok"));
    for (const store::RunRecord& run : s.listRuns()) {
      const QString where = QString("round %1, run %2: %3 (%4)")
                                .arg(round)
                                .arg(run.id)
                                .arg(QString::fromStdString(store::runStatusName(run.status)))
                                .arg(QString::fromStdString(run.error));
      if (run.status == store::RunStatus::Finished) {
        const auto evaluations = s.listEvaluations(run.id);
        QVERIFY2(evaluations.size() == 1, qPrintable(where));
        QCOMPARE(evaluations[0].n, int64_t(20));
        const Finished now{s.metricCount(run.id), evaluations.size(), evaluations[0].accuracy};
        QVERIFY2(now.metrics > 0, qPrintable(where));
        auto it = finished.find(run.id);
        if (it == finished.end()) {
          finished[run.id] = now;
        } else {
          QCOMPARE(now.metrics, it->second.metrics);
          QCOMPARE(now.accuracy, it->second.accuracy);
        }
        QCOMPARE(run.results.value("test_accuracy", -1.0), now.accuracy);
      } else {
        QVERIFY2(run.status == store::RunStatus::Interrupted, qPrintable(where));
        QVERIFY2(run.error.find("ended without finishing") != std::string::npos, qPrintable(where));
        QVERIFY2(!finished.count(run.id), qPrintable(where));  // a finished run never goes back
      }
    }
    for (const auto& [id, f] : finished)
      QCOMPARE(store::runStatusName(s.getRun(id).status), std::string("finished"));
    interrupted = s.listRuns().size() - finished.size();
  }
  qInfo(
      "uncut job %lld ms (%lld ms after the first step); 20 rounds in %.1f s: %d killed (%d before the first "
      "step), %zu finished runs kept, %zu interrupted",
      static_cast<long long>(wholeMs), static_cast<long long>(afterStepMs), total.elapsed() / 1000.0,
      killedRounds, killedBeforeStep, finished.size(), interrupted);
  QVERIFY(killedRounds >= 10);
  QVERIFY(finished.size() >= 5);  // the five finishing rounds, plus seeds done before a kill
  QVERIFY(interrupted >= 5);
}

// The disk fills up during `pwb train`: the child runs with RLIMIT_FSIZE a little above the project's size
// and SIGXFSZ ignored, so a write past the limit fails as on a full disk (EFBIG, short writes). The process
// must end normally with a message naming the project, not crash; once space is back the project opens,
// passes integrity_check, keeps the run finished before, and the run that hit the limit is not "running".
void TestTrainFaults::fullDiskUnderPwbTrain() {
  QVERIFY2(QFileInfo::exists(kPwb), qPrintable(kPwb));
  const std::string db = dir_.filePath("full.sqlite").toStdString();
  {
    QProcess first;
    pwb::test::withoutBlasRestart(first);
    first.start(kPwb, trainArgs(dir_, db, "13", 4));
    QVERIFY(first.waitForFinished(60000));
    QVERIFY2(first.exitCode() == 0, first.readAllStandardError().constData());
  }
  int64_t finishedId = 0, finishedMetrics = 0;
  {
    store::RunStore s(db);
    QCOMPARE(s.listRuns().size(), size_t(1));
    finishedId = s.listRuns()[0].id;
    finishedMetrics = s.metricCount(finishedId);
  }
  const qint64 dbSize = QFileInfo(QString::fromStdString(db)).size();
  QVERIFY(dbSize > 0);

  QProcess child;

  pwb::test::withoutBlasRestart(child);
  const rlim_t limit = static_cast<rlim_t>(dbSize + 8192);  // every file: the project, its WAL, the journal
  child.setChildProcessModifier([limit]() {
    std::signal(SIGXFSZ, SIG_IGN);  // an ignored signal stays ignored across exec
    struct rlimit rl {
      limit, limit
    };
    setrlimit(RLIMIT_FSIZE, &rl);
  });
  child.start(kPwb, trainArgs(dir_, db, "13,21,42", 400));
  QVERIFY(child.waitForFinished(60000));
  const QString out = QString::fromUtf8(child.readAllStandardOutput() + child.readAllStandardError());
  QCOMPARE(child.exitStatus(), QProcess::NormalExit);  // no SIGXFSZ, no abort
  QVERIFY2(child.exitCode() != 0, qPrintable(out));
  QVERIFY2(out.contains("full.sqlite") &&
               (out.contains("full") || out.contains("cannot be written") || out.contains("write")),
           qPrintable(out));

  store::RunStore s(db);
  QCOMPARE(integrity(s), std::string("ok"));
  const store::RunRecord kept = s.getRun(finishedId);
  QCOMPARE(store::runStatusName(kept.status), std::string("finished"));
  QCOMPARE(s.metricCount(finishedId), finishedMetrics);
  // The run that hit the limit failed; none is left "running". A run may still have finished before it: the
  // metric writer retries a failed flush, and when SQLite has reused its WAL from the start meanwhile (a
  // checkpoint, timing-dependent) the retry fits, so the run's rows are all there. Then it must be whole.
  int notFinished = 0;
  for (const store::RunRecord& run : s.listRuns()) {
    if (run.id == finishedId) continue;
    const QString what = QString::fromStdString(store::runStatusName(run.status) + ": " + run.error);
    qInfo("run %lld after the full disk: %s", static_cast<long long>(run.id), qPrintable(what));
    QVERIFY2(run.status != store::RunStatus::Running, qPrintable(what));
    if (run.status == store::RunStatus::Finished) {
      QCOMPARE(s.listEvaluations(run.id).size(), size_t(1));
      QVERIFY(s.metricCount(run.id) >= 2 * 400);  // loss and learning rate of every one of its 400 steps
      QVERIFY(run.results.contains("test_accuracy"));
    } else {
      ++notFinished;
    }
  }
  QVERIFY(notFinished >= 1);
  qInfo("disk full after %lld bytes: %s", static_cast<long long>(dbSize + 8192),
        qPrintable(out.split('\n').filter("full.sqlite").value(0)));
}

// A project file the user may not write (chmod 0444; as root the child drops to uid/gid 65534 first, since
// root ignores file modes): `pwb train --db` must stop before the first step with a message naming the
// file and saying it is read-only, and the project must be untouched.
void TestTrainFaults::readOnlyProjectUnderPwbTrain() {
  QVERIFY2(QFileInfo::exists(kPwb), qPrintable(kPwb));
  const std::string db = dir_.filePath("readonly.sqlite").toStdString();
  {
    QProcess first;
    pwb::test::withoutBlasRestart(first);
    first.start(kPwb, trainArgs(dir_, db, "13", 4));
    QVERIFY(first.waitForFinished(60000));
    QVERIFY2(first.exitCode() == 0, first.readAllStandardError().constData());
  }
  int64_t metrics = 0;
  {
    store::RunStore s(db);
    QCOMPARE(s.listRuns().size(), size_t(1));
    metrics = s.metricCount(s.listRuns()[0].id);
  }
  const QByteArray before = QByteArray::fromStdString(readBytes(db));
  QVERIFY(::chmod(db.c_str(), 0444) == 0);
  QVERIFY(::chmod(dir_.path().toLocal8Bit().constData(), 0755) == 0);  // the dropped child must get in
  QProcess child;
  pwb::test::withoutBlasRestart(child);
  child.setChildProcessModifier([]() {
    if (::geteuid() != 0) return;
    if (::setgroups(0, nullptr) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(77);
  });
  child.start(kPwb, trainArgs(dir_, db, "13,21", 4));
  QVERIFY(child.waitForFinished(60000));
  ::chmod(db.c_str(), 0644);
  ::chmod(dir_.path().toLocal8Bit().constData(), 0700);
  if (child.exitCode() == 77) QSKIP("cannot drop root privileges here; file modes do not bind root");
  const QString out = QString::fromUtf8(child.readAllStandardOutput() + child.readAllStandardError());
  QCOMPARE(child.exitStatus(), QProcess::NormalExit);
  QVERIFY2(child.exitCode() != 0, qPrintable(out));
  QVERIFY2(out.contains("readonly.sqlite") && out.contains("read-only"), qPrintable(out));
  QVERIFY2(!out.contains("step 1/"), qPrintable(out));  // stopped before training, not after

  QCOMPARE(QByteArray::fromStdString(readBytes(db)), before);
  store::RunStore s(db);
  QCOMPARE(integrity(s), std::string("ok"));
  QCOMPARE(s.listRuns().size(), size_t(1));
  QCOMPARE(store::runStatusName(s.listRuns()[0].status), std::string("finished"));
  QCOMPARE(s.metricCount(s.listRuns()[0].id), metrics);
  qInfo("%s", qPrintable(out.split('\n').filter("read-only").value(0)));
}

QTEST_GUILESS_MAIN(TestTrainFaults)
#include "test_train_faults.moc"
