// `pwb sweep` as a user runs it, on the tiny-bert fixture: a sweep of 6 runs (2 methods, prompt length only
// for prompt tuning, 2 seeds) run locally with 2 worker processes gives, run for run, the same accuracies as
// the same runs done with `pwb train`; status says done; collecting again adds nothing; plan counts the
// runs; a sweep over its run limit needs --yes; errors name file:line:column; options of another
// sub-command are refused.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "pwb_process.h"
#include "store/run_store.h"
#include "support/tiny_bert_data.h"

namespace {

using pwb::test::PwbRun;
using pwb::test::runPwb;
using pwb::test::runPwbAll;

const QString kTinyBert = QString(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert";

QString sweepText(int maxRuns) {
  return QString(R"({
  "name": "tiny",
  "max_runs": %2,
  "fixed": {"model": "%1", "train": "train.txt", "test": "test.txt", "verbalizer": "0=bad;1=good",
            "k": 4, "steps": 4, "batch": 4, "eval-every": 2, "lr": 0.001, "max-length": 32,
            "device": "cpu", "threads": 1},
  "axes": {"method": ["prompt-ft", "prompt-tuning"], "soft-tokens": [2, 4], "seed": [13, 21]}
}
)")
      .arg(kTinyBert)
      .arg(maxRuns);
}

void write(const QString& path, const QString& text) {
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write(text.toUtf8());
}

QJsonObject readJson(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  return QJsonDocument::fromJson(f.readAll()).object();
}

QStringList trainArgs(const QTemporaryDir& dir, const QString& method) {
  return {"train",
          "--model",
          kTinyBert,
          "--train",
          dir.filePath("train.txt"),
          "--test",
          dir.filePath("test.txt"),
          "--verbalizer",
          "0=bad;1=good",
          "--k",
          "4",
          "--steps",
          "4",
          "--batch",
          "4",
          "--eval-every",
          "2",
          "--lr",
          "0.001",
          "--max-length",
          "32",
          "--device",
          "cpu",
          "--threads",
          "1",
          "--seeds",
          "13,21",
          "--method",
          method,
          "--json",
          "--quiet"};
}

}  // namespace

class TestCliSweep : public QObject {
  Q_OBJECT
 private slots:
  void localSweepEqualsTrainRuns();
  void planLimitAndErrors();
  void stoppedRunLeavesCancelledTask();
};

