// Compare and Verbalizers views against the engine: the grid shows the same numbers as core's own grid
// call on the same request, a cell shows its confusion matrix and predictions, two cells their flips,
// the evaluations are saved in the project file; the mask's top-k comes from the model.
#include <QItemSelectionModel>
#include <QListWidget>
#include <QSignalSpy>
#include <QTableView>
#include <QTableWidget>
#include <QtTest>

#include "eval/eval_session.h"
#include "store/run_store.h"
#include "ui/compare_view.h"
#include "ui/eval_host.h"
#include "ui/example_picker.h"
#include "ui/grid_model.h"
#include "ui/verbalizer_view.h"
#include "ui_test_support.h"

using namespace pwb;
using namespace pwb::ui;

class TestUiEval : public QObject {
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
  }

  void gridMatchesTheEngine() {
    CompareView view(project_, host_);
    view.resize(1200, 800);
    view.show();
    // 2 templates x 3 verbalizers on the first 60 test sentences.
    auto* templates = view.findChild<QListWidget*>(QStringLiteral("compareTemplates"));
    auto* verbalizers = view.findChild<QListWidget*>(QStringLiteral("compareVerbalizers"));
    QVERIFY(templates && verbalizers);
    QCOMPARE(templates->count(), 4);
    QCOMPARE(verbalizers->count(), 5);
    templates->item(1)->setCheckState(Qt::Unchecked);
    templates->item(2)->setCheckState(Qt::Unchecked);
    verbalizers->item(3)->setCheckState(Qt::Unchecked);
    verbalizers->item(4)->setCheckState(Qt::Unchecked);
    view.setLimit(60);
    QSignalSpy done(&view, &CompareView::finished);
    view.evaluate();
    QVERIFY(view.isRunning());
    QVERIFY(done.wait(90000));
    QCOMPARE(done.takeFirst().at(0).toBool(), true);

    GridModel* model = view.gridModel();
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(model->columnCount(), 3);
    eval::GridRequest request = view.lastRequest();
    request.modelDir = project_->modelDir().toStdString();
    const eval::GridResult core = eval::runGrid(request);
    for (int t = 0; t < 2; ++t)
      for (int v = 0; v < 3; ++v) {
        const double expected = core.cells[size_t(t)][size_t(v)].accuracy.mean * 100.0;
        QCOMPARE(model->cellMean(t, v), expected);
        QCOMPARE(model->data(model->index(t, v), Qt::DisplayRole).toString(),
                 QString::number(expected, 'f', 1));
      }
    // The demo README's ordering shows on this subset too: great/terrible beats its reverse mapping? Not
    // asserted (60 examples); the numbers themselves are the engine's.

    // A cell: confusion matrix and per-example predictions.
    view.showCell(0, 0);
    const auto& cell = core.cells[0][0].runs[0];
    int total = 0;
    for (int g = 0; g < view.confusionTable()->rowCount(); ++g)
      for (int p = 0; p < view.confusionTable()->columnCount(); ++p) {
        const int n = view.confusionTable()->item(g, p)->text().toInt();
        QCOMPARE(n, cell.metrics.confusion[size_t(g)][size_t(p)]);
        total += n;
      }
    QCOMPARE(total, 60);
    QCOMPARE(view.predictionsTable()->rowCount(), 60);
    QCOMPARE(view.predictionsTable()->item(0, 4)->text(), QString::number(cell.examples[0].probs[0], 'f', 3));

    // Two cells: the flips are the examples whose prediction differs.
    int expectedFlips = 0;
    const auto& other = core.cells[0][2].runs[0];
    for (size_t i = 0; i < cell.examples.size(); ++i)
      expectedFlips += cell.examples[i].pred != other.examples[i].pred;
    QVERIFY(expectedFlips > 0);
    QItemSelection sel;
    sel.select(model->index(0, 0), model->index(0, 0));
    sel.select(model->index(0, 2), model->index(0, 2));
    view.gridView()->selectionModel()->select(sel, QItemSelectionModel::ClearAndSelect);
    QCOMPARE(view.flipsTable()->rowCount(), expectedFlips);

    // Saved: one evaluation per cell, with its predictions.
    store::RunStore store(project_->path().toStdString());
    const auto evals = store.listEvaluations();
    QCOMPARE(int(evals.size()), 6);
    const auto first = store.getEvaluation(evals[0].id);
    QCOMPARE(int(first.predictions.size()), 60);
    QCOMPARE(first.accuracy, core.cells[0][0].runs[0].metrics.accuracy);
  }

  void kshotCellsShowMeanAndStd() {
    CompareView view(project_, host_);
    auto* templates = view.findChild<QListWidget*>(QStringLiteral("compareTemplates"));
    auto* verbalizers = view.findChild<QListWidget*>(QStringLiteral("compareVerbalizers"));
    for (int i = 1; i < templates->count(); ++i) templates->item(i)->setCheckState(Qt::Unchecked);
    for (int i = 1; i < verbalizers->count(); ++i) verbalizers->item(i)->setCheckState(Qt::Unchecked);
    view.setKShot(true, 8);
    QSignalSpy done(&view, &CompareView::finished);
    view.evaluate();
    QVERIFY(done.wait(90000));
    QVERIFY(done.takeFirst().at(0).toBool());
    const auto& cell = view.gridModel()->grid().cells[0][0];
    QCOMPARE(int(cell.runs.size()), 5);
    const QString text = view.gridModel()->cellText(0, 0);
    QCOMPARE(text, QStringLiteral("%1 (%2)")
                       .arg(cell.accuracy.mean * 100, 0, 'f', 1)
                       .arg(cell.accuracy.populationStd * 100, 0, 'f', 1));
  }

  void cancelStopsTheGrid() {
    CompareView view(project_, host_);
    QSignalSpy done(&view, &CompareView::finished);
    view.setLimit(0);  // everything: long enough to cancel
    view.evaluate();
    QTest::qWait(300);
    view.cancel();
    QVERIFY(done.wait(60000));
    QCOMPARE(done.takeFirst().at(0).toBool(), false);
    QVERIFY2(view.statusText().contains(QStringLiteral("Cancel")), qPrintable(view.statusText()));
  }

  void verbalizerViewShowsTopKAndWordStatus() {
    VerbalizerView view(project_, host_);
    view.resize(1200, 800);
    view.show();
    view.selectVerbalizer(0);  // great/terrible
    QSignalSpy topk(&view, &VerbalizerView::topKUpdated);
    view.refreshTopK();
    QTRY_VERIFY_WITH_TIMEOUT(view.topKTable()->rowCount() > 0, 30000);
    // The same tokens as the engine's maskTopK on the same example.
    auto* picker = view.findChild<ExamplePicker*>();
    eval::EvalSession session(project_->modelDir().toStdString());
    const auto expected = session.maskTopK(project_->templates()[0].text.toStdString(), {"sentence"},
                                           picker->example()->fields, 15);
    QCOMPARE(view.topKTable()->rowCount(), int(expected[0].size()));
    QCOMPARE(view.topKTable()->item(0, 0)->text(), QString::fromStdString(expected[0][0].token));
    // Word status column: every demo word is one token of this vocabulary.
    QTableWidget* mapping = view.mappingTable();
    QCOMPARE(mapping->rowCount(), 2);
    QVERIFY(mapping->item(0, 2)->data(Qt::UserRole).toString().contains(QStringLiteral("single token")));
    // A word the model splits is marked as several tokens.
    mapping->selectRow(0);
    mapping->item(0, 1)->setText(QStringLiteral("terrible, unwatchableness"));
    QVERIFY2(mapping->item(0, 2)->data(Qt::UserRole).toString().contains(QStringLiteral("tokens")),
             qPrintable(mapping->item(0, 2)->data(Qt::UserRole).toString()));
    QCOMPARE(project_->verbalizers()[0].mapping[0].words, (QStringList{"terrible", "unwatchableness"}));
  }
};

QTEST_MAIN(TestUiEval)
#include "test_ui_eval.moc"
