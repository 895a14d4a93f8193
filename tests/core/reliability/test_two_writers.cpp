// Two programs writing one project file: two real `pwb train --db SAME` processes started at the same
// moment (first on a file that does not exist yet, then again on the project they made), with `pwb runs`
// reading it again and again while they train, and this process opening it with a zero heartbeat limit
// (the strictest crash recovery) in between, and a reader thread reading runs, groups and metric counts
// every 10 ms as the Runs view does. Both trainers exit 0; every run of both is finished, with no
// error text, its full loss curve (one point per step), the same metric rows and test evaluation as the
// same seed trained alone, and the same test accuracy; `pwb runs` never fails ("database is locked") and
// ends up listing every run; integrity_check says ok.

#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <atomic>
#include <chrono>
#include <map>
#include <thread>

#include "store/aggregate.h"
#include "store/run_store.h"
#include "store/statement.h"
#include "support/pwb_train_child.h"
#include "support/tiny_bert_data.h"

namespace store = pwb::store;

namespace {

const std::string kTinyBert = std::string(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert";
const QString kPwb = QStringLiteral(PWB_CLI);
constexpr int kSteps = 30;

std::string integrity(store::RunStore& s) {
  store::Statement check(s.database(), "PRAGMA integrity_check");
  return check.step() ? check.getText(0) : std::string("no answer");
}

QStringList trainArgs(const QTemporaryDir& dir, const std::string& db, const QString& seeds) {
  return pwb::test::tinyBertTrainArgs(QString::fromStdString(kTinyBert), dir.path(),
                                      QString::fromStdString(db), seeds, kSteps, 10);
}

// What one finished run must hold, keyed by seed: metric rows per key and the test accuracy.
struct RunShape {
  std::map<std::string, size_t> metricRows;
  double testAccuracy = -1;
  int64_t evaluated = 0;
};

RunShape shapeOf(store::RunStore& s, const store::RunRecord& run) {
  RunShape shape;
  for (const auto& key : s.metricKeys(run.id)) shape.metricRows[key] = s.runMetrics(run.id, key).size();
  shape.testAccuracy = run.results.value("test_accuracy", -1.0);
  const auto evaluations = s.listEvaluations(run.id);
  shape.evaluated = evaluations.size() == 1 ? evaluations[0].n : -1;
  return shape;
}

}  // namespace

class TestTwoWriters : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    pwb::test::writeTinyBertData(dir_.filePath("train.txt").toStdString(), 40, 0);
    pwb::test::writeTinyBertData(dir_.filePath("test.txt").toStdString(), 20, 1000);
  }
  void twoTrainersAndRunsOnOneProject();

 private:
  // Trains the seeds alone, one process on its own file: what each run must look like.
  void trainAlone(const QString& seeds);
  QTemporaryDir dir_;
  std::map<int64_t, RunShape> alone_;  // by seed
};

void TestTwoWriters::trainAlone(const QString& seeds) {
  const std::string db = dir_.filePath("alone-" + QString(seeds).replace(',', '-') + ".sqlite").toStdString();
  QProcess child;
  pwb::test::withoutBlasRestart(child);
  child.start(kPwb, trainArgs(dir_, db, seeds));
  QVERIFY(child.waitForFinished(120000));
  QVERIFY2(child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0,
           child.readAllStandardError().constData());
  store::RunStore s(db);
  for (const auto& run : s.listRuns()) {
    QCOMPARE(run.status, store::RunStatus::Finished);
    alone_[*run.seed] = shapeOf(s, run);
  }
}