void TestCliSweep::localSweepEqualsTrainRuns() {
  QTemporaryDir dir;
  pwb::test::writeTinyBertData(dir.filePath("train.txt").toStdString(), 40, 0);
  pwb::test::writeTinyBertData(dir.filePath("test.txt").toStdString(), 20, 1000);
  write(dir.filePath("sweep.json"), sweepText(1000));
  const QString project = dir.filePath("project.sqlite"), sweepDir = dir.filePath("sweeps/tiny");

  // The sweep with 2 workers, and the same runs with pwb train (prompt-ft; prompt tuning at 2 and 4
  // vectors) at the same time.
  const QList<PwbRun> r = runPwbAll({{"sweep", "run", dir.filePath("sweep.json"), "--db", project, "--dir",
                                      sweepDir, "--workers", "2", "--quiet"},
                                     trainArgs(dir, "prompt-ft"),
                                     trainArgs(dir, "prompt-tuning") << "--soft-tokens"
                                                                     << "2",
                                     trainArgs(dir, "prompt-tuning") << "--soft-tokens"
                                                                     << "4"},
                                    {}, 4, 300000);
  QVERIFY2(r[0].exitCode == 0, qPrintable(r[0].out + r[0].err));
  QVERIFY2(r[0].out.contains("ran 6 tasks: 6 done, 0 failed, 0 cancelled"), qPrintable(r[0].out));
  QVERIFY2(r[0].out.contains("collected 6 runs"), qPrintable(r[0].out));
  // (method, soft tokens, seed) -> test accuracy and final training loss from pwb train. Tiny-bert's test
  // accuracies after 4 steps are close to each other; the final losses tell every run apart.
  QMap<QString, double> expected, expectedLoss;
  const char* labels[] = {"prompt-ft/0", "prompt-tuning/2", "prompt-tuning/4"};
  for (int i = 1; i <= 3; ++i) {
    QVERIFY2(r[i].exitCode == 0, qPrintable(r[i].err));
    const auto seeds = QJsonDocument::fromJson(r[i].out.toUtf8()).object().value("seeds").toArray();
    QCOMPARE(seeds.size(), 2);
    for (const auto& s : seeds) {
      const QString label = QString("%1/%2").arg(labels[i - 1]).arg(s.toObject().value("seed").toInt());
      expected[label] = s.toObject().value("test_accuracy").toDouble(-1);
      expectedLoss[label] = s.toObject().value("final_loss").toDouble(-1);
    }
  }
  QCOMPARE(expected.size(), 6);
  QCOMPARE(QSet<double>(expectedLoss.begin(), expectedLoss.end()).size(), 6);

  // Every task: its plan settings, its exit marker's run uid, that run in the project.
  const auto tasks = readJson(sweepDir + "/plan.json").value("tasks").toArray();
  QCOMPARE(tasks.size(), 6);
  pwb::store::RunStore store(project.toStdString());
  QCOMPARE(store.listRuns().size(), size_t(6));
  QSet<QString> seen;
  for (const auto& t : tasks) {
    const auto o = t.toObject();
    const auto settings = o.value("settings").toObject();
    const QString label = QString("%1/%2/%3")
                              .arg(settings.value("method").toString())
                              .arg(settings.value("soft-tokens").toInt(0))
                              .arg(settings.value("seed").toInt());
    seen << label;
    const auto exit = readJson(QString("%1/tasks/%2.exit").arg(sweepDir).arg(o.value("index").toInt()));
    QCOMPARE(exit.value("exit_code").toInt(-1), 0);
    const auto id = store.findRunByUid(exit.value("run_uid").toString().toStdString());
    QVERIFY2(id, qPrintable(label));
    const auto run = store.getRun(*id);
    QCOMPARE(run.method, settings.value("method").toString().toStdString());
    QCOMPARE(*run.seed, int64_t(settings.value("seed").toInt()));
    QVERIFY2(run.results.contains("test_accuracy"), qPrintable(label));
    QCOMPARE(run.results["test_accuracy"].get<double>(), expected.value(label, -2));
    QCOMPARE(store.listEvaluations(*id).size(), size_t(1));
    const auto loss = store.runMetrics(*id, "loss");
    QCOMPARE(loss.size(), size_t(4));
    QCOMPARE(loss.back().value, expectedLoss.value(label, -2));
  }
  QCOMPARE(seen.size(), 6);

  // Status, a second collect, a second run (nothing left to do).
  const QList<PwbRun> after = runPwbAll({{"sweep", "status", "--dir", sweepDir},
                                         {"sweep", "collect", "--dir", sweepDir, "--db", project, "--json"},
                                         {"sweep", "status", "--dir", sweepDir, "--json"}});
  QVERIFY2(after[0].out.contains("0 pending, 0 running, 6 done, 0 failed, 0 cancelled"),
           qPrintable(after[0].out));
  const auto collected = QJsonDocument::fromJson(after[1].out.toUtf8()).object();
  QCOMPARE(collected.value("runs_added").toInt(-1), 0);
  QCOMPARE(collected.value("runs_present").toInt(-1), 6);
  QCOMPARE(QJsonDocument::fromJson(after[2].out.toUtf8())
               .object()
               .value("counts")
               .toObject()
               .value("done")
               .toInt(),
           6);
  const PwbRun again =
      runPwb({"sweep", "run", dir.filePath("sweep.json"), "--db", project, "--dir", sweepDir, "--quiet"});
  QVERIFY2(again.exitCode == 0 && again.out.contains("ran 0 tasks") && again.out.contains("collected 0 runs"),
           qPrintable(again.out + again.err));
  QCOMPARE(pwb::store::RunStore(project.toStdString()).listRuns().size(), size_t(6));
}

