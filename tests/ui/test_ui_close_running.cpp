// Closing the window while work runs (issue 19): the real main window (offscreen) is destroyed while
//  - the Train view trains (a 100000-step seed, hours) with a second run queued behind it, and
//  - the Compare view evaluates a whole grid on the eval host's worker thread.
// Destruction must neither wait for the work to finish (the test would hit CTest's timeout) nor crash, and
// nothing is lost: the running run is recorded as cancelled with the loss points it took, the queued one
// never started, and the file passes SQLite's integrity check. Under ThreadSanitizer (tsan preset) this is
// one of the tests that show no race between the GUI thread and the workers at shutdown.
#include <qcustomplot.h>

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>

#include "store/run_store.h"
#include "store/statement.h"
#include "ui/compare_view.h"
#include "ui/main_window.h"
#include "ui/train_view.h"
#include "ui/workbench.h"
#include "ui_test_support.h"

using namespace pwb;
using namespace pwb::ui;

namespace {

const QString kTinyBert = QStringLiteral(PWB_REFERENCE_DIR "/fixtures/tiny-bert");

std::unique_ptr<MainWindow> openWindow(const QTemporaryDir& dir) {
  std::unique_ptr<MainWindow> w(createMainWindow());
  w->resize(1280, 860);
  w->show();
  test::openDemo(*w->project(), dir);
  w->project()->setModelDir(kTinyBert);
  return w;
}

}  // namespace

class TestUiCloseRunning : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { test::isolateSettings(); }

  void closingWhileTrainingCancelsAndKeepsTheRun() {
    QTemporaryDir dir;
    auto w = openWindow(dir);
    QTRY_VERIFY_WITH_TIMEOUT(w->project()->tokenizer() != nullptr, 20000);
    const std::string db = w->project()->path().toStdString();
    auto* train = w->findChild<TrainView*>();
    QVERIFY(train);
    train->setDatasets(2, 1);
    train->setMethod(QStringLiteral("prompt-ft"));
    train->setK(4);
    train->setSeeds(QStringLiteral("13"));
    train->setBatchSize(4);
    train->setMaxLength(48);
    train->setSteps(100000, 0);
    train->enqueue();
    train->enqueue();  // queued behind the first
    train->startQueue();
    QVERIFY2(train->isRunning(), qPrintable(train->statusText()));
    QTRY_VERIFY_WITH_TIMEOUT(train->rawLossCurve(0) && train->rawLossCurve(0)->dataCount() > 3, 60000);

    QElapsedTimer clock;
    clock.start();
    w.reset();  // the window and every view, runner and worker go
    qInfo("the window closed %lld ms into a 100000-step run", static_cast<long long>(clock.elapsed()));

    store::RunStore store(db);
    const auto runs = store.listRuns();
    QCOMPARE(int(runs.size()), 1);  // the queued run never started
    QCOMPARE(runs[0].status, store::RunStatus::Cancelled);
    QVERIFY(store.runMetrics(runs[0].id, "loss").size() >= 3);
    store::Statement check(store.database(), "PRAGMA integrity_check");
    QVERIFY(check.step());
    QCOMPARE(check.getText(0), std::string("ok"));
  }

  void closingWhileAGridRunsDoesNotWaitForIt() {
    QTemporaryDir dir;
    auto w = openWindow(dir);
    auto* compare = w->findChild<CompareView*>();
    QVERIFY(compare);
    compare->setDevice(QStringLiteral("cpu"));
    compare->setLimit(0);  // every example of every template x verbalizer: minutes
    QSignalSpy rows(compare, &CompareView::rowFinished);
    compare->evaluate();
    QTRY_VERIFY_WITH_TIMEOUT(rows.count() >= 1, 120000);

    const int cells = int(w->project()->templates().size() * w->project()->verbalizers().size());
    const std::string db = w->project()->path().toStdString();

    QElapsedTimer clock;
    clock.start();
    w.reset();
    qInfo("the window closed %lld ms after the grid's first row", static_cast<long long>(clock.elapsed()));
    // The grid was cancelled, not run to its end on the host's worker before the window could go: the
    // cells finished so far are kept (one saved evaluation each), the rest never ran.
    store::RunStore store(db);
    const int saved = int(store.listEvaluations().size());
    qInfo("%d of %d cells saved", saved, cells);
    QVERIFY(saved >= 1);
    QVERIFY(saved < cells);
  }
};

QTEST_MAIN(TestUiCloseRunning)
#include "test_ui_close_running.moc"
