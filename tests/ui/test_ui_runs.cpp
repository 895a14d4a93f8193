// Runs view: the per-configuration mean ± std (table, bars, error bars, seed points) equals the store's
// aggregation (store::groupRuns, what `pwb runs --group` prints), for both standard deviations; bars from
// zero; groups named by what differs (store::groupNames); table and plot export.
#include <qcustomplot.h>

#include <QComboBox>
#include <QFile>
#include <QSignalSpy>
#include <QTableWidget>
#include <QtTest>
#include <cmath>

#include "store/aggregate.h"
#include "store/run_store.h"
#include "ui/plot_style.h"
#include "ui/runs_view.h"
#include "ui/table_export.h"
#include "ui/table_sizing.h"
#include "ui/theme.h"
#include "ui_test_support.h"

using namespace pwb;
using namespace pwb::ui;

class TestUiRuns : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  Project* project_ = nullptr;

  static void addRun(store::RunStore& s, const std::string& method, double lr, int64_t seed, double acc) {
    store::RunRecord r;
    r.name = method + " seed " + std::to_string(seed);
    r.method = method;
    r.seed = seed;
    r.config = {{"method", method}, {"lr", lr}, {"seed", seed}, {"k", 16}};
    const int64_t id = s.createRun(r);
    s.setStatus(id, store::RunStatus::Running);
    for (int step = 1; step <= 5; ++step) s.appendMetric(id, step, "loss", 1.0 / step + seed * 1e-3);
    s.finishRun(id, store::RunStatus::Finished, {{"test_accuracy", acc}, {"best_dev_accuracy", acc + 0.01}});
  }

 private slots:
  void initTestCase() {
    test::isolateSettings();
    project_ = new Project(this);
    project_->create(dir_.filePath(QStringLiteral("runs.pwbproj")));
    store::RunStore s(project_->path().toStdString());
    const double a[] = {0.62, 0.58, 0.65, 0.61, 0.63};
    const double b[] = {0.55, 0.57, 0.53};
    const int64_t seeds[] = {13, 21, 42, 87, 100};
    for (int i = 0; i < 5; ++i) addRun(s, "prompt-ft", 1e-4, seeds[i], a[i]);
    for (int i = 0; i < 3; ++i) addRun(s, "fine-tune", 1e-4, seeds[i], b[i]);
    store::RunRecord failed;
    failed.name = "broken";
    failed.method = "prompt-ft";
    failed.config = {{"method", "prompt-ft"}, {"lr", 1e-4}, {"seed", 1}, {"k", 16}};
    const int64_t id = s.createRun(failed);
    s.finishRun(id, store::RunStatus::Failed, nlohmann::json::object(), "NaN loss");
  }

  void groupsEqualTheStoreAggregation() {
    RunsView view(project_);
    view.resize(1200, 800);
    view.show();
    QSignalSpy refreshed(&view, &RunsView::refreshed);
    view.refresh();
    QVERIFY(refreshed.wait(10000));

    store::RunStore s(project_->path().toStdString());
    const auto expected = store::groupRuns(s, {});
    QCOMPARE(view.groups().size(), expected.size());
    QCOMPARE(int(expected.size()), 2);
    QCOMPARE(int(view.runs().size()), 8);  // finished runs only by default

    auto* bars = qobject_cast<QCPBars*>(view.groupPlot()->plottable(0));
    auto* errors = qobject_cast<QCPErrorBars*>(view.groupPlot()->plottable(1));
    QVERIFY(bars && errors);
    for (size_t g = 0; g < expected.size(); ++g) {
      const auto& e = expected[g];
      QCOMPARE(bars->data()->at(int(g))->value, e.stats.mean * 100.0);
      QCOMPARE(errors->data()->at(int(g)).errorPlus, e.stats.popStd * 100.0);
      const QString cell = view.groupTable()->item(int(g), 2)->text();
      QCOMPARE(
          cell,
          QStringLiteral("%1 (%2)").arg(e.stats.mean * 100, 0, 'f', 1).arg(e.stats.popStd * 100, 0, 'f', 1));
      QCOMPARE(view.groupTable()->item(int(g), 3)->text(), QString::number(e.stats.median * 100, 'f', 1));
      QCOMPARE(view.groupTable()->item(int(g), 1)->text().toInt(), int(e.stats.n));
    }
    // Hand-checked numbers for the first group: mean 61.8, population std 2.315, median 62.
    QCOMPARE(view.groupTable()->item(0, 2)->text(), QStringLiteral("61.8 (2.3)"));
    // One point per seed.
    QCOMPARE(view.groupPlot()->graph(0)->dataCount(), 8);
    // Bars start at zero (the highest point + std fits below the top); each group is named by what tells
    // it apart: here the method alone (lr and k are equal), no "#1" and no key=value noise.
    QCOMPARE(view.groupPlot()->yAxis->range().lower, 0.0);
    QVERIFY(view.groupPlot()->yAxis->range().upper >= 65.0);
    QCOMPARE(view.groupTable()->item(0, 0)->text(), QStringLiteral("prompt-ft"));
    QCOMPARE(view.groupTable()->item(1, 0)->text(), QStringLiteral("fine-tune"));

    view.setUseSampleStd(true);
    errors = qobject_cast<QCPErrorBars*>(view.groupPlot()->plottable(1));
    QCOMPARE(errors->data()->at(0).errorPlus, expected[0].stats.sampleStd * 100.0);
    QCOMPARE(view.groupTable()->item(0, 2)->text(), QStringLiteral("%1 (%2)")
                                                        .arg(expected[0].stats.mean * 100, 0, 'f', 1)
                                                        .arg(expected[0].stats.sampleStd * 100, 0, 'f', 1));
  }

  // Column widths come from the header and the first kSizedRows rows only: Qt's resizeColumnsToContents()
  // measured every row of a hidden table (every refresh while another view is shown), which held the GUI
  // thread for 50-150 ms with 2000 runs (bench_gui_stall). A long cell further down does not widen its
  // column; the same cell in the first rows does.
  void columnsAreSizedFromTheFirstRows() {
    Project project;
    project.create(dir_.filePath(QStringLiteral("sizing.pwbproj")));
    const std::string longDevice = "cuda:0 " + std::string(300, 'x');
    {
      store::RunStore s(project.path().toStdString());
      for (int i = 0; i < kSizedRows + 20; ++i) {
        addRun(s, "prompt-ft", 1e-4, 1000 + i, 0.6);
        if (i == 0) s.setDevice(s.listRuns().front().id, longDevice);  // the oldest: the last row
      }
    }
    RunsView view(&project);  // hidden, as when Train finishes a run while Train is shown
    QSignalSpy refreshed(&view, &RunsView::refreshed);
    view.refresh();
    QVERIFY(refreshed.wait(10000));
    QTableWidget* table = view.runsTable();
    QCOMPARE(table->rowCount(), kSizedRows + 20);
    const int deviceColumn = 5;
    QCOMPARE(table->horizontalHeaderItem(deviceColumn)->text(), QStringLiteral("Device"));
    int longRow = -1;
    for (int r = 0; r < table->rowCount(); ++r)
      if (table->item(r, deviceColumn)->text() == QString::fromStdString(longDevice)) longRow = r;
    QCOMPARE(longRow, table->rowCount() - 1);
    const int longWidth = table->fontMetrics().horizontalAdvance(QString::fromStdString(longDevice));
    QVERIFY2(table->columnWidth(deviceColumn) < longWidth / 4,
             qPrintable(QStringLiteral("device column %1 px").arg(table->columnWidth(deviceColumn))));

    // The same device on the newest run (the first row) widens the column.
    {
      store::RunStore s(project.path().toStdString());
      addRun(s, "prompt-ft", 1e-4, 5000, 0.6);
      int64_t newest = 0;
      for (const auto& r : s.listRuns()) newest = std::max(newest, r.id);
      s.setDevice(newest, longDevice);
    }
    view.refresh();
    QVERIFY(refreshed.wait(10000));
    QCOMPARE(table->item(0, deviceColumn)->text(), QString::fromStdString(longDevice));
    QVERIFY2(table->columnWidth(deviceColumn) >= longWidth,
             qPrintable(QStringLiteral("device column %1 px, text %2 px")
                            .arg(table->columnWidth(deviceColumn))
                            .arg(longWidth)));
  }

  void lossCurvesOverlay() {
    RunsView view(project_);
    QSignalSpy refreshed(&view, &RunsView::refreshed);
    view.refresh();
    QVERIFY(refreshed.wait(10000));
    QSignalSpy shown(&view, &RunsView::lossCurvesShown);
    view.selectRuns({0, 1, 2});
    QTRY_VERIFY_WITH_TIMEOUT(
        view.lossPlot()->graphCount() == 3 && view.lossPlot()->graph(2)->dataCount() == 5, 10000);
    // The y axis holds every point, the highest (step 1: 1 + seed/1000) strictly below the frame.
    const QCPRange y = view.lossPlot()->yAxis->range();
    double top = 0;
    for (int g = 0; g < 3; ++g)
      for (int i = 0; i < view.lossPlot()->graph(g)->dataCount(); ++i) {
        const double v = view.lossPlot()->graph(g)->data()->at(i)->value;
        QVERIFY(v >= y.lower);
        top = std::max(top, v);
      }
    QVERIFY2(top > 1.0 && top < y.upper, qPrintable(QStringLiteral("%1 in ..%2").arg(top).arg(y.upper)));
  }

  // A dense, noisy loss curve is drawn with a pen of at most 1 px (Qt's fast cosmetic stroker): at 1.5 px
  // Qt outlined and filled the whole zig-zag, 0.2-0.8 s on the GUI thread per 2000-step curve
  // (bench_gui_stall). A short curve keeps its 1.5 px.
  void denseLossCurvesUseAThinPen() {
    Project project;
    project.create(dir_.filePath(QStringLiteral("dense.pwbproj")));
    {
      store::RunStore s(project.path().toStdString());
      addRun(s, "prompt-ft", 1e-4, 13, 0.6);  // 5 loss points
      addRun(s, "prompt-ft", 1e-4, 21, 0.6);
      std::vector<store::MetricPoint> loss;
      for (int step = 1; step <= kDenseLinePoints + 100; ++step)
        loss.push_back({step, 1.0 + 0.3 * ((step * 7919) % 101) / 101.0, double(step)});
      int64_t newest = 0;
      for (const auto& r : s.listRuns()) newest = std::max(newest, r.id);
      s.importMetrics(newest, "loss", loss);  // on top of its 5 points
    }
    RunsView view(&project);
    QSignalSpy refreshed(&view, &RunsView::refreshed);
    view.refresh();
    QVERIFY(refreshed.wait(10000));
    QSignalSpy shown(&view, &RunsView::lossCurvesShown);
    view.selectRuns({0, 1});
    QVERIFY(shown.wait(10000));
    QCOMPARE(view.lossPlot()->graphCount(), 2);
    QCPGraph* dense = view.lossPlot()->graph(0);  // row 0: the newest run
    QCPGraph* sparse = view.lossPlot()->graph(1);
    QCOMPARE(dense->dataCount(), kDenseLinePoints + 100 + 5);
    QCOMPARE(sparse->dataCount(), 5);
    QCOMPARE(dense->pen().widthF(), 1.0);
    QCOMPARE(sparse->pen().widthF(), 1.5);
    QCOMPARE(dense->pen().color(), seriesColor(0));
    QCOMPARE(linePen(Qt::red, 1.8, kDenseLinePoints).widthF(), 1.8);
    QCOMPARE(linePen(Qt::red, 1.8, kDenseLinePoints + 1).widthF(), 1.0);
    QCOMPARE(linePen(Qt::red, 0.5, kDenseLinePoints + 1).widthF(), 0.5);
  }

  void exports() {
    RunsView view(project_);
    QSignalSpy refreshed(&view, &RunsView::refreshed);
    view.refresh();
    QVERIFY(refreshed.wait(10000));
    const TextTable t = view.groupTextTable();
    const QString md = toMarkdown(t);
    QVERIFY(md.startsWith(QStringLiteral("| Configuration | Runs | Mean (std) |")));
    QVERIFY(md.contains(QStringLiteral("| 61.8 (2.3) |")));
    QVERIFY(toCsv(t).contains(QStringLiteral("61.8 (2.3)")));
    const QString tex = toLatex(t, QStringLiteral("SST-2 K=16"));
    QVERIFY(tex.contains(QStringLiteral("\\toprule")) && tex.contains(QStringLiteral("61.8 (2.3)")));
    for (const char* ext : {"png", "svg", "pdf"}) {
      const QString path = dir_.filePath(QStringLiteral("plot.") + QLatin1String(ext));
      QCOMPARE(savePlot(view.groupPlot(), path), QString());
      QVERIFY(QFile(path).size() > 500);
    }
    QVERIFY(!savePlot(view.groupPlot(), dir_.filePath(QStringLiteral("plot.bmp"))).isEmpty());
    QCOMPARE(saveTable(t, dir_.filePath(QStringLiteral("t.tex"))), QString());
  }

  // Runs written by another connection (as by `pwb train --db` on the same file) appear without F5 or a
  // reopen: the view polls PRAGMA data_version and re-reads only when the runs' fingerprint changed, so a
  // run that only logs metric rows and heartbeats costs no reload; the selection follows its runs by id;
  // a hidden view reloads when shown. Before the poll, the view showed them only after a refresh of its
  // own (F5, a filter change, the window's own run finishing).
  void anotherProgramsRunsAppearWithoutRefresh() {
    RunsView view(project_);
    view.setChangePollInterval(50);
    view.resize(1200, 800);
    view.show();
    QSignalSpy refreshed(&view, &RunsView::refreshed);
    view.refresh();
    QVERIFY(refreshed.wait(10000));
    const int before = int(view.runs().size());
    QCOMPARE(before, 8);
    const qint64 picked = view.runs()[2].id;
    view.selectRuns({2});
    QCOMPARE(view.selectedRunIds(), QList<qint64>{picked});

    store::RunStore other(project_->path().toStdString());
    store::RunRecord r;
    r.name = "from another program";
    r.method = "prompt-ft";
    r.seed = 7;
    r.config = {{"method", "prompt-ft"}, {"lr", 1e-4}, {"seed", 7}, {"k", 16}};
    const int64_t id = other.createRun(r);
    other.setStatus(id, store::RunStatus::Running);
    QTRY_VERIFY_WITH_TIMEOUT(refreshed.count() >= 2, 5000);  // a new run: the fingerprint moved
    QCOMPARE(int(view.runs().size()), before);               // not finished yet: filtered out
    QTest::qWait(300);  // the reload of the second write (its start), if it came separately
    refreshed.clear();
    for (int step = 1; step <= 10; ++step) {  // metric rows and heartbeats only: 10 polls, no reload
      other.appendMetric(id, step, "loss", 1.0 / step);
      other.flushMetrics();
      other.heartbeat(id);
      QTest::qWait(60);
    }
    QCOMPARE(refreshed.count(), 0);
    other.finishRun(id, store::RunStatus::Finished, {{"test_accuracy", 0.66}});
    QTRY_COMPARE_WITH_TIMEOUT(int(view.runs().size()), before + 1, 5000);
    QCOMPARE(view.runs()[0].id, id);  // newest first
    QCOMPARE(view.runsTable()->item(0, 1)->text(), QStringLiteral("from another program"));
    QCOMPARE(view.selectedRunIds(), QList<qint64>{picked});  // the same run, now one row lower

    view.hide();
    refreshed.clear();
    addRun(other, "fine-tune", 1e-4, 8, 0.5);
    QTest::qWait(300);
    QCOMPARE(refreshed.count(), 0);  // hidden: noted, not read
    QCOMPARE(int(view.runs().size()), before + 1);
    view.show();
    QTRY_COMPARE_WITH_TIMEOUT(int(view.runs().size()), before + 2, 5000);
  }

  // Regression runs (core/regress) record Pearson where classification runs record accuracy: the runs table
  // names it, and grouping by test Pearson shows numbers (not percentages) equal to the store's aggregation.
  void regressionRunsShowPearson() {
    QTemporaryDir dir;
    Project project;
    project.create(dir.filePath(QStringLiteral("regression.pwbproj")));
    {
      store::RunStore s(project.path().toStdString());
      const double pearson[] = {0.5, 0.7};
      const int64_t seeds[] = {13, 21};
      for (int i = 0; i < 2; ++i) {
        store::RunRecord r;
        r.name = "prompt-ft seed " + std::to_string(seeds[i]);
        r.method = "prompt-ft";
        r.seed = seeds[i];
        r.config = {{"method", "prompt-ft"}, {"task", "regression"}, {"seed", seeds[i]}};
        const int64_t id = s.createRun(r);
        s.finishRun(id, store::RunStatus::Finished,
                    {{"task", "regression"},
                     {"test_pearson", pearson[i]},
                     {"test_spearman", 0.4},
                     {"test_mse", 1.25},
                     {"best_dev_pearson", 0.8}});
      }
    }
    RunsView view(&project);
    view.resize(1200, 800);
    view.show();
    QSignalSpy refreshed(&view, &RunsView::refreshed);
    view.refresh();
    QVERIFY(refreshed.wait(10000));
    QCOMPARE(view.runsTable()->rowCount(), 2);
    QStringList tests;
    for (int r = 0; r < 2; ++r) {
      tests << view.runsTable()->item(r, 6)->text();
      QCOMPARE(view.runsTable()->item(r, 7)->text(), QStringLiteral("Pearson 0.8000"));
    }
    tests.sort();
    QCOMPARE(tests, (QStringList{QStringLiteral("Pearson 0.5000"), QStringLiteral("Pearson 0.7000")}));

    auto* metric = view.findChild<QComboBox*>(QStringLiteral("metric"));
    QVERIFY(metric);
    metric->setCurrentIndex(metric->findData(QStringLiteral("test_pearson")));
    QTRY_COMPARE_WITH_TIMEOUT(int(view.groups().size()), 1, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(view.groups()[0].stats.n == 2, 5000);
    const auto table = view.groupTextTable();
    QCOMPARE(table.rows.size(), 1);
    // Mean 0.6, population std 0.1, as numbers.
    QCOMPARE(table.rows[0][2], QStringLiteral("0.6000 (0.1000)"));
    QCOMPARE(table.rows[0][3], QStringLiteral("0.6000"));
  }

  // Multi-label runs record micro-F1 where classification runs record accuracy: the runs table names it;
  // a zero-shot multiple-choice run (`pwb choice --db`) shows its accuracy; grouping by test micro-F1
  // gives percentages equal to the stored numbers.
  void multiLabelAndChoiceRunsShowTheirMetrics() {
    QTemporaryDir dir;
    Project project;
    project.create(dir.filePath(QStringLiteral("multilabel.pwbproj")));
    {
      store::RunStore s(project.path().toStdString());
      const double micro[] = {0.5, 0.7};
      const int64_t seeds[] = {13, 21};
      for (int i = 0; i < 2; ++i) {
        store::RunRecord r;
        r.name = "prompt-ft seed " + std::to_string(seeds[i]);
        r.method = "prompt-ft";
        r.seed = seeds[i];
        r.config = {{"method", "prompt-ft"}, {"task", "multilabel"}, {"seed", seeds[i]}};
        const int64_t id = s.createRun(r);
        s.finishRun(id, store::RunStatus::Finished,
                    {{"task", "multilabel"},
                     {"test_micro_f1", micro[i]},
                     {"test_macro_f1", 0.4},
                     {"test_subset_acc", 0.25},
                     {"threshold", 0.35},
                     {"best_dev_micro_f1", 0.8}});
      }
      store::RunRecord c;
      c.name = "multiple choice zero-shot";
      c.method = "zero-shot";
      c.config = {{"task", "multiple-choice"}};
      const int64_t id = s.createRun(c);
      s.finishRun(id, store::RunStatus::Finished, {{"task", "multiple-choice"}, {"test_accuracy", 0.625}});
    }
    RunsView view(&project);
    view.resize(1200, 800);
    view.show();
    QSignalSpy refreshed(&view, &RunsView::refreshed);
    view.refresh();
    QVERIFY(refreshed.wait(10000));
    QCOMPARE(view.runsTable()->rowCount(), 3);
    QStringList tests, devs;
    for (int r = 0; r < 3; ++r) {
      tests << view.runsTable()->item(r, 6)->text();
      devs << view.runsTable()->item(r, 7)->text();
    }
    tests.sort();
    devs.sort();
    QCOMPARE(tests, (QStringList{QStringLiteral("62.5"), QStringLiteral("micro-F1 50.0"),
                                 QStringLiteral("micro-F1 70.0")}));
    QCOMPARE(devs, (QStringList{QStringLiteral("micro-F1 80.0"), QStringLiteral("micro-F1 80.0"),
                                QStringLiteral("—")}));
    auto* metric = view.findChild<QComboBox*>(QStringLiteral("metric"));
    QVERIFY(metric);
    metric->setCurrentIndex(metric->findData(QStringLiteral("test_micro_f1")));
    QTRY_COMPARE_WITH_TIMEOUT(int(view.groups().size()), 1, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(view.groups()[0].stats.n == 2, 5000);
    const auto table = view.groupTextTable();
    QCOMPARE(table.rows.size(), 1);
    QCOMPARE(table.rows[0][3], QStringLiteral("60.0"));
  }
};

QTEST_MAIN(TestUiRuns)
#include "test_ui_runs.moc"
