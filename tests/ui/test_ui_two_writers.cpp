// Two programs on one project, with the real main window (offscreen): a real `pwb train --db` child
// (two seeds of 300 steps) writes runs to the window's project file, the window trains into it meanwhile
// (Train view, tiny-bert, one seed of 60 steps, started once the child has taken its first step), and
// `pwb runs --db` reads it again and again while they train. Both finish; every run is finished, without
// error text, with one loss point per step and its test evaluation; `pwb runs` never fails. The Runs view
// lists the child's runs without the project being reopened, and a later `pwb train --db` run, written
// while the window is idle (so no refresh of the window's own making can show it), appears in the view
// within a bounded wait: the view's poll of the file (store::ChangeProbe) picked it up.
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QTableWidget>
#include <QtTest>
#include <algorithm>

#include "store/run_store.h"
#include "store/statement.h"
#include "support/pwb_train_child.h"
#include "support/tiny_bert_data.h"
#include "ui/main_window.h"
#include "ui/runs_view.h"
#include "ui/train_view.h"
#include "ui/workbench.h"
#include "ui_test_support.h"

using namespace pwb;
using namespace pwb::ui;

namespace {

const QString kTinyBert = QStringLiteral(PWB_REFERENCE_DIR "/fixtures/tiny-bert");
const QString kPwb = QStringLiteral(PWB_CLI);
constexpr int kGuiSteps = 60, kChildSteps = 300;

QProcessEnvironment childEnvironment() {
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.insert("PWB_NO_BLAS_RESTART", "1");  // kernel speed does not matter here
  return env;
}

QStringList childArgs(const QTemporaryDir& data, const QString& db, const QString& seeds, int steps) {
  return pwb::test::tinyBertTrainArgs(kTinyBert, data.path(), db, seeds, steps, 100);
}

// Waits for `p` while the GUI's event loop keeps running (the window trains meanwhile).
bool waitKeepingGuiAlive(QProcess& p, int timeoutMs) {
  QElapsedTimer clock;
  clock.start();
  while (p.state() != QProcess::NotRunning) {
    if (clock.elapsed() > timeoutMs) return false;
    p.waitForFinished(5);
    QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
  }
  return true;
}

}  // namespace

