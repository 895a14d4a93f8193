// The Sweeps view's queue on a real single-node Slurm (the CTest fixture slurm_cluster of tests/app,
// packaging/slurm/local_cluster.sh): Submit to Slurm sends a two-task tiny-bert sweep as one array job, the
// table follows it to done with each task's Slurm job, Collect merges both runs (their job recorded); a
// running task is stopped with Cancel and reads cancelled, and Resubmit Failed sends the failed and the
// cancelled task again to Slurm. Without the cluster (not root, packages missing) the test says why and
// skips, unless PWB_REQUIRE_SLURM=1.
#include <QFile>
#include <QLabel>
#include <QSignalSpy>
#include <QTableWidget>
#include <QtTest>

#include "store/run_store.h"
#include "support/tiny_bert_data.h"
#include "ui/sweep_queue.h"
#include "ui_test_support.h"

using namespace pwb;
using namespace pwb::ui;

namespace {

nlohmann::json tinySweep(const QString& name, const QString& dir, const nlohmann::json& axes) {
  return {{"name", name.toStdString()},
          {"fixed",
           {{"method", "prompt-ft"},
            {"model", PWB_REFERENCE_DIR "/fixtures/tiny-bert"},
            {"test", (dir + "/test.txt").toStdString()},
            {"k", 4},
            {"batch", 4},
            {"steps", 2},
            {"eval-every", 2},
            {"lr", 0.03},
            {"template", "{s} it was [MASK] ."},
            {"verbalizer", "0=terrible;1=great"},
            {"device", "cpu"},
            {"threads", 1}}},
          {"axes", axes}};
}

QString stateOf(const SweepQueue& q, int row) {
  auto* item = q.taskTable()->item(row, 1);
  return item ? item->text() : QString();
}

// Every task's row, for failure messages.
QString table(const SweepQueue& q) {
  QStringList rows;
  for (int r = 0; r < q.taskTable()->rowCount(); ++r) {
    QStringList cells;
    for (int c = 0; c < q.taskTable()->columnCount(); ++c)
      cells << (q.taskTable()->item(r, c) ? q.taskTable()->item(r, c)->text() : QString());
    rows << cells.join(" | ");
  }
  return q.infoLabel()->text() + "\n" + rows.join("\n");
}

}  // namespace

