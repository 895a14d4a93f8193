// Knowledge-probing training from the GUI (offscreen): the Train view's task "Knowledge probing (P@1)"
// disables the verbalizer, enables the dev data set and names the dev axis P@1; a short prompt-ft job on the
// tiny-bert fixture runs on the worker and is stored with P@1 / P@10 / MRR; the Runs view shows it as P@1
// and groups by test P@1 in percent.
#include <qcustomplot.h>

#include <QComboBox>
#include <QFile>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTableWidget>
#include <QtTest>
#include <memory>

#include "probe/probe_import.h"
#include "store/run_store.h"
#include "ui/project.h"
#include "ui/runs_view.h"
#include "ui/train_view.h"
#include "ui_test_support.h"

using namespace pwb;
using namespace pwb::ui;

class TestUiProbeTrain : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  Project* project_ = nullptr;

 private slots:
  void initTestCase() {
    test::isolateSettings();
    project_ = new Project(this);
    test::openDemo(*project_, dir_);
    project_->setModelDir(QStringLiteral(PWB_REFERENCE_DIR "/fixtures/tiny-bert"));
  }

  void probeJobRecordsP1AndRunsViewShowsIt() {
    const QString facts = dir_.filePath(QStringLiteral("facts.jsonl"));
    QFile f(facts);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(
        "{\"sub_label\": \"france\", \"obj_label\": \"paris\"}\n"
        "{\"sub_label\": \"china\", \"obj_label\": \"shanghai\"}\n"
        "{\"sub_label\": \"disney\", \"obj_label\": \"films\"}\n"
        "{\"sub_label\": \"news\", \"obj_label\": \"world\"}\n"
        "{\"sub_label\": \"sports\", \"obj_label\": \"business\"}\n"
        "{\"sub_label\": \"science\", \"obj_label\": \"question\"}\n");
    f.close();
    DatasetItem item;
    item.name = QStringLiteral("capitals-tiny");
    item.path = facts;
    item.format = QStringLiteral("jsonl");
    item.options.labelColumn = "obj_label";
    item.data = std::make_shared<const data::Dataset>(probe::importProbeSet(facts.toStdString()).data);
    const int d = project_->addDataset(item);
    const int t = project_->addTemplate(QStringLiteral("capital"),
                                        QStringLiteral("the capital of {sub_label} is [MASK] ."));

    TrainView view(project_);
    view.resize(1200, 800);
    view.show();
    auto* task = view.findChild<QComboBox*>(QStringLiteral("task"));
    auto* dev = view.findChild<QComboBox*>(QStringLiteral("dev"));
    auto* tmpl = view.findChild<QComboBox*>(QStringLiteral("template"));
    auto* lr = view.findChild<QLineEdit*>(QStringLiteral("lr"));
    QVERIFY(task && dev && tmpl && lr);
    QVERIFY(!dev->isEnabled());
    task->setCurrentIndex(task->findData(QStringLiteral("probe")));
    QVERIFY(dev->isEnabled());
    QVERIFY(view.lossPlot()->yAxis2->label().contains(QStringLiteral("P@1")));
    tmpl->setCurrentIndex(t);
    view.setDatasets(d, d);
    dev->setCurrentIndex(d);
    view.setMethod(QStringLiteral("prompt-ft"));
    view.setSeeds(QStringLiteral("13"));
    view.setBatchSize(3);
    view.setMaxLength(32);
    view.setSteps(100, 50);  // 100 steps learn at every seed (test_probe_training)
    view.setDevice(QStringLiteral("cpu"));
    view.setSaveState(false);
    lr->setText(QStringLiteral("0.003"));
    const auto r = view.requestFromForm();
    QCOMPARE(r.task, std::string("probe"));
    QCOMPARE(r.devPath, facts.toStdString());
    QVERIFY(r.verbalizer.empty());

    QSignalSpy finished(&view, &TrainView::runFinished);
    view.startQueue();
    QVERIFY2(view.isRunning(), qPrintable(view.statusText()));
    QVERIFY(finished.wait(120000));
    const auto result = finished.takeFirst().at(0).value<train::TrainResult>();
    QCOMPARE(result.status, train::RunStatus::Finished);
    QVERIFY(result.seeds[0].hasTestAccuracy);
    QVERIFY(result.seeds[0].testAccuracy > 0.3);  // 0 zero-shot (test_probe_training)
    QVERIFY2(view.statusText().contains(QStringLiteral("P@1")), qPrintable(view.statusText()));
    QCOMPARE(view.devPoints(0)->dataCount(), 2);
    auto* log = view.findChild<QPlainTextEdit*>();
    QVERIFY(log);
    QVERIFY2(log->toPlainText().contains(QStringLiteral("seed 13: test P@1 ")),
             qPrintable(log->toPlainText()));

    store::RunStore store(project_->path().toStdString());
    const auto runs = store.listRuns();
    const auto it = std::find_if(runs.begin(), runs.end(), [](const store::RunRecord& run) {
      return run.results.contains("test_p_at_1");
    });
    QVERIFY(it != runs.end());
    QCOMPARE(it->config["task"].get<std::string>(), std::string("probe"));
    const double p1 = it->results["test_p_at_1"].get<double>();
    QCOMPARE(p1, result.seeds[0].testAccuracy);

    RunsView runsView(project_);
    runsView.resize(1200, 800);
    runsView.show();
    QSignalSpy refreshed(&runsView, &RunsView::refreshed);
    runsView.refresh();
    QVERIFY(refreshed.wait(10000));
    int row = -1;
    for (int i = 0; i < runsView.runsTable()->rowCount(); ++i)
      if (runsView.runsTable()->item(i, 0)->text() == QString::number(it->id)) row = i;
    QVERIFY(row >= 0);
    const QString cell = runsView.runsTable()->item(row, 6)->text();
    QVERIFY2(cell.startsWith(QStringLiteral("P@1 ")), qPrintable(cell));
    QVERIFY2(cell.contains(QString::number(100 * p1, 'f', 1)), qPrintable(cell));
    QVERIFY(runsView.runsTable()->item(row, 7)->text().startsWith(QStringLiteral("P@1 ")));
    auto* metric = runsView.findChild<QComboBox*>(QStringLiteral("metric"));
    QVERIFY(metric);
    QVERIFY(metric->findData(QStringLiteral("test_p_at_1")) >= 0);
    QVERIFY(metric->findData(QStringLiteral("test_mrr")) >= 0);
  }
};

QTEST_MAIN(TestUiProbeTrain)
#include "test_ui_probe_train.moc"
