// A sweep through a real Slurm: the single-node cluster of packaging/slurm/local_cluster.sh (started by
// the CTest fixture slurm_cluster, SLURM_CONF points at it). Tiny-bert runs submitted with
// `pwb sweep submit`, followed with `pwb sweep status`, collected with `pwb sweep collect`, must equal the
// same sweep run by `pwb sweep run`; a running task killed by `pwb sweep cancel` reads cancelled and is
// resubmitted alone by `pwb sweep resubmit`. Without the cluster (not root, packages missing) the test says
// why and skips, unless PWB_REQUIRE_SLURM=1 (packaging/setup.sh test as root), where that is a failure.
#include <sys/stat.h>
#include <sys/types.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>
#include <map>
#include <set>

#include "pwb_process.h"
#include "store/run_store.h"
#include "support/tiny_bert_data.h"

using pwb::test::PwbRun;
using pwb::test::runPwb;

namespace {

// Runs keyed by their settings (lr, seed, steps), with test accuracy, the last training loss and Slurm job.
struct Collected {
  std::map<QString, double> accuracy, dev, loss;
  std::map<QString, QString> job;
  QStringList jobs;  // of every run
  int count = 0;
};

Collected readProject(const QString& db) {
  pwb::store::RunStore store(db.toStdString());
  Collected c;
  for (const auto& r : store.listRuns()) {
    const QString key = QString("lr=%1 seed=%2")
                            .arg(r.config.value("lr", 0.0))
                            .arg(r.seed ? static_cast<long long>(*r.seed) : -1);
    c.accuracy[key] = r.results.value("test_accuracy", -1.0);
    c.dev[key] = r.results.value("best_dev_accuracy", -1.0);
    const auto losses = store.runMetrics(r.id, "loss");
    c.loss[key] = losses.empty() ? -1.0 : losses.back().value;
    c.job[key] = QString::fromStdString(r.job);
    c.jobs << QString::fromStdString(r.job);
    ++c.count;
  }
  return c;
}

QString slurmCommand(const QStringList& args) {
  QProcess p;
  p.start(args.first(), args.mid(1));
  p.waitForFinished(30000);
  return QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
}

}  // namespace

// Skips (or fails, with PWB_REQUIRE_SLURM=1) a test that needs the cluster, saying why.
#define REQUIRE_CLUSTER()                                                \
  do {                                                                   \
    if (!noCluster_.isEmpty()) {                                         \
      if (qgetenv("PWB_REQUIRE_SLURM") == "1")                           \
        QFAIL(qPrintable("the local Slurm is required: " + noCluster_)); \
      QSKIP(qPrintable(noCluster_));                                     \
    }                                                                    \
  } while (false)