void TestTwoWriters::twoTrainersAndRunsOnOneProject() {
  QVERIFY2(QFileInfo::exists(kPwb), qPrintable(kPwb));
  trainAlone("13,21");
  trainAlone("42,87");
  QCOMPARE(alone_.size(), size_t(4));
  for (const auto& [seed, shape] : alone_) {
    QCOMPARE(shape.metricRows.at("loss"), size_t(kSteps));  // one loss point per step
    QCOMPARE(shape.evaluated, int64_t(20));                 // the whole test file
  }

  const std::string db = dir_.filePath("shared.sqlite").toStdString();
  QVERIFY(!QFileInfo::exists(QString::fromStdString(db)));  // round 1 starts on a file nobody made yet
  int runsCalls = 0, strictOpens = 0, totalReads = 0;
  for (int round = 1; round <= 2; ++round) {
    QProcess a, b;
    pwb::test::withoutBlasRestart(a);
    pwb::test::withoutBlasRestart(b);
    a.start(kPwb, trainArgs(dir_, db, "13,21"));
    b.start(kPwb, trainArgs(dir_, db, "42,87"));
    QVERIFY2(a.waitForStarted(10000) && b.waitForStarted(10000), qPrintable(a.errorString()));
    QByteArray errA, errB;
    QElapsedTimer clock;
    clock.start();
    // A reader thread as the Runs view reads (its own connection, no recovery): runs, groups and every
    // run's metric count, over and over until both trainers are done; any error is kept.
    std::atomic<bool> stopReading{false};
    std::atomic<int> reads{0};
    std::string readError;
    std::thread reader([&]() {
      while (!stopReading) {
        try {
          if (QFileInfo::exists(QString::fromStdString(db))) {
            store::StoreOptions o;
            o.recoverInterrupted = false;
            store::RunStore s(db, o);
            store::AggregateOptions group;
            group.includeUnfinished = true;
            store::groupRuns(s, group);
            for (const auto& run : s.listRuns()) s.metricCount(run.id);
            ++reads;
          }
        } catch (const std::exception& e) {
          if (readError.empty()) readError = e.what();
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
    });
    auto stopReader = qScopeGuard([&]() {
      stopReading = true;
      reader.join();
    });
    // While either trains: `pwb runs` (list, then groups), and an open with a zero heartbeat limit, which
    // must take neither trainer's run for a crashed one (their processes are alive).
    while (a.state() != QProcess::NotRunning || b.state() != QProcess::NotRunning) {
      QVERIFY2(clock.elapsed() < 300000, "the trainers did not finish in 5 minutes");
      a.waitForFinished(50);
      b.waitForFinished(50);
      errA += a.readAllStandardError();
      errB += b.readAllStandardError();
      if (!QFileInfo::exists(QString::fromStdString(db))) continue;
      QProcess runs;
      pwb::test::withoutBlasRestart(runs);
      runs.start(kPwb, runsCalls % 2
                           ? QStringList{"runs", "--db", QString::fromStdString(db), "--group", "--all"}
                           : QStringList{"runs", "--db", QString::fromStdString(db), "--json"});
      QVERIFY(runs.waitForFinished(60000));
      const QByteArray out = runs.readAllStandardOutput(), err = runs.readAllStandardError();
      QVERIFY2(runs.exitStatus() == QProcess::NormalExit && runs.exitCode() == 0,
               qPrintable(QString("round %1, pwb runs call %2: %3").arg(round).arg(runsCalls).arg(err)));
      QVERIFY2(!err.contains("locked"), err.constData());
      if (runsCalls % 2 == 0) {
        QJsonParseError parse;
        const QJsonDocument doc = QJsonDocument::fromJson(out, &parse);
        QVERIFY2(parse.error == QJsonParseError::NoError && doc.isArray(), out.constData());
      }
      ++runsCalls;
      try {
        store::StoreOptions strict;
        strict.staleHeartbeatSeconds = 0.0;
        store::RunStore s(db, strict);
        QVERIFY2(s.recoveredRuns().empty(), "a live trainer's run was marked interrupted");
        ++strictOpens;
      } catch (const std::exception& e) {
        QFAIL(e.what());
      }
    }
    errA += a.readAllStandardError();
    errB += b.readAllStandardError();
    stopReader.dismiss();
    stopReading = true;
    reader.join();
    QVERIFY2(readError.empty(), readError.c_str());
    QVERIFY(reads > 0);
    totalReads += reads;
    QVERIFY2(a.exitStatus() == QProcess::NormalExit && a.exitCode() == 0, errA.constData());
    QVERIFY2(b.exitStatus() == QProcess::NormalExit && b.exitCode() == 0, errB.constData());
    qInfo("round %d: both trainers done in %.1f s, %d `pwb runs` calls so far", round,
          clock.elapsed() / 1000.0, runsCalls);

    store::RunStore s(db);
    QCOMPARE(integrity(s), std::string("ok"));
    const auto all = s.listRuns();
    QCOMPARE(all.size(), size_t(4 * round));
    for (const auto& run : all) {
      const QString where = QString("run %1 (seed %2)").arg(run.id).arg(run.seed.value_or(-1));
      QVERIFY2(run.status == store::RunStatus::Finished,
               qPrintable(where + ": " + QString::fromStdString(store::runStatusName(run.status))));
      QVERIFY2(run.error.empty(), qPrintable(where + ": " + QString::fromStdString(run.error)));
      const RunShape shape = shapeOf(s, run);
      const RunShape& expected = alone_.at(*run.seed);
      QVERIFY2(shape.metricRows == expected.metricRows, qPrintable(where));
      QCOMPARE(shape.evaluated, expected.evaluated);
      QCOMPARE(shape.testAccuracy, expected.testAccuracy);
    }
    // Every run listed by `pwb runs` once both are done.
    QProcess runs;
    pwb::test::withoutBlasRestart(runs);
    runs.start(kPwb, {"runs", "--db", QString::fromStdString(db), "--json"});
    QVERIFY(runs.waitForFinished(60000));
    QCOMPARE(runs.exitCode(), 0);
    const QJsonArray listed = QJsonDocument::fromJson(runs.readAllStandardOutput()).array();
    QCOMPARE(listed.size(), qsizetype(4 * round));
    for (const auto& v : listed)
      QCOMPARE(v.toObject().value("status").toString(), QStringLiteral("finished"));
  }
  qInfo("%d `pwb runs` calls, %d strict opens and %d reads of a reader thread during training, none failed",
        runsCalls, strictOpens, totalReads);
  QVERIFY(runsCalls >= 2);  // it really ran while they trained (at least once a round)
}

QTEST_GUILESS_MAIN(TestTwoWriters)
#include "test_two_writers.moc"
