// Sweeps view: the builder's sweep file and run count (hand count, random count, a located error, saved
// file parsed back); the queue running a real two-task sweep of tiny-bert with local worker processes,
// collecting it (twice: nothing added the second time) and resubmitting a failed task; the results (best
// configuration per method, test mean (std), bars ± std, seed points) equal the core's summary.
#include <qcustomplot.h>

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QtTest>
#include <cmath>

#include "store/run_store.h"
#include "store/sweep_summary.h"
#include "sweep/sweep_dir.h"
#include "sweep/sweep_expand.h"
#include "sweep/sweep_spec.h"
#include "ui/parallel_coordinates.h"
#include "ui/sweep_builder.h"
#include "ui/sweep_queue.h"
#include "ui/sweep_results.h"
#include "ui/sweeps_view.h"
#include "ui_test_support.h"

using namespace pwb;
using namespace pwb::ui;

namespace {

void addRun(store::RunStore& st, const std::string& method, double lr, int64_t seed, double dev,
            double test) {
  store::RunRecord r;
  r.method = method;
  r.seed = seed;
  r.name = method + " seed " + std::to_string(seed);
  r.config = {{"model", "models/tiny-bert"}, {"k", 16}, {"lr", lr}, {"batch_size", 8}, {"seed", seed}};
  const int64_t id = st.createRun(r);
  st.finishRun(id, store::RunStatus::Finished, {{"best_dev_accuracy", dev}, {"test_accuracy", test}});
}

// The first and last n lines of a label-space file (the SST-2 files are sorted by label).
void slice(const QString& from, int n, const QString& to) {
  QFile in(from);
  QVERIFY(in.open(QIODevice::ReadOnly));
  const QStringList lines = QString::fromUtf8(in.readAll()).split('\n', Qt::SkipEmptyParts);
  QFile out(to);
  QVERIFY(out.open(QIODevice::WriteOnly));
  for (int i = 0; i < n; ++i) out.write((lines[i] + "\n").toUtf8());
  for (int i = int(lines.size()) - n; i < int(lines.size()); ++i) out.write((lines[i] + "\n").toUtf8());
}

}  // namespace