class TestSweepSlurm : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    pwb::test::writeTinyBertData(dir_.filePath("train.txt").toStdString(), 40, 0);
    pwb::test::writeTinyBertData(dir_.filePath("test.txt").toStdString(), 24, 100);
    const QString clusterDir = QStringLiteral(PWB_SLURM_DIR);
    QFile why(clusterDir + "/unavailable.txt");
    if (why.open(QIODevice::ReadOnly))
      noCluster_ = QString::fromUtf8(why.readAll()).trimmed();
    else if (!QFile::exists(clusterDir + "/slurm.conf"))
      noCluster_ = "the CTest fixture slurm_cluster_start did not run (run this test through ctest)";
    else if (qgetenv("SLURM_CONF").isEmpty())
      noCluster_ = "SLURM_CONF is not set (run this test through ctest)";
    if (noCluster_.isEmpty())
      qInfo("local Slurm: %s",
            qPrintable(slurmCommand({"sinfo", "-h", "-N", "-o", "%N %t %c CPUs"}).trimmed()));
    else
      qInfo("no local Slurm: %s", qPrintable(noCluster_));
  }

  // Without sbatch on PATH, submit says so and changes nothing; the local runner still runs the sweep.
  void withoutSbatchTheLocalRunnerStillWorks() {
    QTemporaryDir emptyPath;
    QProcessEnvironment env;
    env.insert("PATH", emptyPath.path());
    const QString sweep = writeSweep("nosbatch", R"("seed": [13])",
                                     R"("steps": 2, "train": "train.txt", "test": "test.txt", "lr": 0.03)");
    const QString dir = dir_.filePath("nosbatch-sweep");
    const PwbRun submit = pwb::test::runPwbAll({{"sweep", "submit", sweep, "--dir", dir}}, env).first();
    QCOMPARE(submit.exitCode, 1);
    QVERIFY2(submit.err.contains("sbatch is not installed or not on PATH") &&
                 submit.err.contains("`pwb sweep run`"),
             qPrintable(submit.err));
    QVERIFY(!QFile::exists(dir));
    const QString db = dir_.filePath("nosbatch.sqlite");
    const PwbRun run =
        pwb::test::runPwbAll({{"sweep", "run", sweep, "--db", db, "--dir", dir, "--quiet"}}, env, 1, 300000)
            .first();
    QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
    QCOMPARE(readProject(db).count, 1);
  }

  // Four tiny-bert runs (2 learning rates x 2 seeds, 10 steps) through Slurm and locally: same runs, same
  // test and dev accuracies.
  void slurmSweepEqualsLocalSweep() {
    REQUIRE_CLUSTER();
    const QString sweep = writeSweep("grid", R"("lr": [0.01, 0.1], "seed": [13, 21])",
                                     R"("steps": 10, "train": "train.txt", "test": "test.txt")");
    const QString slurmDir = dir_.filePath("slurm-sweep");
    const PwbRun submit = runPwb({"sweep", "submit", sweep, "--dir", slurmDir, "--max-parallel", "2",
                                  "--cpus-per-task", "1", "--time", "10:00", "--job-name", "pwb-test"});
    QVERIFY2(submit.exitCode == 0, qPrintable(submit.out + submit.err));
    const QString job = jobOf(submit.out);
    QVERIFY2(!job.isEmpty(), qPrintable(submit.out));
    QVERIFY2(submit.out.contains("--array=0-3%2"), qPrintable(submit.out));
    // The submission is on record for other shells.
    QVERIFY(QFile::exists(slurmDir + "/slurm/submissions.json"));
    QVERIFY(QFile::exists(slurmDir + "/slurm/" + job + ".sbatch"));

    // Submitting again sends nothing: every task is queued, running or done.
    const PwbRun again = runPwb({"sweep", "submit", sweep, "--dir", slurmDir});
    QVERIFY2(again.exitCode == 0 && again.out.contains("Nothing to submit"),
             qPrintable(again.out + again.err));

    QVERIFY2(waitForExitMarkers(slurmDir, {0, 1, 2, 3}, 600), qPrintable(status(slurmDir)));
    // pwb sweep status: every task done, with its Slurm job.
    for (int i = 0; i < 4; ++i) {
      QCOMPARE(taskField(slurmDir, i, "state"), QString("done"));
      QCOMPARE(taskField(slurmDir, i, "job"), QString("%1_%2").arg(job).arg(i));
    }
    // Slurm's own log of each task is under the sweep folder.
    QVERIFY(QFile::exists(slurmDir + "/logs/slurm-" + job + "_0.out"));

    const QString slurmDb = dir_.filePath("slurm.sqlite");
    const PwbRun c1 = runPwb({"sweep", "collect", "--dir", slurmDir, "--db", slurmDb});
    QVERIFY2(c1.exitCode == 0, qPrintable(c1.out + c1.err));
    const PwbRun c2 = runPwb({"sweep", "collect", "--dir", slurmDir, "--db", slurmDb});
    QVERIFY2(c2.exitCode == 0, qPrintable(c2.out + c2.err));
    const Collected viaSlurm = readProject(slurmDb);
    QCOMPARE(viaSlurm.count, 4);  // collecting twice adds nothing

    const QString localDir = dir_.filePath("local-sweep");
    const QString localDb = dir_.filePath("local.sqlite");
    const PwbRun local = runPwb(
        {"sweep", "run", sweep, "--db", localDb, "--dir", localDir, "--workers", "2", "--quiet"}, 600000);
    QVERIFY2(local.exitCode == 0, qPrintable(local.out + local.err));
    const PwbRun c3 = runPwb({"sweep", "collect", "--dir", localDir, "--db", localDb});
    QVERIFY2(c3.exitCode == 0, qPrintable(c3.out + c3.err));
    const Collected locally = readProject(localDb);
    QCOMPARE(locally.count, 4);

    for (const auto& [key, acc] : viaSlurm.accuracy)
      qInfo("%s: test accuracy %.4f, dev %.4f via Slurm (%s); %.4f, %.4f locally", qPrintable(key), acc,
            viaSlurm.dev.at(key), qPrintable(viaSlurm.job.at(key)),
            locally.accuracy.count(key) ? locally.accuracy.at(key) : -1.0,
            locally.dev.count(key) ? locally.dev.at(key) : -1.0);
    for (const auto& [key, acc] : locally.accuracy) {
      QVERIFY2(viaSlurm.accuracy.count(key), qPrintable(key));
      QVERIFY2(acc >= 0, qPrintable(key));
      QCOMPARE(viaSlurm.accuracy.at(key), acc);
      QCOMPARE(viaSlurm.dev.at(key), locally.dev.at(key));
      QCOMPARE(viaSlurm.loss.at(key), locally.loss.at(key));
      QVERIFY2(locally.job.at(key).isEmpty(), qPrintable(locally.job.at(key)));
      // The Slurm job of each run: <array job>_<task index>.
      QVERIFY2(viaSlurm.job.at(key).startsWith(job + "_"), qPrintable(key + ": " + viaSlurm.job.at(key)));
    }
    // The runs differ from each other, so equal numbers mean the same runs. Accuracies alone cannot show it:
    // on tiny-bert, 10 steps leave most seeds at 0.5 (16 seeds of the same run: 15 at 0.5, 1 at 0.75); the
    // last training loss differs by seed and learning rate.
    std::set<double> distinct;
    for (const auto& [key, loss] : locally.loss) {
      QVERIFY2(loss > 0, qPrintable(key));
      distinct.insert(loss);
    }
    QVERIFY2(distinct.size() == 4, "the four runs should not all end at the same loss");
    std::set<QString> jobs;
    for (const auto& [key, j] : viaSlurm.job) jobs.insert(j);
    QCOMPARE(int(jobs.size()), 4);
  }

  // sbatch's refusal is quoted; nothing is recorded, so a corrected submit sends every task.
  void sbatchRefusalIsQuoted() {
    REQUIRE_CLUSTER();
    const QString sweep = writeSweep("refused", R"("seed": [13, 21])",
                                     R"("steps": 2, "train": "train.txt", "test": "test.txt", "lr": 0.03)");
    const QString dir = dir_.filePath("refused-sweep");
    const PwbRun bad = runPwb({"sweep", "submit", sweep, "--dir", dir, "--partition", "nosuch"});
    QCOMPARE(bad.exitCode, 1);
    QVERIFY2(bad.err.contains("sbatch failed (exit 1): sbatch: error: invalid partition specified: nosuch"),
             qPrintable(bad.err));
    QVERIFY(!QFile::exists(dir + "/slurm/submissions.json"));
    const PwbRun badTime = runPwb({"sweep", "submit", sweep, "--dir", dir, "--time", "2h"});
    QCOMPARE(badTime.exitCode, 1);
    QVERIFY2(badTime.err.contains("--time: '2h' is not a Slurm time"), qPrintable(badTime.err));
    const PwbRun good = runPwb({"sweep", "submit", sweep, "--dir", dir, "--partition", "debug"});
    QVERIFY2(
        good.exitCode == 0 && good.out.contains("Submitted 2 tasks") && good.out.contains("(--array=0-1,"),
        qPrintable(good.out + good.err));
    QVERIFY2(waitForExitMarkers(dir, {0, 1}, 300), qPrintable(status(dir)));
  }

  // Task 1 evaluates on 600,000 test examples (about a minute): it is still running when `pwb sweep cancel`
  // kills it. It reads cancelled; its test file cut to 24 examples, `pwb sweep resubmit` sends it alone and
  // it completes.
  void cancelledTaskIsResubmittedAlone() {
    REQUIRE_CLUSTER();
    const QString slowTest = dir_.filePath("slow-test.txt");
    pwb::test::writeTinyBertData(slowTest.toStdString(), 600000, 100);
    const QString sweep = writeSweep("cancel", R"("test": ["test.txt", "slow-test.txt"])",
                                     R"("train": "train.txt", "steps": 2, "seed": 13, "lr": 0.03)");
    const QString dir = dir_.filePath("cancel-sweep");
    const PwbRun submit = runPwb({"sweep", "submit", sweep, "--dir", dir});
    QVERIFY2(submit.exitCode == 0, qPrintable(submit.out + submit.err));
    const QString job = jobOf(submit.out);
    QVERIFY(waitForExitMarkers(dir, {0}, 300));
    QVERIFY2(waitFor([&] { return QFile::exists(dir + "/tasks/1.start"); }, 60), qPrintable(status(dir)));
    QVERIFY2(taskField(dir, 1, "state") == "running", qPrintable(status(dir)));
    QCOMPARE(taskField(dir, 1, "job"), job + "_1");

    const PwbRun cancel = runPwb({"sweep", "cancel", "--dir", dir, "--index", "1"});
    QVERIFY2(cancel.exitCode == 0 && cancel.out.contains(job + "_1"), qPrintable(cancel.out + cancel.err));
    QVERIFY2(waitFor([&] { return taskField(dir, 1, "state") == "cancelled"; }, 60), qPrintable(status(dir)));
    QCOMPARE(taskField(dir, 0, "state"), QString("done"));
    QVERIFY2(slurmCommand({"scontrol", "-o", "show", "job", job + "_1"}).contains("JobState=CANCELLED"),
             qPrintable(slurmCommand({"scontrol", "-o", "show", "job", job + "_1"})));

    pwb::test::writeTinyBertData(slowTest.toStdString(), 24, 100);
    const PwbRun resubmit = runPwb({"sweep", "resubmit", "--dir", dir});
    QVERIFY2(resubmit.exitCode == 0, qPrintable(resubmit.out + resubmit.err));
    QVERIFY2(resubmit.out.contains("Submitted 1 task") && resubmit.out.contains("(--array=1,"),
             qPrintable(resubmit.out));
    const QString job2 = jobOf(resubmit.out);
    QVERIFY(job2 != job);
    QVERIFY2(waitForExitMarkers(dir, {1}, 300), qPrintable(status(dir)));
    const QString db = dir_.filePath("cancel.sqlite");
    const PwbRun c = runPwb({"sweep", "collect", "--dir", dir, "--db", db});
    QVERIFY2(c.exitCode == 0, qPrintable(c.out + c.err));
    const Collected runs = readProject(db);
    QCOMPARE(runs.count, 2);
    QStringList jobs = runs.jobs;
    jobs.sort();
    QCOMPARE(jobs, QStringList({job + "_0", job2 + "_1"}));
    // Nothing is left to resubmit.
    const PwbRun none = runPwb({"sweep", "resubmit", "--dir", dir});
    QVERIFY2(none.exitCode == 0 && none.out.contains("Nothing to resubmit"), qPrintable(none.out + none.err));
  }

 private:
  QTemporaryDir dir_;
  QString noCluster_;  // why the local Slurm is not there; empty when it is

  QString writeSweep(const QString& name, const QString& axes, const QString& fixedExtra) {
    const QString path = dir_.filePath(name + ".json");
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return {};
    f.write(QString(R"({
  "name": "%1",
  "fixed": {"method": "prompt-ft", "model": "%2", "k": 8, "batch": 4,
            "eval-every": 5, "template": "{s} it was [MASK] .", "verbalizer": "0=terrible;1=great",
            "device": "cpu", "threads": 1, %3},
  "axes": {%4}
}
)")
                .arg(name, QStringLiteral(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert", fixedExtra, axes)
                .toUtf8());
    return path;
  }

  static QString jobOf(const QString& out) {
    const auto m = QRegularExpression("Slurm array job (\\d+)").match(out);
    return m.hasMatch() ? m.captured(1) : QString();
  }

  static QString status(const QString& dir) {
    const PwbRun r = runPwb({"sweep", "status", "--dir", dir});
    return r.out + r.err;
  }

  // A field of task `index` in `pwb sweep status --json`.
  static QString taskField(const QString& dir, int index, const QString& field) {
    const PwbRun r = runPwb({"sweep", "status", "--dir", dir, "--json"});
    for (const auto& t : QJsonDocument::fromJson(r.out.toUtf8()).object()["tasks"].toArray())
      if (t.toObject()["index"].toInt() == index) return t.toObject()[field].toString();
    return "(no task " + QString::number(index) + " in: " + r.out + r.err + ")";
  }

  template <typename F>
  static bool waitFor(F done, int seconds) {
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < seconds * 1000LL) {
      if (done()) return true;
      QThread::msleep(300);
    }
    return done();
  }

  static bool waitForExitMarkers(const QString& dir, const QList<int>& indices, int seconds) {
    return waitFor(
        [&] {
          for (int i : indices)
            if (!QFile::exists(QString("%1/tasks/%2.exit").arg(dir).arg(i))) return false;
          return true;
        },
        seconds);
  }
};

QTEST_MAIN(TestSweepSlurm)
#include "test_sweep_slurm.moc"
