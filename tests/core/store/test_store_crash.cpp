// kill -9 during a run: the project stays readable, the run reads "interrupted" on the next open, and the
// metrics appended up to one second before the kill are on disk (the writer commits every 0.5 s).
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "store/run_store.h"
#include "store/statement.h"

using namespace pwb::store;

class TestStoreCrash : public QObject {
  Q_OBJECT

 private slots:
  void killedTrainerLeavesInterruptedRunWithItsSteps();
};

void TestStoreCrash::killedTrainerLeavesInterruptedRunWithItsSteps() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const std::string db = dir.filePath("crash.sqlite").toStdString();

  QProcess child;
  child.start(PWB_CRASH_HELPER, {QString::fromStdString(db), "10"});
  QVERIFY2(child.waitForStarted(5000), qPrintable(child.errorString()));

  // Let it train ~1.25 s after its first step (between two of the writer's 0.5 s commits), then SIGKILL it
  // (QProcess::kill sends SIGKILL on Unix).
  QByteArray out;
  QElapsedTimer sinceFirstStep;
  while (!sinceFirstStep.isValid() || sinceFirstStep.elapsed() < 1250) {
    QVERIFY2(child.state() == QProcess::Running, child.readAllStandardError().constData());
    child.waitForReadyRead(100);
    out += child.readAllStandardOutput();
    if (!sinceFirstStep.isValid() && out.contains("step ")) sinceFirstStep.start();
  }
  child.kill();
  QVERIFY(child.waitForFinished(5000));
  QCOMPARE(child.exitStatus(), QProcess::CrashExit);
  out += child.readAllStandardOutput();

  int64_t runId = 0, lastStep = -1;
  double lastStepTime = 0;
  for (const QByteArray& line : out.split('\n')) {
    const auto parts = line.split(' ');
    if (parts.size() == 2 && parts[0] == "run") runId = parts[1].toLongLong();
    if (parts.size() == 3 && parts[0] == "step") {
      lastStep = parts[1].toLongLong();
      lastStepTime = parts[2].toDouble();
    }
  }
  QVERIFY(runId > 0);
  QVERIFY2(lastStep >= 20, qPrintable(QString("only %1 steps before the kill").arg(lastStep)));

  RunStore store(db);
  QCOMPARE(store.recoveredRuns(), std::vector<int64_t>{runId});
  const RunRecord run = store.getRun(runId);
  QCOMPARE(runStatusName(run.status), std::string("interrupted"));
  QVERIFY(run.error.find("ended without finishing") != std::string::npos);
  QVERIFY(run.endedAt.has_value());

  const auto loss = store.runMetrics(runId, "loss");
  QVERIFY(!loss.empty());
  // Committed steps form a prefix 0..M of what the child appended, M <= its last printed step ...
  for (size_t i = 0; i < loss.size(); ++i) {
    QCOMPARE(loss[i].step, static_cast<int64_t>(i));
    QCOMPARE(loss[i].value, 1.0 / static_cast<double>(i + 1));
  }
  const MetricPoint& last = loss.back();
  QVERIFY(last.step <= lastStep);
  qInfo("killed after step %lld; committed steps 0..%lld (%.3f s before the last printed step)",
        static_cast<long long>(lastStep), static_cast<long long>(last.step), lastStepTime - last.time);
  // ... and at most the last second before the kill is missing.
  QVERIFY2(lastStepTime - last.time <= 1.0,
           qPrintable(QString("last committed step %1 is %2 s older than step %3")
                          .arg(last.step)
                          .arg(lastStepTime - last.time)
                          .arg(lastStep)));

  Statement check(store.database(), "PRAGMA integrity_check");
  QVERIFY(check.step());
  QCOMPARE(check.getText(0), std::string("ok"));

  // A second open finds nothing more to recover.
  RunStore again(db);
  QVERIFY(again.recoveredRuns().empty());
}

QTEST_GUILESS_MAIN(TestStoreCrash)
#include "test_store_crash.moc"
