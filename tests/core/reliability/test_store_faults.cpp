// Fault injection on the run store: the disk filling up and the project turning read-only while a run is
// being written, and a writer process killed with SIGKILL twenty times in a row. Whatever happens, the
// project must open again, keep every finished run with all its metrics, and mark interrupted runs.
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <map>
#include <random>
#include <set>

#include "common/error.h"
#include "store/run_store.h"
#include "store/statement.h"

using namespace pwb::store;

namespace {

RunRecord makeRun(const std::string& name) {
  RunRecord r;
  r.name = name;
  r.method = "prompt-ft";
  r.config = {{"method", "prompt-ft"}, {"seed", 13}, {"name", name}};
  r.seed = 13;
  return r;
}

std::string integrity(RunStore& store) {
  Statement check(store.database(), "PRAGMA integrity_check");
  return check.step() ? check.getText(0) : std::string("no answer");
}

int64_t pragmaInt(RunStore& store, const std::string& pragma) {
  Statement s(store.database(), "PRAGMA " + pragma);
  return s.step() ? s.getInt64(0) : -1;
}

}  // namespace

class TestStoreFaults : public QObject {
  Q_OBJECT

 private slots:
  void fullDiskFailsTheWriteCleanlyAndLosesNothing();
  void projectTurningReadOnlyDuringARun();
  void readOnlyProjectRefusesWritesWithAClearMessage();
  void killMinus9TwentyTimes();
  void garbageProjectIsRefusedWithoutLeaking();
};

// A full disk is simulated with PRAGMA max_page_count: SQLite then answers SQLITE_FULL exactly as on a full
// file system. The failed write must be a pwb::Error saying so; the finished run stays, the file stays sound.
void TestStoreFaults::fullDiskFailsTheWriteCleanlyAndLosesNothing() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const std::string path = dir.filePath("full.sqlite").toStdString();
  int64_t finished = 0, running = 0;
  {
    RunStore store(path);
    finished = store.createRun(makeRun("done"));
    store.setStatus(finished, RunStatus::Running);
    for (int step = 0; step < 50; ++step) store.appendMetric(finished, step, "loss", 1.0 / (step + 1));
    store.finishRun(finished, RunStatus::Finished, {{"accuracy", 0.75}});
    running = store.createRun(makeRun("while full"));
    store.setStatus(running, RunStatus::Running);
    store.flushMetrics();

    const int64_t pages = pragmaInt(store, "page_count");
    QVERIFY(pages > 0);
    store.database().exec("PRAGMA max_page_count = " + std::to_string(pages));
    ArtifactRecord big;
    big.runId = running;
    big.kind = "checkpoint";
    big.name = "too big for the disk";
    big.data.assign(size_t(4) << 20, 0x5a);
    try {
      store.saveArtifact(big);
      QFAIL("saving 4 MB into a full database succeeded");
    } catch (const pwb::Error& e) {
      const std::string msg = e.what();
      QVERIFY2(msg.find("the disk is full") != std::string::npos, e.what());
      QVERIFY2(msg.find(path) != std::string::npos, e.what());
    }
    // Reading still works on the same connection, and the failed transaction left nothing behind.
    QCOMPARE(store.listArtifacts(running).size(), size_t(0));
    QCOMPARE(runStatusName(store.getRun(finished).status), std::string("finished"));
    // A run that cannot be written any more is ended as failed once space is back.
    store.database().exec("PRAGMA max_page_count = 1073741823");
    store.finishRun(running, RunStatus::Failed, nlohmann::json::object(), "disk full");
  }
  RunStore reopened(path);
  QCOMPARE(integrity(reopened), std::string("ok"));
  QCOMPARE(runStatusName(reopened.getRun(finished).status), std::string("finished"));
  QCOMPARE(reopened.getRun(finished).results.value("accuracy", 0.0), 0.75);
  QCOMPARE(reopened.metricCount(finished), int64_t(50));
  QCOMPARE(runStatusName(reopened.getRun(running).status), std::string("failed"));
}

// The project becomes unwritable while a run is open (simulated with PRAGMA query_only: as root, chmod does
// not stop writes). Writes fail with a sentence naming the file; what was committed before stays.
void TestStoreFaults::projectTurningReadOnlyDuringARun() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const std::string path = dir.filePath("ro.sqlite").toStdString();
  int64_t id = 0;
  {
    RunStore store(path);
    id = store.createRun(makeRun("read-only midway"));
    store.setStatus(id, RunStatus::Running);
    store.database().exec("PRAGMA query_only = 1");
    try {
      store.setStatus(id, RunStatus::Finished);
      QFAIL("a write to a read-only project succeeded");
    } catch (const pwb::Error& e) {
      const std::string msg = e.what();
      QVERIFY2(msg.find("the project file cannot be written") != std::string::npos, e.what());
      QVERIFY2(msg.find(path) != std::string::npos, e.what());
    }
    QCOMPARE(runStatusName(store.getRun(id).status), std::string("running"));
  }
  // Its process is still alive (this one), so the run is not stale yet; with a zero heartbeat limit it is
  // marked interrupted on the next open, as after a crash.
  StoreOptions options;
  options.staleHeartbeatSeconds = 0.0;
  RunStore reopened(path, options);
  QCOMPARE(integrity(reopened), std::string("ok"));
  const RunRecord run = reopened.getRun(id);
  QCOMPARE(runStatusName(run.status), std::string("interrupted"));
  QVERIFY2(run.error.find("no heartbeat") != std::string::npos, run.error.c_str());
}

