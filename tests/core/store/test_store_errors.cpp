// Files that are not (or not yet, or no longer) usable projects each get a sentence that says why, and are
// never modified: garbage, another program's database, a newer schema, a read-only file, a locked file.
// Two connections writing at once leave a consistent file.
#include <sys/stat.h>

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <thread>

#include "common/error.h"
#include "store/database.h"
#include "store/run_store.h"
#include "store/schema.h"
#include "store/sha256.h"
#include "store/statement.h"

using namespace pwb::store;

namespace {

// The message of the pwb::Error thrown by f, or "" when nothing was thrown.
template <typename F>
std::string errorOf(F&& f) {
  try {
    f();
  } catch (const pwb::Error& e) {
    return e.what();
  }
  return "";
}

#define QVERIFY_CONTAINS(text, part)                          \
  QVERIFY2(std::string(text).find(part) != std::string::npos, \
           qPrintable(QString("'%1' does not contain '%2'")   \
                          .arg(QString::fromStdString(text), QString::fromStdString(std::string(part)))))

StoreOptions readOnlyOptions() {
  StoreOptions o;
  o.mode = OpenMode::ReadOnly;
  return o;
}

RunRecord sampleRun() {
  RunRecord r;
  r.method = "prompt-ft";
  r.config = {{"method", "prompt-ft"}, {"lr", 1e-5}, {"seed", 13}};
  r.seed = 13;
  return r;
}

}  // namespace

class TestStoreErrors : public QObject {
  Q_OBJECT

 private slots:
  void garbageFileIsNotAProject();
  void otherProgramsDatabaseIsRefused();
  void newerSchemaIsRefusedUntouched();
  void readOnlyFileOpensForReadingOnly();
  void lockedFileWaitsThenSaysLocked();
  void badPaths();
  void twoConnectionsWriteConcurrently();
  void writerOnMissingRun();

 private:
  QTemporaryDir dir_;
};

void TestStoreErrors::garbageFileIsNotAProject() {
  const QString path = dir_.filePath("garbage.sqlite");
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly));
  for (int i = 0; i < 200; ++i) f.write("label\ttext\n1\tthis is a data file, not a database\n");
  f.close();
  const std::string before = sha256File(path.toStdString());
  const std::string msg = errorOf([&] { RunStore s(path.toStdString()); });
  QVERIFY_CONTAINS(msg, path.toStdString() + ": not a Prompt Workbench project (file is not a database)");
  QCOMPARE(sha256File(path.toStdString()), before);
}

void TestStoreErrors::otherProgramsDatabaseIsRefused() {
  const std::string path = dir_.filePath("other.sqlite").toStdString();
  {
    Database db(path);
    db.exec("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)");
  }
  const std::string msg = errorOf([&] { RunStore s(path); });
  QVERIFY_CONTAINS(msg, "not a Prompt Workbench project (an SQLite database of another program)");
}

void TestStoreErrors::newerSchemaIsRefusedUntouched() {
  const std::string path = dir_.filePath("newer.sqlite").toStdString();
  {
    RunStore s(path);
    s.createRun(sampleRun());
  }
  {
    Database db(path);
    db.exec("PRAGMA user_version=" + std::to_string(kSchemaVersion + 98));
  }
  const std::string before = sha256File(path);
  const std::string msg = errorOf([&] { RunStore s(path); });
  QVERIFY_CONTAINS(msg, path + ": created by a newer Prompt Workbench (schema " +
                            std::to_string(kSchemaVersion + 98) + " > " + std::to_string(kSchemaVersion) +
                            "); not modified");
  QCOMPARE(sha256File(path), before);
  // Read-only opening refuses it too (it could not be read correctly).
  const std::string ro = errorOf([&] { RunStore s(path, readOnlyOptions()); });
  QVERIFY_CONTAINS(ro, "created by a newer Prompt Workbench");
  QCOMPARE(sha256File(path), before);
}

void TestStoreErrors::readOnlyFileOpensForReadingOnly() {
  const std::string path = dir_.filePath("readonly.sqlite").toStdString();
  int64_t id = 0;
  {
    RunStore s(path);
    id = s.createRun(sampleRun());
    s.setSetting("title", "frozen");
  }
  QCOMPARE(::chmod(path.c_str(), 0444), 0);
  const std::string before = sha256File(path);
  {
    RunStore s(path);
    QVERIFY(s.readOnly());
    QCOMPARE(s.listRuns().size(), size_t(1));
    QCOMPARE(s.getRun(id).method, std::string("prompt-ft"));
    QCOMPARE(s.setting("title").value_or(""), std::string("frozen"));
    const std::string msg = errorOf([&] { s.createRun(sampleRun()); });
    QVERIFY_CONTAINS(msg,
                     path + ": cannot create a run: the project is open read-only (the file is read-only)");
    QVERIFY_CONTAINS(errorOf([&] { s.appendMetric(id, 0, "loss", 1.0); }), "open read-only");
    QVERIFY_CONTAINS(errorOf([&] { s.setSetting("title", "x"); }), "open read-only");
  }
  QCOMPARE(sha256File(path), before);
  // Explicit read-only mode on a writable file behaves the same.
  QCOMPARE(::chmod(path.c_str(), 0644), 0);
  RunStore s(path, readOnlyOptions());
  QVERIFY_CONTAINS(errorOf([&] { s.setStatus(id, RunStatus::Failed); }),
                   "open read-only (it was opened read-only)");
}

