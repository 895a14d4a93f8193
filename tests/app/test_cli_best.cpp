// `pwb sweep best` on a project written by hand: per method the configuration with the highest mean dev
// accuracy (not the highest test accuracy), its test mean (population std) in percent, --dir selecting the
// runs a sweep folder's done tasks recorded, --runs listing the hyperparameters, and clear errors for a
// sweep not done or not collected, or a missing file.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "pwb_process.h"
#include "store/run_store.h"
#include "sweep/sweep_dir.h"
#include "sweep/sweep_expand.h"
#include "sweep/sweep_spec.h"

namespace {

using pwb::test::runPwb;

std::string addRun(pwb::store::RunStore& st, const std::string& method, double lr, int64_t seed, double dev,
                   double test) {
  pwb::store::RunRecord r;
  r.method = method;
  r.seed = seed;
  r.name = method + " seed " + std::to_string(seed);
  r.config = {{"model", "models/tiny-bert"}, {"k", 16}, {"lr", lr}, {"batch_size", 8}, {"seed", seed}};
  const int64_t id = st.createRun(r);
  st.finishRun(id, pwb::store::RunStatus::Finished, {{"best_dev_accuracy", dev}, {"test_accuracy", test}});
  return st.getRun(id).uid;
}

// A sweep folder of six tasks (2 lr x 3 seeds) whose exit markers name `uids` (empty: not done). (Outside
// the test class: moc does not read raw string literals.)
QString sweepFolder(const QTemporaryDir& dir, const QString& name, const std::vector<std::string>& uids) {
  const std::string text = R"({"name": ")" + name.toStdString() +
                           R"(", "fixed": {"train": "t.txt", "test": "t.txt", "k": 4, "steps": 2},
      "axes": {"lr": [1e-5, 2e-5], "seed": [13, 21, 42]}})";
  const auto spec = pwb::sweep::parseSweepText(text, name.toStdString() + ".json", dir.path().toStdString());
  const QString path = dir.filePath(name);
  const auto d = pwb::sweep::prepareSweepDir(spec, pwb::sweep::expandSweep(spec), path.toStdString());
  for (size_t i = 0; i < uids.size(); ++i) {
    pwb::sweep::ExitMarker m;
    m.status = "finished";
    m.runUid = uids[i];
    d.writeExit(int64_t(i), m);
  }
  return path;
}

}  // namespace

class TestCliBest : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  QString db_, sweepDir_;

 private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    db_ = dir_.filePath("project.pwbproj");
    pwb::store::RunStore st(db_.toStdString());
    // lr 1e-5: dev mean .80, test .70 .72 .74; lr 2e-5: dev mean .85 (chosen), test .60 .62 .61.
    const std::vector<std::string> uids = {
        addRun(st, "prompt-ft", 1e-5, 13, 0.80, 0.70), addRun(st, "prompt-ft", 1e-5, 21, 0.70, 0.72),
        addRun(st, "prompt-ft", 1e-5, 42, 0.90, 0.74), addRun(st, "prompt-ft", 2e-5, 13, 0.85, 0.60),
        addRun(st, "prompt-ft", 2e-5, 21, 0.85, 0.62), addRun(st, "prompt-ft", 2e-5, 42, 0.85, 0.61)};
    addRun(st, "prompt-ft", 5e-5, 13, 0.99, 0.50);  // not a run of the sweep
    sweepDir_ = sweepFolder(dir_, "lr-sweep", uids);
  }

  void bestOfOneSweep() {
    const auto r = runPwb({"sweep", "best", "--db", db_, "--dir", sweepDir_, "--json"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QJsonArray a = QJsonDocument::fromJson(r.out.toUtf8()).array();
    QCOMPARE(a.size(), 1);
    const QJsonObject b = a[0].toObject();
    QCOMPARE(b["method"].toString(), QStringLiteral("prompt-ft"));
    QCOMPARE(b["params"].toObject()["lr"].toDouble(), 2e-5);
    QCOMPARE(b["configurations"].toInt(), 2);
    QCOMPARE(b["n"].toInt(), 3);
    QVERIFY(std::abs(b["mean"].toDouble() - 0.85) < 1e-12);
    QVERIFY(std::abs(b["test_mean"].toDouble() - 0.61) < 1e-12);
    QVERIFY(std::abs(b["test_pop_std"].toDouble() - std::sqrt(2e-4 / 3)) < 1e-12);
    QCOMPARE(b["run_ids"].toArray().size(), 3);
    QCOMPARE(b["run_ids"].toArray()[0].toInt(), 4);

    // Markdown: percent with one decimal, test as mean (population std): 61.0 (0.8).
    const auto md = runPwb({"sweep", "best", "--db", db_, "--dir", sweepDir_});
    QVERIFY2(md.exitCode == 0, qPrintable(md.err));
    // Of the settings only lr differs between the sweep's runs: the table's one settings column.
    QVERIFY2(md.out.contains("| 85.0 (0.0) | 61.0 (0.8) | 2e-5 | 4 5 6 |"), qPrintable(md.out));
    QVERIFY2(md.out.contains("mean (std) (%) | lr | runs |"), qPrintable(md.out));
    QVERIFY2(md.out.contains("Sweep lr-sweep: 6 finished run(s)"), qPrintable(md.out));
  }

  void everyRunAndTheirParameters() {
    const auto all = runPwb({"sweep", "best", "--db", db_, "--json"});
    QVERIFY2(all.exitCode == 0, qPrintable(all.err));
    const QJsonObject b = QJsonDocument::fromJson(all.out.toUtf8()).array()[0].toObject();
    QCOMPARE(b["params"].toObject()["lr"].toDouble(), 5e-5);
    QCOMPARE(b["configurations"].toInt(), 3);

    const auto runs =
        runPwb({"sweep", "best", "--db", db_, "--dir", sweepDir_, "--runs", "--output-format", "csv"});
    QVERIFY2(runs.exitCode == 0, qPrintable(runs.err));
    const QStringList lines = runs.out.split("\r\n", Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 7);
    QCOMPARE(lines[0], QStringLiteral("run,seed,method,model,k,lr,batch_size,best_dev_accuracy (%),"
                                      "test_accuracy (%)"));
    QCOMPARE(lines[1], QStringLiteral("1,13,prompt-ft,models/tiny-bert,16,1e-5,8,80.0,70.0"));
  }

  void errorsNameTheProblem() {
    const QString notDone = sweepFolder(dir_, "not-done", {});
    const auto pending = runPwb({"sweep", "best", "--db", db_, "--dir", notDone});
    QCOMPARE(pending.exitCode, 1);
    QVERIFY2(pending.err.contains("no task of this sweep is done yet"), qPrintable(pending.err));
    const QString elsewhere = sweepFolder(dir_, "not-collected", {"0123456789abcdef0123456789abcdef"});
    const auto uncollected = runPwb({"sweep", "best", "--db", db_, "--dir", elsewhere});
    QCOMPARE(uncollected.exitCode, 1);
    QVERIFY2(uncollected.err.contains("pwb sweep collect"), qPrintable(uncollected.err));
    const auto missing = runPwb({"sweep", "best", "--db", dir_.filePath("missing.pwbproj")});
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(missing.err.contains("no such project file"), qPrintable(missing.err));
    QVERIFY(!QFile::exists(dir_.filePath("missing.pwbproj")));
  }
};

QTEST_GUILESS_MAIN(TestCliBest)
#include "test_cli_best.moc"