void TestStoreFaults::readOnlyProjectRefusesWritesWithAClearMessage() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const std::string path = dir.filePath("p.sqlite").toStdString();
  int64_t id = 0;
  {
    RunStore store(path);
    id = store.createRun(makeRun("kept"));
    store.finishRun(id, RunStatus::Finished);
  }
  StoreOptions options;
  options.mode = OpenMode::ReadOnly;
  RunStore ro(path, options);
  QVERIFY(ro.readOnly());
  QCOMPARE(runStatusName(ro.getRun(id).status), std::string("finished"));
  try {
    ro.createRun(makeRun("refused"));
    QFAIL("createRun on a read-only project succeeded");
  } catch (const pwb::Error& e) {
    QVERIFY2(std::string(e.what()).find("read-only") != std::string::npos, e.what());
  }
}

// store_crash_helper plays a trainer (a run, one "loss" row per 20 ms). Twenty rounds on one project: most
// are killed with SIGKILL at a random moment (some before the run even exists), every fourth finishes.
// After every round the project opens, every finished run is still finished with the same metrics, and
// every killed run is marked interrupted.
void TestStoreFaults::killMinus9TwentyTimes() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const std::string db = dir.filePath("kill.sqlite").toStdString();
  std::mt19937 rng(20261126);
  std::map<int64_t, int64_t> finishedMetrics;  // run id -> metric count when it finished
  std::set<int64_t> killed;
  int killedBeforeRun = 0;

  for (int round = 0; round < 20; ++round) {
    const bool letFinish = round % 4 == 3;
    QProcess child;
    child.start(PWB_CRASH_HELPER, {QString::fromStdString(db), letFinish ? "0.3" : "30"});
    QVERIFY2(child.waitForStarted(10000), qPrintable(child.errorString()));
    QByteArray out;
    int64_t runId = 0;
    if (letFinish) {
      QVERIFY(child.waitForFinished(60000));
      QCOMPARE(child.exitStatus(), QProcess::NormalExit);
      QVERIFY2(child.exitCode() == 0, child.readAllStandardError().constData());
      out = child.readAllStandardOutput();
    } else {
      // Kill at a random moment: right away (round 0, 5, 10, 15: usually before createRun), or 0-400 ms
      // after the run's first step.
      const bool early = round % 5 == 0;
      const int afterFirstStepMs = std::uniform_int_distribution<int>(0, 400)(rng);
      QElapsedTimer sinceStep;
      while (!early && (!sinceStep.isValid() || sinceStep.elapsed() < afterFirstStepMs)) {
        QVERIFY2(child.state() == QProcess::Running, child.readAllStandardError().constData());
        child.waitForReadyRead(20);
        out += child.readAllStandardOutput();
        if (!sinceStep.isValid() && out.contains("step ")) sinceStep.start();
      }
      child.kill();
      QVERIFY(child.waitForFinished(10000));
      QCOMPARE(child.exitStatus(), QProcess::CrashExit);
      out += child.readAllStandardOutput();
    }
    for (const QByteArray& line : out.split('\n'))
      if (line.startsWith("run ")) runId = line.mid(4).toLongLong();

    RunStore store(db);  // must open, whatever state the kill left
    QCOMPARE(integrity(store), std::string("ok"));
    if (letFinish) {
      QVERIFY(runId > 0);
      const RunRecord run = store.getRun(runId);
      QCOMPARE(runStatusName(run.status), std::string("finished"));
      finishedMetrics[runId] = store.metricCount(runId);
      QVERIFY(finishedMetrics[runId] >= 1);
    } else if (runId > 0) {
      killed.insert(runId);
    } else {
      ++killedBeforeRun;
    }
    // Every run the killed processes left behind is interrupted (also one created just before the kill
    // whose id was not printed yet), and no run is left running.
    for (const RunRecord& run : store.listRuns()) {
      if (finishedMetrics.count(run.id)) continue;
      QVERIFY2(run.status == RunStatus::Interrupted,
               qPrintable(QString("round %1: run %2 is %3")
                              .arg(round)
                              .arg(run.id)
                              .arg(QString::fromStdString(runStatusName(run.status)))));
      QVERIFY(run.error.find("ended without finishing") != std::string::npos);
    }
    for (const auto& [id, count] : finishedMetrics) {
      const RunRecord run = store.getRun(id);
      QCOMPARE(runStatusName(run.status), std::string("finished"));
      QCOMPARE(store.metricCount(id), count);
    }
    for (int64_t id : killed) QCOMPARE(runStatusName(store.getRun(id).status), std::string("interrupted"));
  }
  QCOMPARE(finishedMetrics.size(), size_t(5));
  QVERIFY(killed.size() >= 10);
  qInfo("20 rounds: %zu finished, %zu killed during the run, %d killed before printing a run id",
        finishedMetrics.size(), killed.size(), killedBeforeRun);
}

// Regression (found by the ASan/LSan run of test_store_errors): when the connection settings failed on a
// file that is not a database, Database's constructor threw with the sqlite3 handle open, and it leaked.
// This test only fails under LeakSanitizer (build-asan); elsewhere it checks the message.
void TestStoreFaults::garbageProjectIsRefusedWithoutLeaking() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const std::string path = dir.filePath("garbage.sqlite").toStdString();
  std::string garbage;
  for (int i = 0; i < 200; ++i) garbage += "label\ttext\n1\tthis is a data file, not a database\n";
  {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    QVERIFY(f);
    std::fwrite(garbage.data(), 1, garbage.size(), f);
    std::fclose(f);
  }
  for (int i = 0; i < 3; ++i) {
    try {
      RunStore store(path);
      QFAIL("a text file opened as a project");
    } catch (const pwb::Error& e) {
      QVERIFY2(std::string(e.what()).find("not a Prompt Workbench project") != std::string::npos, e.what());
    }
  }
}

QTEST_GUILESS_MAIN(TestStoreFaults)
#include "test_store_faults.moc"
