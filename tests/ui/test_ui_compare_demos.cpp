// The Compare view with in-context demonstrations (issue 14), offscreen on the demo project: the controls
// reach the grid request (sampling, sets, per class, each run's K-shot train pool), the cells equal core's
// grid on that request, the predictions list shows which examples were the demonstrations of each
// prediction, and the saved evaluation records them (per set) with the sampling settings.
#include <QComboBox>
#include <QListWidget>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QtTest>

#include "eval/eval_session.h"
#include "store/run_store.h"
#include "ui/compare_view.h"
#include "ui/eval_host.h"
#include "ui/grid_model.h"
#include "ui_test_support.h"

using namespace pwb;
using namespace pwb::ui;

class TestUiCompareDemos : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  Project* project_ = nullptr;
  EvalHost* host_ = nullptr;

 private slots:
  void initTestCase() {
    test::isolateSettings();
    project_ = new Project(this);
    test::openDemo(*project_, dir_);
    host_ = new EvalHost(project_, this);
    host_->setDevice(QStringLiteral("cpu"));
    project_->addTemplate(QStringLiteral("In context"),
                          QStringLiteral("{s} it was [MASK] . [DEMOS]{s} it was [LABEL] .[/DEMOS]"));
  }

  void demonstrationsInTheGridAndThePredictions() {
    CompareView view(project_, host_);
    view.resize(1200, 800);
    view.show();
    auto* templates = view.findChild<QListWidget*>(QStringLiteral("compareTemplates"));
    auto* verbalizers = view.findChild<QListWidget*>(QStringLiteral("compareVerbalizers"));
    QVERIFY(templates && verbalizers);
    for (int i = 0; i < templates->count(); ++i)
      templates->item(i)->setCheckState(i == templates->count() - 1 ? Qt::Checked : Qt::Unchecked);
    for (int i = 1; i < verbalizers->count(); ++i) verbalizers->item(i)->setCheckState(Qt::Unchecked);
    view.setLimit(6);
    // Off by default: the demonstration controls are disabled.
    QVERIFY(!view.findChild<QSpinBox*>(QStringLiteral("demoSets"))->isEnabled());
    view.setDemonstrations(1, 3, 1);
    QVERIFY(view.findChild<QSpinBox*>(QStringLiteral("demoSets"))->isEnabled());
    QCOMPARE(view.demoSourceCombo()->currentData().toInt(), -1);  // the evaluated data set

    QSignalSpy done(&view, &CompareView::finished);
    view.evaluate();
    QVERIFY(done.wait(120000));
    QVERIFY2(done.takeFirst().at(0).toBool(), qPrintable(view.statusText()));

    eval::GridRequest request = view.lastRequest();
    QCOMPARE(request.demos.sampling, data::DemoSampling::Random);
    QCOMPARE(request.demos.sets, 3);
    QCOMPARE(request.runs.size(), size_t(1));
    QCOMPARE(request.runs[0].demoSeed, uint64_t(13));
    QCOMPARE(request.runs[0].demoPool.examples.size(), size_t(32));  // K = 16 per class of the 2 classes
    request.modelDir = project_->modelDir().toStdString();
    const eval::GridResult core = eval::runGrid(request);
    const auto& cell = core.cells[0][0].runs[0];
    QCOMPARE(view.gridModel()->cellMean(0, 0), core.cells[0][0].accuracy.mean * 100.0);

    view.showCell(0, 0);
    QTableWidget* table = view.predictionsTable();
    QCOMPARE(table->rowCount(), 6);
    const int demoColumn = table->columnCount() - 1;
    QCOMPARE(table->horizontalHeaderItem(demoColumn)->text(), QStringLiteral("Demonstrations"));
    for (int row = 0; row < 6; ++row) {
      const auto& ex = cell.examples[size_t(row)];
      QCOMPARE(ex.demos.size(), size_t(3));
      const QString shown = table->item(row, demoColumn)->text();
      QCOMPARE(shown,
               QStringLiteral("%1, %2 (1 of 3 sets)")
                   .arg(QString::fromStdString(ex.demos[0][0]), QString::fromStdString(ex.demos[0][1])));
      const QString tip = table->item(row, demoColumn)->toolTip();
      QVERIFY(tip.contains(QStringLiteral("Set 3:")));
      QVERIFY(tip.contains(QString::fromStdString(ex.demos[2][1])));
      QCOMPARE(table->item(row, 4)->text(), QString::number(ex.probs[0], 'f', 3));
    }

    // Saved with the demonstration ids of every set and the sampling settings.
    store::RunStore store(project_->path().toStdString());
    const auto evals = store.listEvaluations();
    QVERIFY(!evals.empty());
    const auto saved = store.getEvaluation(evals.back().id);
    QCOMPARE(int(saved.predictions.size()), 6);
    QCOMPARE(saved.predictions[0].demos, cell.examples[0].demos);
    QCOMPARE(saved.metrics["demos"]["sets"].get<int>(), 3);
    QCOMPARE(saved.metrics["demos"]["sampling"].get<std::string>(), std::string("random"));
  }

  void aTemplateWithDemonstrationsNeedsThemOn() {
    CompareView view(project_, host_);
    auto* templates = view.findChild<QListWidget*>(QStringLiteral("compareTemplates"));
    for (int i = 0; i < templates->count() - 1; ++i) templates->item(i)->setCheckState(Qt::Unchecked);
    view.setLimit(4);
    QSignalSpy done(&view, &CompareView::finished);
    view.evaluate();
    QVERIFY(done.wait(60000));
    QCOMPARE(done.takeFirst().at(0).toBool(), false);
    QVERIFY2(view.statusText().contains(QStringLiteral("no demonstration source")),
             qPrintable(view.statusText()));
  }
};

QTEST_MAIN(TestUiCompareDemos)
#include "test_ui_compare_demos.moc"