class TestUiTwoWriters : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;

 private slots:
  void initTestCase() {
    pwb::ui::test::isolateSettings();
    QVERIFY(dir_.isValid());
    pwb::test::writeTinyBertData(dir_.filePath("train.txt").toStdString(), 40, 0);
    pwb::test::writeTinyBertData(dir_.filePath("test.txt").toStdString(), 20, 1000);
  }

  void windowAndPwbTrainOnOneProject() {
    QVERIFY2(QFileInfo::exists(kPwb), qPrintable(kPwb));
    std::unique_ptr<MainWindow> w(createMainWindow());
    w->resize(1280, 860);
    w->show();
    pwb::ui::test::openDemo(*w->project(), dir_);
    w->project()->setModelDir(kTinyBert);
    QTRY_VERIFY_WITH_TIMEOUT(w->project()->tokenizer() != nullptr, 20000);
    const QString db = w->project()->path();
    auto* train = w->findChild<TrainView*>();
    auto* runs = w->findChild<RunsView*>();
    QVERIFY(train && runs);
    train->setDatasets(2, 1);  // SST-2 train, tested on SST-2 dev
    train->setMethod(QStringLiteral("prompt-ft"));
    train->setK(4);
    train->setSeeds(QStringLiteral("13"));
    train->setBatchSize(4);
    train->setMaxLength(48);
    train->setSteps(kGuiSteps, 10);

    // The child: two seeds of 300 steps (seconds, against the window's one seed of 60 steps). The window
    // starts training once the child has taken its first step, so both write at once.
    QProcess child;
    child.setProcessEnvironment(childEnvironment());
    child.start(kPwb, childArgs(dir_, db, "42,87", kChildSteps));
    QVERIFY2(child.waitForStarted(10000), qPrintable(child.errorString()));
    const qint64 childPid = child.processId();  // 0 once it has ended
    QByteArray childErr;
    QElapsedTimer clock;
    clock.start();
    while (!childErr.contains("step 1/")) {
      QVERIFY2(child.state() == QProcess::Running && clock.elapsed() < 120000, childErr.constData());
      child.waitForReadyRead(20);
      childErr += child.readAllStandardError();
    }

    QSignalSpy finished(train, &TrainView::runFinished);
    train->startQueue();
    QVERIFY2(train->isRunning(), qPrintable(train->statusText()));
    QVERIFY2(child.state() == QProcess::Running, "the child ended before the window started training");
    w->showView(5);  // the Runs view, visible while the child writes
    QCOMPARE(w->currentViewIndex(), 5);

    // `pwb runs` again and again while either trains; the first call starts while the window trains.
    int runsCalls = 0, runsCallsWhileWindowTrains = 0;
    while (train->isRunning() || child.state() != QProcess::NotRunning) {
      const bool windowTrains = train->isRunning();
      QProcess list;
      list.setProcessEnvironment(childEnvironment());
      list.start(kPwb, {"runs", "--db", db, "--status", "running"});
      QVERIFY(waitKeepingGuiAlive(list, 60000));
      const QByteArray err = list.readAllStandardError();
      QVERIFY2(list.exitStatus() == QProcess::NormalExit && list.exitCode() == 0, err.constData());
      QVERIFY2(!err.contains("locked"), err.constData());
      ++runsCalls;
      if (windowTrains) ++runsCallsWhileWindowTrains;
      childErr += child.readAllStandardError();
      QVERIFY2(clock.elapsed() < 300000, "the window and the child did not finish in 5 minutes");
    }
    QVERIFY(finished.count() > 0 || finished.wait(60000));
    const auto result = finished.takeFirst().at(0).value<train::TrainResult>();
    QCOMPARE(result.status, train::RunStatus::Finished);
    childErr += child.readAllStandardError();
    QVERIFY2(child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0, childErr.constData());
    qInfo("`pwb runs` ran %d times while the window or the child trained, %d of them while the window did",
          runsCalls, runsCallsWhileWindowTrains);
    QVERIFY(runsCallsWhileWindowTrains >= 1);

    // The file: three finished runs, no error text, every step's loss, one test evaluation each, the
    // child's first run started before the window's ended.
    std::vector<int64_t> childRuns;
    {
      store::RunStore s(db.toStdString());
      store::Statement check(s.database(), "PRAGMA integrity_check");
      QVERIFY(check.step());
      QCOMPARE(check.getText(0), std::string("ok"));
      const auto all = s.listRuns();
      QCOMPARE(all.size(), size_t(3));
      double firstChildStart = 1e300, windowEnd = 0;
      for (const auto& run : all) {
        QVERIFY2(run.status == store::RunStatus::Finished, run.error.c_str());
        QVERIFY2(run.error.empty(), run.error.c_str());
        const bool fromChild = run.pid && *run.pid == childPid;
        QCOMPARE(s.runMetrics(run.id, "loss").size(), size_t(fromChild ? kChildSteps : kGuiSteps));
        const auto evaluations = s.listEvaluations(run.id);
        QCOMPARE(evaluations.size(), size_t(1));
        QVERIFY(run.results.contains("test_accuracy"));
        if (fromChild) {
          childRuns.push_back(run.id);
          QCOMPARE(evaluations[0].n, int64_t(20));
          firstChildStart = std::min(firstChildStart, run.startedAt.value_or(1e300));
        } else {
          windowEnd = run.endedAt.value_or(0);
          QCOMPARE(run.results["test_accuracy"].get<double>(), result.seeds[0].testAccuracy);
        }
      }
      QCOMPARE(childRuns.size(), size_t(2));
      QVERIFY(firstChildStart < windowEnd);
    }
    auto shownOf = [&](const std::vector<int64_t>& ids) {
      int found = 0;
      for (const auto& r : runs->runs())
        if (std::find(ids.begin(), ids.end(), r.id) != ids.end()) ++found;
      return found;
    };
    // The Runs view (finished runs, its default) lists all three, without a reopen or F5.
    QTRY_COMPARE_WITH_TIMEOUT(shownOf(childRuns), 2, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(int(runs->runs().size()), 3, 10000);

    // Now the window is idle (nothing of its own can refresh the view): one more `pwb train --db` run
    // appears in the Runs view within the bounded wait, by the view's poll alone.
    QProcess late;
    late.setProcessEnvironment(childEnvironment());
    late.start(kPwb, childArgs(dir_, db, "100", 10));
    QVERIFY(waitKeepingGuiAlive(late, 120000));
    QVERIFY2(late.exitStatus() == QProcess::NormalExit && late.exitCode() == 0,
             late.readAllStandardError().constData());
    QVERIFY(!train->isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(int(runs->runs().size()), 4, 10000);
    QCOMPARE(runs->runs()[0].seed.value_or(0), int64_t(100));  // newest first
    QCOMPARE(runs->runsTable()->rowCount(), 4);
  }
};

QTEST_MAIN(TestUiTwoWriters)
#include "test_ui_two_writers.moc"
