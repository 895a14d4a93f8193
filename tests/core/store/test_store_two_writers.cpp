// Two programs on one project file, at the store level (the CLI and GUI versions, with real training, are
// tests/core/reliability/test_two_writers.cpp and tests/ui/test_ui_two_writers.cpp):
// - writers that open a NEW file at the same moment all get a project. Before, one in a few of eight
//   failed with: "not a Prompt Workbench project (an SQLite database of another program)" (it read version
//   0, then the other's first tables), "no such table: template_searches" (it saw a migration half done
//   and stopped migrating), or "cannot run 'PRAGMA journal_mode=WAL': ... database is locked" at once
//   (SQLite does not wait for the switch to WAL);
// - recovery never marks the run of another live process interrupted, however old its heartbeat (before:
//   a trainer stopped for 30 s, e.g. with Ctrl+Z, read "interrupted" in every program that opened the file);
//   a dead owner, or an owner whose process id a newer process now holds, still is;
// - PRAGMA data_version (store::ChangeProbe, what the Runs view polls) moves when another connection
//   commits and stays when nothing was written; RunStore::runsFingerprint ignores metric rows and
//   heartbeats and sees every change of what the Runs table shows.
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>
#include <vector>

#include "store/change_probe.h"
#include "store/process_info.h"
#include "store/run_store.h"
#include "store/statement.h"

using namespace pwb::store;

namespace {

std::string integrity(Database& db) {
  Statement check(db, "PRAGMA integrity_check");
  return check.step() ? check.getText(0) : std::string("no answer");
}

RunRecord makeRun(const std::string& name) {
  RunRecord r;
  r.name = name;
  r.method = "prompt-ft";
  r.config = {{"name", name}};
  return r;
}

// A run owned by `pid` on this host, running, whose last sign of life is `lastSign` (epoch seconds).
int64_t runOwnedBy(RunStore& s, int64_t pid, double lastSign) {
  const int64_t id = s.createRun(makeRun("owned by " + std::to_string(pid)));
  Statement st(s.database(),
               "UPDATE runs SET status = 'running', pid = ?, host = ?, started_at = ?, heartbeat_at = ? "
               "WHERE id = ?");
  st.bind(1, pid).bind(2, currentHost()).bind(3, lastSign).bind(4, lastSign).bind(5, id).run();
  return id;
}

}  // namespace

class TestStoreTwoWriters : public QObject {
  Q_OBJECT

 private slots:
  void writersOpeningANewFileTogetherAllGetAProject();
  void liveOwnerIsNeverInterrupted();
  void deadOrReusedOwnerIsInterrupted();
  void changeProbeSeesOtherConnectionsOnly();
};

// Eight threads (eight connections, as eight programs would have) open the same new file at once, each
// writes a run with 50 metric rows and finishes it. Twenty files, so that the opens really overlap.
void TestStoreTwoWriters::writersOpeningANewFileTogetherAllGetAProject() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  constexpr int kThreads = 8, kFiles = 20, kSteps = 50;
  for (int f = 0; f < kFiles; ++f) {
    int failures = 0;
    std::string firstError;
    const std::string path = dir.filePath(QString("new-%1.sqlite").arg(f)).toStdString();
    std::atomic<int> ready{0};
    std::vector<std::string> errors(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t]() {
        ++ready;
        while (ready.load() < kThreads) std::this_thread::yield();  // start together
        try {
          RunStore s(path);
          const int64_t id = s.createRun(makeRun("thread " + std::to_string(t)));
          s.setStatus(id, RunStatus::Running);
          for (int step = 1; step <= kSteps; ++step) s.appendMetric(id, step, "loss", 1.0 / step);
          s.finishRun(id, RunStatus::Finished, {{"test_accuracy", 0.5 + t / 100.0}});
        } catch (const std::exception& e) {
          errors[size_t(t)] = e.what();
        }
      });
    }
    for (auto& th : threads) th.join();
    for (const auto& e : errors) {
      if (e.empty()) continue;
      ++failures;
      if (firstError.empty()) firstError = e;
    }
    QVERIFY2(failures == 0, qPrintable(QString("file %1: %2 of %3 writers failed, the first with: %4")
                                           .arg(f)
                                           .arg(failures)
                                           .arg(kThreads)
                                           .arg(QString::fromStdString(firstError))));
    RunStore s(path);
    QCOMPARE(integrity(s.database()), std::string("ok"));
    const auto runs = s.listRuns();
    QCOMPARE(int(runs.size()), kThreads);
    for (const auto& r : runs) {
      QCOMPARE(r.status, RunStatus::Finished);
      QCOMPARE(s.metricCount(r.id), int64_t(kSteps));
      QVERIFY2(r.error.empty(), r.error.c_str());
    }
  }
}

