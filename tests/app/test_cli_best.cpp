// `pwb best` on a project written by hand: per method the configuration with the highest mean dev
// accuracy (not the highest test accuracy), its test mean (population std) in percent, --sweep selecting
// one sweep's runs, --runs listing the hyperparameters, and clear errors for a wrong sweep or file.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "pwb_process.h"
#include "store/run_store.h"

namespace {

using pwb::test::runPwb;

void addRun(pwb::store::RunStore& st, const std::string& method, const std::string& sweep, double lr,
            int64_t seed, double dev, double test) {
  pwb::store::RunRecord r;
  r.method = method;
  r.seed = seed;
  r.name = method + " seed " + std::to_string(seed);
  r.config = {{"model", "models/tiny-bert"},
              {"k", 16},
              {"lr", lr},
              {"batch_size", 8},
              {"seed", seed},
              {"sweep", sweep}};
  const int64_t id = st.createRun(r);
  st.finishRun(id, pwb::store::RunStatus::Finished, {{"best_dev_accuracy", dev}, {"test_accuracy", test}});
}

}  // namespace

class TestCliBest : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  QString db_;

 private slots:
  void initTestCase() {
    db_ = dir_.filePath("project.pwbproj");
    pwb::store::RunStore st(db_.toStdString());
    // lr 1e-5: dev mean .80, test .70 .72 .74; lr 2e-5: dev mean .85 (chosen), test .60 .62 .61.
    addRun(st, "prompt-ft", "s1", 1e-5, 13, 0.80, 0.70);
    addRun(st, "prompt-ft", "s1", 1e-5, 21, 0.70, 0.72);
    addRun(st, "prompt-ft", "s1", 1e-5, 42, 0.90, 0.74);
    addRun(st, "prompt-ft", "s1", 2e-5, 13, 0.85, 0.60);
    addRun(st, "prompt-ft", "s1", 2e-5, 21, 0.85, 0.62);
    addRun(st, "prompt-ft", "s1", 2e-5, 42, 0.85, 0.61);
    addRun(st, "prompt-ft", "s2", 5e-5, 13, 0.99, 0.50);  // another sweep
  }

  void bestOfOneSweep() {
    const auto r = runPwb({"best", "--db", db_, "--sweep", "s1", "--json"});
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
    const auto md = runPwb({"best", "--db", db_, "--sweep", "s1"});
    QVERIFY2(md.exitCode == 0, qPrintable(md.err));
    QVERIFY2(md.out.contains("| 85.0 (0.0) | 61.0 (0.8) |"), qPrintable(md.out));
    QVERIFY(md.out.contains("Sweep s1: 6 finished run(s)"));
  }

  void everyRunAndAllSweeps() {
    const auto all = runPwb({"best", "--db", db_, "--json"});
    QVERIFY2(all.exitCode == 0, qPrintable(all.err));
    const QJsonObject b = QJsonDocument::fromJson(all.out.toUtf8()).array()[0].toObject();
    QCOMPARE(b["params"].toObject()["lr"].toDouble(), 5e-5);
    QCOMPARE(b["configurations"].toInt(), 3);

    const auto runs = runPwb({"best", "--db", db_, "--sweep", "s1", "--runs", "--output-format", "csv"});
    QVERIFY2(runs.exitCode == 0, qPrintable(runs.err));
    const QStringList lines = runs.out.split("\r\n", Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 7);
    QCOMPARE(lines[0], QStringLiteral("run,seed,method,model,k,lr,batch_size,best_dev_accuracy (%),"
                                      "test_accuracy (%)"));
    QCOMPARE(lines[1], QStringLiteral("1,13,prompt-ft,models/tiny-bert,16,1e-5,8,80.0,70.0"));
  }

  void errorsNameTheProblem() {
    const auto unknown = runPwb({"best", "--db", db_, "--sweep", "nope"});
    QCOMPARE(unknown.exitCode, 1);
    QVERIFY2(unknown.err.contains("no finished run of sweep 'nope'") && unknown.err.contains("s1, s2"),
             qPrintable(unknown.err));
    const auto missing = runPwb({"best", "--db", dir_.filePath("missing.pwbproj")});
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(missing.err.contains("no such project file"), qPrintable(missing.err));
    QVERIFY(!QFile::exists(dir_.filePath("missing.pwbproj")));
  }
};

QTEST_GUILESS_MAIN(TestCliBest)
#include "test_cli_best.moc"