class TestUiSweepSlurm : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;

 private slots:
  void initTestCase() {
    ui::test::isolateSettings();
    const QString clusterDir = QStringLiteral(PWB_SLURM_DIR);
    QFile why(clusterDir + "/unavailable.txt");
    QString reason;
    if (why.open(QIODevice::ReadOnly))
      reason = QString::fromUtf8(why.readAll()).trimmed();
    else if (!QFile::exists(clusterDir + "/slurm.conf"))
      reason = "the CTest fixture slurm_cluster_start did not run (run this test through ctest)";
    else if (qgetenv("SLURM_CONF").isEmpty())
      reason = "SLURM_CONF is not set (run this test through ctest)";
    if (!reason.isEmpty()) {
      if (qgetenv("PWB_REQUIRE_SLURM") == "1")
        QFAIL(qPrintable("the local Slurm is required here: " + reason));
      QSKIP(qPrintable(reason));
    }
    pwb::test::writeTinyBertData(dir_.filePath("train.txt").toStdString(), 40, 0);
    pwb::test::writeTinyBertData(dir_.filePath("test.txt").toStdString(), 24, 100);
  }

  void submitFollowAndCollect() {
    Project project;
    project.create(dir_.filePath(QStringLiteral("slurm.pwbproj")));
    SweepQueue queue(&project);
    queue.setProgram(QStringLiteral(PWB_CLI));
    auto sweep = tinySweep("slurm-gui", dir_.path(), {{"seed", {13, 21}}});
    sweep["fixed"]["train"] = dir_.filePath("train.txt").toStdString();
    QCOMPARE(queue.prepare(sweep), QString());
    QTRY_COMPARE_WITH_TIMEOUT(int(queue.statuses().size()), 2, 10000);
    QSignalSpy finished(&queue, &SweepQueue::finished);
    queue.submitToSlurm();
    QVERIFY(finished.wait(60000));
    QVERIFY2(queue.infoLabel()->text().startsWith(QStringLiteral("Submitted 2 task(s) as Slurm array job")),
             qPrintable(queue.infoLabel()->text()));
    QVERIFY(queue.onSlurm());
    // The queue follows Slurm by itself until both tasks are done, each with its array task as job.
    QTRY_VERIFY2_WITH_TIMEOUT(stateOf(queue, 0) == "done" && stateOf(queue, 1) == "done",
                              qPrintable(table(queue)), 240000);
    const QString job0 = queue.taskTable()->item(0, 2)->text(), job1 = queue.taskTable()->item(1, 2)->text();
    QVERIFY2(job0.endsWith("_0") && job1.endsWith("_1") && job0.section('_', 0, 0) == job1.section('_', 0, 0),
             qPrintable(job0 + " " + job1));

    queue.collect();
    QVERIFY(finished.wait(60000));
    QVERIFY2(queue.infoLabel()->text().contains(QStringLiteral("2 run(s) added")),
             qPrintable(queue.infoLabel()->text()));
    store::RunStore st(project.path().toStdString());
    QStringList jobs;
    for (const auto& r : st.listRuns()) jobs << QString::fromStdString(r.job);
    jobs.sort();
    QCOMPARE(jobs, (QStringList{job0, job1}));
  }

  void cancelAndResubmitOnSlurm() {
    Project project;
    project.create(dir_.filePath(QStringLiteral("cancel.pwbproj")));
    SweepQueue queue(&project);
    queue.setProgram(QStringLiteral(PWB_CLI));
    // Task 0 reads a training file that is not there yet: it fails. Task 1 trains for ten million steps:
    // it runs until it is cancelled. (Pipes are refused as data files, so no task can be made to wait on
    // one.)
    const std::string missing = dir_.filePath("later-train.txt").toStdString();
    const std::string train = dir_.filePath("train.txt").toStdString();
    auto sweep =
        tinySweep("slurm-cancel", dir_.path(), {{"train", {missing, train}}, {"steps", {2, 10000000}}});
    sweep["fixed"].erase("steps");
    sweep["fixed"]["seed"] = 13;
    sweep["exclude"] = {{{"train", missing}, {"steps", 10000000}}, {{"train", train}, {"steps", 2}}};
    QCOMPARE(queue.prepare(sweep), QString());
    QTRY_COMPARE_WITH_TIMEOUT(int(queue.statuses().size()), 2, 10000);
    QSignalSpy finished(&queue, &SweepQueue::finished);
    queue.submitToSlurm();
    QVERIFY(finished.wait(60000));
    QTRY_VERIFY2_WITH_TIMEOUT(stateOf(queue, 0) == "failed" && stateOf(queue, 1) == "running",
                              qPrintable(table(queue)), 120000);

    queue.cancel();  // scancel of every submitted task that has not ended
    QVERIFY(finished.wait(60000));
    QVERIFY2(queue.infoLabel()->text().startsWith(QStringLiteral("Cancelled")), qPrintable(table(queue)));
    QTRY_VERIFY2_WITH_TIMEOUT(stateOf(queue, 1) == "cancelled", qPrintable(table(queue)), 60000);
    QCOMPARE(stateOf(queue, 0), QStringLiteral("failed"));

    // Resubmit Failed sends the failed and the cancelled task, on Slurm because the sweep was submitted
    // there; with its file in place, task 0 is done now.
    pwb::test::writeTinyBertData(missing, 40, 0);
    queue.resubmitFailed();
    QVERIFY(finished.wait(60000));
    QVERIFY2(queue.infoLabel()->text().startsWith(QStringLiteral("Submitted 2 task(s)")) &&
                 queue.infoLabel()->text().contains(QStringLiteral("--array 0-1)")),
             qPrintable(table(queue)));
    QTRY_VERIFY2_WITH_TIMEOUT(stateOf(queue, 0) == "done" && stateOf(queue, 1) == "running",
                              qPrintable(table(queue)), 120000);
    QCOMPARE(queue.runUids().size(), size_t(1));
    queue.cancel();  // leaves the cluster idle
    QVERIFY(finished.wait(60000));
    QTRY_VERIFY2_WITH_TIMEOUT(stateOf(queue, 1) == "cancelled", qPrintable(table(queue)), 60000);
  }
};

QTEST_MAIN(TestUiSweepSlurm)
#include "test_ui_sweep_slurm.moc"