void TestCliSweep::planLimitAndErrors() {
  QTemporaryDir dir;
  write(dir.filePath("sweep.json"), sweepText(1000));
  write(dir.filePath("big.json"), sweepText(5));
  write(dir.filePath("bad.json"),
        "{\n  \"fixed\": {\"train\": \"a\", \"test\": \"b\"},\n  \"axes\": {\"lr\": []}\n}\n");
  const QString project = dir.filePath("p.sqlite");
  const QList<PwbRun> r = runPwbAll({
      {"sweep", "plan", dir.filePath("sweep.json")},
      {"sweep", "plan", dir.filePath("sweep.json"), "--json"},
      {"sweep", "run", dir.filePath("big.json"), "--db", project, "--dir", dir.filePath("big")},
      {"sweep", "plan", dir.filePath("bad.json")},
      {"sweep", "status", "--dir", dir.filePath("big"), "--workers", "2"},
      {"sweep", "task", "--dir", dir.filePath("nothing"), "--index", "0"},
      {"sweep", "launch"},
      {"help", "sweep"},
      {"sweep", "--help"},
  });
  QVERIFY2(r[0].exitCode == 0 && r[0].out.contains("sweep tiny: 6 runs (grid), limit 1000"),
           qPrintable(r[0].out + r[0].err));
  QVERIFY2(r[0].out.contains("prompt-tuning: 4 runs"), qPrintable(r[0].out));
  const auto plan = QJsonDocument::fromJson(r[1].out.toUtf8()).object();
  QCOMPARE(plan.value("runs").toInt(), 6);
  QCOMPARE(plan.value("tasks").toArray().size(), 6);
  QVERIFY(plan.value("estimated_seconds").toDouble() > 0);
  // 6 runs over a limit of 5, no terminal to ask: refused, nothing started.
  QCOMPARE(r[2].exitCode, 1);
  QVERIFY2(r[2].err.contains("6 runs, more than its limit of 5") && r[2].err.contains("--yes"),
           qPrintable(r[2].err));
  QVERIFY(!QDir(dir.filePath("big")).exists());
  QCOMPARE(r[3].exitCode, 1);
  QVERIFY2(r[3].err.contains("bad.json:3:12: 'axes.lr': empty axis"), qPrintable(r[3].err));
  QCOMPARE(r[4].exitCode, 2);
  QVERIFY2(r[4].err.contains("--workers is not an option of `pwb sweep status`"), qPrintable(r[4].err));
  QCOMPARE(r[5].exitCode, 1);
  QVERIFY2(r[5].err.contains("not a sweep folder"), qPrintable(r[5].err));
  QCOMPARE(r[6].exitCode, 2);
  QVERIFY2(r[6].err.contains("unknown sweep command 'launch'"), qPrintable(r[6].err));
  // `pwb help sweep` is the sub-commands' usage too (it is assembled at run time).
  QCOMPARE(r[7].exitCode, 0);
  QVERIFY(r[7].out.contains("pwb sweep collect --dir DIR --db PROJECT"));
  QCOMPARE(r[7].out, r[8].out);
}

// SIGTERM to `pwb sweep run` stops its worker: the task reads cancelled (the worker stops training and
// writes its own cancelled marker; the runner would write it for a worker killed outright), the tasks
// not started stay pending, and the run exits 1.
void TestCliSweep::stoppedRunLeavesCancelledTask() {
  QTemporaryDir dir;
  pwb::test::writeTinyBertData(dir.filePath("train.txt").toStdString(), 40, 0);
  pwb::test::writeTinyBertData(dir.filePath("test.txt").toStdString(), 20, 1000);
  write(dir.filePath("sweep.json"), sweepText(1000).replace("\"steps\": 4", "\"steps\": 100000"));
  QProcess p;
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.insert("PWB_NO_BLAS_RESTART", "1");
  p.setProcessEnvironment(env);
  p.start(PWB_CLI, {"sweep", "run", dir.filePath("sweep.json"), "--db", dir.filePath("p.sqlite"), "--dir",
                    dir.filePath("s")});
  QString err;
  for (int i = 0; i < 300 && !err.contains("task 0: started"); ++i) {
    p.waitForReadyRead(100);
    err += QString::fromUtf8(p.readAllStandardError());
  }
  QVERIFY2(err.contains("task 0: started"), qPrintable(err));
  p.terminate();
  QVERIFY(p.waitForFinished(60000));
  err += QString::fromUtf8(p.readAllStandardError());
  QCOMPARE(p.exitCode(), 1);
  QVERIFY2(err.contains("task 0: cancelled"), qPrintable(err));
  const PwbRun status = runPwb({"sweep", "status", "--dir", dir.filePath("s"), "--json"});
  const auto o = QJsonDocument::fromJson(status.out.toUtf8()).object();
  QCOMPARE(o.value("counts").toObject().value("cancelled").toInt(), 1);
  QCOMPARE(o.value("counts").toObject().value("pending").toInt(), 5);
  QCOMPARE(o.value("tasks").toArray().at(0).toObject().value("state").toString(), QString("cancelled"));
}

QTEST_GUILESS_MAIN(TestCliSweep)
#include "test_cli_sweep.moc"