void TestStoreErrors::lockedFileWaitsThenSaysLocked() {
  const std::string path = dir_.filePath("locked.sqlite").toStdString();
  { RunStore s(path); }
  Database holder(path);
  holder.exec("BEGIN EXCLUSIVE; INSERT INTO settings (key, value) VALUES ('holder', 'yes');");

  StoreOptions opts;
  opts.busyTimeoutMs = 300;
  RunStore s(path, opts);  // reading works while another connection writes (WAL)
  QVERIFY(s.listRuns().empty());
  QElapsedTimer t;
  t.start();
  const std::string msg = errorOf([&] { s.createRun(sampleRun()); });
  QVERIFY(t.elapsed() >= 250);
  QVERIFY_CONTAINS(msg, path + ": ");
  QVERIFY_CONTAINS(msg, "the project is locked by another program (waited 300 ms)");

  holder.exec("COMMIT");
  const int64_t id = s.createRun(sampleRun());
  QVERIFY(id > 0);
  QCOMPARE(s.setting("holder").value_or(""), std::string("yes"));
}

void TestStoreErrors::badPaths() {
  QVERIFY_CONTAINS(errorOf([] { RunStore s(""); }), "no project file given");
  const std::string folder = dir_.path().toStdString();
  QVERIFY_CONTAINS(errorOf([&] { RunStore s(folder); }), folder + ": is a folder");
  const std::string missing = folder + "/no/such/dir/p.sqlite";
  QVERIFY_CONTAINS(errorOf([&] { RunStore s(missing); }), missing + ": ");
  QVERIFY_CONTAINS(errorOf([&] { RunStore s(missing, readOnlyOptions()); }), "no such project file");
  RunStore s(dir_.filePath("empty.sqlite").toStdString());
  QVERIFY_CONTAINS(errorOf([&] { s.getRun(42); }), "no run with id 42");
  QVERIFY_CONTAINS(errorOf([&] { s.getEvaluation(7); }), "no evaluation with id 7");
  QVERIFY_CONTAINS(errorOf([&] { s.setStatus(9, RunStatus::Running); }), "no run with id 9");
  QVERIFY_CONTAINS(errorOf([] { parseRunStatus("done"); }), "unknown run status 'done'");
}

void TestStoreErrors::twoConnectionsWriteConcurrently() {
  const std::string path = dir_.filePath("concurrent.sqlite").toStdString();
  { RunStore s(path); }
  constexpr int kRuns = 10, kSteps = 400;
  std::vector<std::string> errors(2);
  auto worker = [&](int w) {
    try {
      RunStore s(path);
      for (int r = 0; r < kRuns; ++r) {
        RunRecord run = sampleRun();
        run.name = "w" + std::to_string(w) + "-r" + std::to_string(r);
        const int64_t id = s.createRun(run);
        s.setStatus(id, RunStatus::Running);
        for (int step = 0; step < kSteps; ++step) s.appendMetric(id, step, "loss", step + w);
        s.setSetting("last-" + std::to_string(w), run.name);
        s.finishRun(id, RunStatus::Finished, {{"test_accuracy", 0.5 + w * 0.1}});
      }
    } catch (const std::exception& e) {
      errors[static_cast<size_t>(w)] = e.what();
    }
  };
  std::thread a(worker, 0), b(worker, 1);
  a.join();
  b.join();
  QCOMPARE(errors[0], std::string());
  QCOMPARE(errors[1], std::string());

  RunStore s(path);
  const auto runs = s.listRuns();
  QCOMPARE(runs.size(), size_t(2 * kRuns));
  for (const auto& r : runs) {
    QCOMPARE(r.status, RunStatus::Finished);
    QCOMPARE(s.metricCount(r.id), int64_t(kSteps));
    const double w = r.name[1] == '0' ? 0 : 1;
    QCOMPARE(s.runMetrics(r.id, "loss").back().value, kSteps - 1 + w);
    QCOMPARE(r.results["test_accuracy"].get<double>(), 0.5 + w * 0.1);
  }
  Statement check(s.database(), "PRAGMA integrity_check");
  QVERIFY(check.step());
  QCOMPARE(check.getText(0), std::string("ok"));
}

void TestStoreErrors::writerOnMissingRun() {
  const std::string path = dir_.filePath("writer.sqlite").toStdString();
  RunStore s(path);
  QVERIFY_CONTAINS(errorOf([&] { MetricWriter w(path, 99); }), "cannot record metrics: no run with id 99");
}

QTEST_GUILESS_MAIN(TestStoreErrors)
#include "test_store_errors.moc"