class TestUiSweeps : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { test::isolateSettings(); }

  void builderCountsTheRuns() {
    QTemporaryDir dir;
    Project project;
    test::openDemo(project, dir);
    SweepBuilder b(&project);
    // prompt-ft (checked by default) and prompt tuning; the first template and verbalizer (checked in a
    // new list); 2 lr x 2 seeds for both, x 2 prompt lengths for prompt tuning only: 4 + 8 = 12 runs.
    b.methodList()->item(1)->setCheckState(Qt::Checked);
    b.seedsEdit()->setText(QStringLiteral("13, 21"));
    b.kEdit()->setText(QStringLiteral("16"));
    b.lrEdit()->setText(QStringLiteral("1e-5 2e-5"));
    b.batchEdit()->setText(QStringLiteral("8"));
    b.promptLengthEdit()->setText(QStringLiteral("4, 8"));
    b.stepsSpin()->setValue(10);
    QVERIFY2(b.runCount() == 12, qPrintable(b.summary()));
    QVERIFY(b.estimatedSeconds() > 0);
    QVERIFY2(b.summary().startsWith(QStringLiteral("12 run")), qPrintable(b.summary()));
    const auto j = b.sweepJson();
    QCOMPARE(j["axes"]["method"], (nlohmann::json{"prompt-ft", "prompt-tuning"}));
    QCOMPARE(j["axes"]["template"], (nlohmann::json{project.templates()[0].text.toStdString()}));
    QCOMPARE(j["axes"]["verbalizer"], (nlohmann::json{project.verbalizers()[0].toSpec().toStdString()}));
    QCOMPARE(j["axes"]["soft-tokens"], (nlohmann::json{4, 8}));
    QVERIFY(!j["axes"].contains("prefix-length"));  // no P-tuning v2 in this sweep
    QCOMPARE(j["fixed"]["model"].get<std::string>(), project.modelDir().toStdString());
    QCOMPARE(j["fixed"]["steps"].get<int>(), 10);

    // Random: 5 of the 12, drawn with a seed.
    b.modeBox()->setCurrentIndex(1);
    b.countSpin()->setValue(5);
    QCOMPARE(b.runCount(), int64_t(5));
    QCOMPARE(b.sweepJson()["count"].get<int>(), 5);

    // A wrong list names the field; no count.
    b.lrEdit()->setText(QStringLiteral("1e-5, fast"));
    QCOMPARE(b.runCount(), int64_t(-1));
    QVERIFY2(b.summary().contains(QStringLiteral("learning rates: 'fast' is not a number")),
             qPrintable(b.summary()));
    b.lrEdit()->setText(QStringLiteral("1e-5 2e-5"));

    // The saved file is a sweep file pwb reads: the same 5 runs.
    const QString path = dir.filePath(QStringLiteral("s.json"));
    QCOMPARE(b.saveTo(path), QString());
    const auto spec = sweep::parseSweepFile(path.toStdString());
    QCOMPARE(int(sweep::expandSweep(spec).size()), 5);
  }

  void resultsEqualTheCoreSummary() {
    QTemporaryDir dir;
    Project project;
    project.create(dir.filePath(QStringLiteral("r.pwbproj")));
    {
      store::RunStore st(project.path().toStdString());
      // lr 1e-5: dev .80 .70 .90, test .70 .72 .74; lr 2e-5: dev .85 x3 (best), test .60 .62 .61.
      addRun(st, "prompt-ft", 1e-5, 13, 0.80, 0.70);
      addRun(st, "prompt-ft", 1e-5, 21, 0.70, 0.72);
      addRun(st, "prompt-ft", 1e-5, 42, 0.90, 0.74);
      addRun(st, "prompt-ft", 2e-5, 13, 0.85, 0.60);
      addRun(st, "prompt-ft", 2e-5, 21, 0.85, 0.62);
      addRun(st, "prompt-ft", 2e-5, 42, 0.85, 0.61);
      addRun(st, "fine-tune", 1e-5, 13, 0.60, 0.55);
    }
    SweepResults results(&project);
    results.resize(1000, 700);
    QSignalSpy refreshed(&results, &SweepResults::refreshed);
    results.setSelection({}, true, QString());
    QVERIFY(refreshed.wait(10000));
    QTableWidget* best = results.bestTable();
    QCOMPARE(best->rowCount(), 2);
    QCOMPARE(best->item(0, 0)->text(), QStringLiteral("fine-tune"));
    QCOMPARE(best->item(1, 0)->text(), QStringLiteral("prompt-ft"));
    QCOMPARE(best->item(1, 1)->text(), QStringLiteral("prompt-ft · lr 2e-5"));
    QCOMPARE(best->item(1, 2)->text(), QStringLiteral("2"));
    QCOMPARE(best->item(1, 3)->text(), QStringLiteral("3"));
    QCOMPARE(best->item(1, 4)->text(), QStringLiteral("85.0 (0.0)"));
    QCOMPARE(best->item(1, 5)->text(), QStringLiteral("61.0 (0.8)"));  // sqrt(2e-4 / 3) = 0.0082
    QCOMPARE(best->item(0, 5)->text(), QStringLiteral("55.0 (0.0)"));
    // Bars: test mean ± population std of each best configuration, seed points in seed order.
    QCustomPlot* plot = results.barPlot();
    auto* bars = qobject_cast<QCPBars*>(plot->plottable(0));
    QVERIFY(bars);
    QCOMPARE(bars->data()->size(), 2);
    QVERIFY(std::abs(bars->data()->at(1)->value - 61.0) < 1e-9);
    auto* errors = qobject_cast<QCPErrorBars*>(plot->plottable(1));
    QVERIFY(std::abs(errors->data()->at(1).errorPlus - 100.0 * std::sqrt(2e-4 / 3)) < 1e-9);
    auto* seeds = plot->graph(0);
    QCOMPARE(seeds->data()->size(), 4);
    QVERIFY(std::abs(seeds->data()->at(1)->value - 60.0) < 1e-9);
    QVERIFY(std::abs(seeds->data()->at(2)->value - 62.0) < 1e-9);
    QVERIFY(std::abs(seeds->data()->at(3)->value - 61.0) < 1e-9);
    // The plot shows every run on the settings that vary (method, lr) and the metric; model, K and batch
    // size, the same for every run, have no axis until chosen in the Axes menu.
    QCOMPARE(int(results.parallel()->lineOf(4).size()), 3);
    QCOMPARE(results.parallel()->visibleParams(), (QStringList{"method", "lr"}));
    QCOMPARE(results.parallel()->axes()[1].key, std::string("lr"));
    QCOMPARE(results.parallel()->axes().back().key, std::string("best_dev_accuracy"));
    // Choosing a best configuration selects its first run in the plot.
    best->setCurrentCell(1, 0);
    QCOMPARE(results.parallel()->selectedRun(), qint64(4));
  }

  void queueRunsCollectsAndResubmits() {
    QTemporaryDir dir;
    Project project;
    project.create(dir.filePath(QStringLiteral("q.pwbproj")));
    const QString sst = QStringLiteral(PWB_SOURCE_DIR) + "/resources/data/sst2/";
    slice(sst + "stsa.binary.train", 12, dir.filePath("train.txt"));
    slice(sst + "stsa.binary.test", 6, dir.filePath("test.txt"));
    const nlohmann::json sweepFile = {{"name", "tiny"},
                                      {"fixed",
                                       {{"model", PWB_REFERENCE_DIR "/fixtures/tiny-bert"},
                                        {"train", dir.filePath("train.txt").toStdString()},
                                        {"test", dir.filePath("test.txt").toStdString()},
                                        {"k", 4},
                                        {"steps", 2},
                                        {"batch", 4},
                                        {"eval-every", 2},
                                        {"threads", 1}}},
                                      {"axes", {{"method", {"prompt-ft"}}, {"seed", {13, 21}}}}};
    SweepQueue queue(&project);
    queue.setProgram(QStringLiteral(PWB_CLI));
    QCOMPARE(queue.prepare(sweepFile), QString());
    QCOMPARE(queue.sweepDir(), SweepQueue::defaultSweepDir(project.path(), QStringLiteral("tiny")));
    QTRY_COMPARE_WITH_TIMEOUT(int(queue.statuses().size()), 2, 10000);
    QCOMPARE(queue.taskTable()->item(0, 1)->text(), QStringLiteral("pending"));

    QSignalSpy finished(&queue, &SweepQueue::finished);
    QSignalSpy collected(&queue, &SweepQueue::collected);
    queue.workersSpin()->setValue(2);
    queue.runLocally();
    QVERIFY(queue.busy());
    QVERIFY(finished.wait(180000));
    QVERIFY2(queue.infoLabel()->text().contains(QStringLiteral("2 done")),
             qPrintable(queue.infoLabel()->text()));
    QCOMPARE(collected.count(), 1);
    QCOMPARE(collected.first().first().toInt(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(int(queue.runUids().size()), 2, 10000);
    QCOMPARE(queue.taskTable()->item(1, 1)->text(), QStringLiteral("done"));
    {
      store::RunStore st(project.path().toStdString());
      const auto runs = st.listRuns();
      QCOMPARE(int(runs.size()), 2);
      for (const auto& r : runs)
        QVERIFY(std::find(queue.runUids().begin(), queue.runUids().end(), r.uid) != queue.runUids().end());
    }
    // Collecting again adds nothing.
    queue.collect();
    QVERIFY(finished.wait(30000));
    QVERIFY2(queue.infoLabel()->text().contains(QStringLiteral("0 run(s) added, 2 already in the project")),
             qPrintable(queue.infoLabel()->text()));

    // A task that failed (its exit marker says so) is run again by Resubmit Failed, alone.
    const sweep::SweepDir sd(queue.sweepDir().toStdString());
    sd.resetTask(1);
    sweep::ExitMarker failed;
    failed.exitCode = 1;
    failed.status = "failed";
    failed.message = "test: made to fail";
    sd.writeExit(1, failed);
    queue.refresh();
    QTRY_COMPARE_WITH_TIMEOUT(queue.taskTable()->item(1, 1)->text(), QStringLiteral("failed"), 10000);
    queue.resubmitFailed();
    QVERIFY(finished.wait(180000));
    QVERIFY2(queue.infoLabel()->text().contains(QStringLiteral("Ran 1 task(s): 1 done")),
             qPrintable(queue.infoLabel()->text()));
    QTRY_COMPARE_WITH_TIMEOUT(queue.taskTable()->item(1, 1)->text(), QStringLiteral("done"), 10000);
  }

  // Cancel stops the local workers: the running task (ten million steps) reads cancelled, and its runs are
  // not collected.
  void cancelStopsTheLocalWorkers() {
    QTemporaryDir dir;
    Project project;
    project.create(dir.filePath(QStringLiteral("c.pwbproj")));
    const QString sst = QStringLiteral(PWB_SOURCE_DIR) + "/resources/data/sst2/";
    slice(sst + "stsa.binary.train", 12, dir.filePath("train.txt"));
    slice(sst + "stsa.binary.test", 6, dir.filePath("test.txt"));
    const nlohmann::json sweepFile = {{"name", "long"},
                                      {"fixed",
                                       {{"model", PWB_REFERENCE_DIR "/fixtures/tiny-bert"},
                                        {"train", dir.filePath("train.txt").toStdString()},
                                        {"test", dir.filePath("test.txt").toStdString()},
                                        {"k", 4},
                                        {"steps", 10000000},
                                        {"batch", 4},
                                        {"eval-every", 0},
                                        {"threads", 1}}},
                                      {"axes", {{"method", {"prompt-ft"}}, {"seed", {13}}}}};
    SweepQueue queue(&project);
    queue.setProgram(QStringLiteral(PWB_CLI));
    QCOMPARE(queue.prepare(sweepFile), QString());
    QTRY_COMPARE_WITH_TIMEOUT(int(queue.statuses().size()), 1, 10000);
    QSignalSpy finished(&queue, &SweepQueue::finished);
    queue.runLocally();
    QTRY_COMPARE_WITH_TIMEOUT(queue.taskTable()->item(0, 1)->text(), QStringLiteral("running"), 60000);
    queue.cancel();
    QVERIFY(finished.wait(60000));
    QVERIFY2(queue.infoLabel()->text().contains(QStringLiteral("1 cancelled")),
             qPrintable(queue.infoLabel()->text()));
    QTRY_COMPARE_WITH_TIMEOUT(queue.taskTable()->item(0, 1)->text(), QStringLiteral("cancelled"), 10000);
    store::RunStore st(project.path().toStdString());
    QVERIFY(st.listRuns().empty());
  }

  void viewWritesTheBuildersSweep() {
    QTemporaryDir dir;
    Project project;
    test::openDemo(project, dir);
    SweepsView view(&project);
    view.builder()->nameEdit()->setText(QStringLiteral("demo-lr"));
    view.builder()->seedsEdit()->setText(QStringLiteral("13"));
    QVERIFY2(view.builder()->runCount() == 9, qPrintable(view.builder()->summary()));  // 3 lr x 3 batch
    QCOMPARE(view.createSweepFolder(), QString());
    QCOMPARE(view.queue()->sweepDir(),
             SweepQueue::defaultSweepDir(project.path(), QStringLiteral("demo-lr")));
    QVERIFY(QFile::exists(view.queue()->sweepDir() + QStringLiteral("/plan.json")));
    QTRY_COMPARE_WITH_TIMEOUT(view.queue()->taskTable()->rowCount(), 9, 10000);
  }
};

QTEST_MAIN(TestUiSweeps)
#include "test_ui_sweeps.moc"