// A live process of this machine (a `sleep` child) owns a running run whose heartbeat is older than the
// limit (a zero limit: every heartbeat is stale; before the fix this marked it "no heartbeat for 0 s"): no
// open marks it, and recoverInterruptedRuns says so. Once the process is gone, the next open does.
void TestStoreTwoWriters::liveOwnerIsNeverInterrupted() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const std::string path = dir.filePath("live.sqlite").toStdString();
  QProcess owner;
  owner.start("sleep", {"60"});
  QVERIFY2(owner.waitForStarted(5000), qPrintable(owner.errorString()));
  const int64_t pid = owner.processId();
  QVERIFY(processAlive(pid));
  const auto started = processStartedAt(pid);
  QVERIFY(started.has_value());
  QVERIFY2(std::abs(*started - nowSeconds()) < 30, qPrintable(QString::number(*started - nowSeconds())));
  int64_t id = 0;
  {
    StoreOptions noRecovery;
    noRecovery.recoverInterrupted = false;
    RunStore s(path, noRecovery);
    id = runOwnedBy(s, pid, *started + 0.5);  // its last sign just after its start: it is the owner
  }
  QVERIFY(ownerAlive(pid, *started + 0.5));
  {
    StoreOptions zero;
    zero.staleHeartbeatSeconds = 0.0;
    RunStore s(path, zero);
    QVERIFY(s.recoveredRuns().empty());
    QCOMPARE(s.getRun(id).status, RunStatus::Running);
    QVERIFY(s.recoverInterruptedRuns(0.0).empty());
    QVERIFY(s.getRun(id).error.empty());
  }
  owner.kill();
  QVERIFY(owner.waitForFinished(5000));
  QVERIFY(!ownerAlive(pid, *started + 0.5));
  RunStore s(path);
  QCOMPARE(s.recoveredRuns(), std::vector<int64_t>{id});
  const RunRecord r = s.getRun(id);
  QCOMPARE(r.status, RunStatus::Interrupted);
  QVERIFY2(r.error.find("(pid " + std::to_string(pid) + ") ended without finishing") != std::string::npos,
           r.error.c_str());
}

// A dead owner's run is interrupted on open. A run whose recorded pid now belongs to a process that started
// after the run's last sign of life (the owner died and the id was reused) is interrupted too, even though
// a process with that id is alive.
void TestStoreTwoWriters::deadOrReusedOwnerIsInterrupted() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const std::string path = dir.filePath("reused.sqlite").toStdString();
  QProcess holder;
  holder.start("sleep", {"60"});
  QVERIFY2(holder.waitForStarted(5000), qPrintable(holder.errorString()));
  const int64_t pid = holder.processId();
  int64_t reused = 0, dead = 0;
  {
    StoreOptions noRecovery;
    noRecovery.recoverInterrupted = false;
    RunStore s(path, noRecovery);
    reused = runOwnedBy(s, pid, nowSeconds() - 3600);  // last sign an hour before `sleep` started
    dead = runOwnedBy(s, 2147483000, nowSeconds());    // no such process
  }
  RunStore s(path);
  std::vector<int64_t> recovered = s.recoveredRuns();
  std::sort(recovered.begin(), recovered.end());
  QCOMPARE(recovered, (std::vector<int64_t>{reused, dead}));
  QCOMPARE(s.getRun(reused).status, RunStatus::Interrupted);
  QCOMPARE(s.getRun(dead).status, RunStatus::Interrupted);
  QVERIFY(s.getRun(dead).error.find("(pid 2147483000) ended without finishing") != std::string::npos);
  holder.kill();
  QVERIFY(holder.waitForFinished(5000));
}

// The probe's first call only records the version; a commit by another connection moves it once; the
// probe's own reads and a second look without writes do not.
void TestStoreTwoWriters::changeProbeSeesOtherConnectionsOnly() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const std::string path = dir.filePath("probe.sqlite").toStdString();
  { RunStore create(path); }
  ChangeProbe probe(path);
  QVERIFY(!probe.changed());
  QVERIFY(!probe.changed());
  RunStore other(path);
  const int64_t id = other.createRun(makeRun("seen"));
  QVERIFY(probe.changed());
  QVERIFY(!probe.changed());
  other.setStatus(id, RunStatus::Running);
  QVERIFY(probe.changed());
  // The fingerprint the Runs view compares: metric rows and heartbeats leave it, a finish changes it.
  const uint64_t running = other.runsFingerprint();
  other.appendMetric(id, 1, "loss", 0.5);
  other.flushMetrics();  // the metric writer's own connection commits
  other.heartbeat(id);
  QVERIFY(probe.changed());
  QVERIFY(!probe.changed());
  QCOMPARE(other.runsFingerprint(), running);
  other.finishRun(id, RunStatus::Finished, {{"test_accuracy", 0.75}});
  QVERIFY(probe.changed());
  const uint64_t finished = other.runsFingerprint();
  QVERIFY(finished != running);
  other.mergeResults(id, {{"test_accuracy", 0.5}});  // same length, other value
  QVERIFY(other.runsFingerprint() != finished);
}

QTEST_GUILESS_MAIN(TestStoreTwoWriters)
#include "test_store_two_writers.moc"
