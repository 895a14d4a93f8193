// Compare's regression page (issue 17) against `pwb eval --task regression`: every cell (template x pole
// pair) on the bundled SST-5 regression set shows the Pearson that the command prints as JSON for the same
// file, target, template, poles and row limit, and its details the command's Spearman and MSE; the work runs
// off the GUI thread; a target that is not a number is reported by line; a bad pole pair is a sentence.
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QtTest>
#include <cmath>

#include "app/pwb_process.h"
#include "regress/regression_format.h"
#include "ui/compare_view.h"
#include "ui/eval_host.h"
#include "ui/regression_panel.h"
#include "ui_test_support.h"

using namespace pwb;
using namespace pwb::ui;

namespace {

const QString kData = QString(PWB_RESOURCES_DIR) + "/data/sst5_regression/test.tsv";
const QStringList kTemplates{"{sentence} It was [MASK] .", "{sentence} All in all, it was [MASK] ."};
const QStringList kPoles{"0=terrible;4=great", "bad;good"};
constexpr int kRows = 40;

}  // namespace

class TestUiRegression : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  Project* project_ = nullptr;
  EvalHost* host_ = nullptr;

 private slots:
  void initTestCase() {
    ui::test::isolateSettings();
    project_ = new Project(this);
    ui::test::openDemo(*project_, dir_);
    host_ = new EvalHost(project_, this);
    host_->setDevice(QStringLiteral("cpu"));
  }

  void cellsEqualPwbEval() {
    CompareView view(project_, host_);
    view.resize(1200, 800);
    view.show();
    RegressionPanel* panel = view.regressionPanel();
    QVERIFY(panel != nullptr);
    view.modeTabs()->setCurrentWidget(panel);
    QCOMPARE(QFileInfo(panel->dataFile()).fileName(), QString("test.tsv"));  // the bundled set by default
    panel->setDataFile(kData);
    panel->setTargetColumn("score");
    panel->setTemplates(kTemplates);
    panel->setPoles(kPoles);
    panel->setLimit(kRows);
    QSignalSpy done(panel, &RegressionPanel::finished);
    ui::test::StallMeter meter;
    panel->run();
    QVERIFY(panel->isRunning());
    QVERIFY(done.wait(300000));
    QVERIFY2(done.takeFirst().at(0).toBool(), qPrintable(panel->statusText()));
    QVERIFY(meter.ticks() > 0);
    QCOMPARE(panel->resultsTable()->rowCount(), 2);
    QCOMPARE(panel->resultsTable()->columnCount(), 2);
    QCOMPARE(panel->resultsTable()->horizontalHeaderItem(1)->text(), QString("bad;good"));

    QList<QStringList> commands;
    for (const QString& t : kTemplates)
      for (const QString& p : kPoles)
        commands << QStringList{"eval",
                                "--task",
                                "regression",
                                "--model",
                                project_->modelDir(),
                                "--data",
                                kData,
                                "--target",
                                "score",
                                "--template",
                                t,
                                "--poles",
                                p,
                                "--limit",
                                QString::number(kRows),
                                "--device",
                                "cpu",
                                "--json"};
    const auto runs = pwb::test::runPwbAll(commands);
    for (int r = 0; r < 2; ++r)
      for (int c = 0; c < 2; ++c) {
        const auto& run = runs[r * 2 + c];
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const auto m =
            QJsonDocument::fromJson(run.out.toUtf8()).object()["result"].toObject()["metrics"].toObject();
        QCOMPARE(m["count"].toInt(), kRows);
        const regress::RegressionResult* cell = panel->cellResult(r, c);
        QVERIFY(cell != nullptr);
        QCOMPARE(int(cell->metrics.count), kRows);
        // Another process on the same CPU kernels: equal to the last bits printed.
        QVERIFY2(std::abs(cell->metrics.pearson - m["pearson"].toDouble()) < 1e-9,
                 qPrintable(QString("%1 vs %2").arg(cell->metrics.pearson).arg(m["pearson"].toDouble())));
        QVERIFY(std::abs(cell->metrics.spearman - m["spearman"].toDouble()) < 1e-9);
        QVERIFY(std::abs(cell->metrics.mse - m["mse"].toDouble()) < 1e-9);
        QCOMPARE(panel->resultsTable()->item(r, c)->text(), QString::number(m["pearson"].toDouble(), 'f', 4));
        panel->resultsTable()->setCurrentCell(r, c);
        const QString details = panel->detailsText();
        QVERIFY2(details.contains("Spearman " + QString::number(m["spearman"].toDouble(), 'f', 4)) &&
                     details.contains("MSE " + QString::number(m["mse"].toDouble(), 'f', 4)),
                 qPrintable(details));
        QCOMPARE(panel->rowsTable()->rowCount(), kRows);
      }
    // The range of "bad;good" comes from the data (the 40 rows span 0 to 4).
    QCOMPARE(panel->cellResult(0, 1)->rangeFromData, true);
    QCOMPARE(panel->cellResult(0, 1)->poles.upper, 4.0);
  }

  void badTargetIsReportedByLine() {
    const QString path = dir_.filePath("targets.tsv");
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("sentence\tscore\na great film\t4\na dull film\tfive\nterrible\t0\nfine\t2\n");
    f.close();
    CompareView view(project_, host_);
    RegressionPanel* panel = view.regressionPanel();
    panel->setDataFile(path);
    panel->setTemplates({"{sentence} It was [MASK] ."});
    panel->setPoles({"0=terrible;4=great"});
    QSignalSpy done(panel, &RegressionPanel::finished);
    panel->run();
    QVERIFY(done.wait(60000));
    QVERIFY2(done.takeFirst().at(0).toBool(), qPrintable(panel->statusText()));
    QCOMPARE(int(panel->cellResult(0, 0)->metrics.count), 3);
    QVERIFY2(panel->detailsText().contains("targets.tsv:3: target 'five' is not a number"),
             qPrintable(panel->detailsText()));
    QVERIFY2(panel->statusText().contains("1 row skipped"), qPrintable(panel->statusText()));
  }

  void badPolesAreASentence() {
    CompareView view(project_, host_);
    RegressionPanel* panel = view.regressionPanel();
    panel->setPoles({"0=terrible;4=great", "great"});
    QSignalSpy done(panel, &RegressionPanel::finished);
    panel->run();
    QVERIFY(done.wait(30000));
    QCOMPARE(done.takeFirst().at(0).toBool(), false);
    QVERIFY2(panel->statusText().contains("pole"), qPrintable(panel->statusText()));
    QCOMPARE(panel->resultsTable()->rowCount(), 0);
    QVERIFY(!panel->isRunning());
  }
};

QTEST_MAIN(TestUiRegression)
#include "test_ui_regression.moc"
