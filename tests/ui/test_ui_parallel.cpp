// Parallel coordinates of a sweep, checked on a hand case: where each run's line crosses each axis (text
// axis in sorted order, lr on a log scale, batch linear, a missing prompt length below its axis, the metric
// last), the tick labels, the colour of the best run, hovering and clicking a line, and choosing axes.
#include <qcustomplot.h>

#include <QMouseEvent>
#include <QSignalSpy>
#include <QtTest>
#include <cmath>

#include "ui/parallel_coordinates.h"
#include "ui_test_support.h"

using namespace pwb;
using namespace pwb::ui;

namespace {

store::SweepPoint point(int64_t id, const std::string& method, double lr, int batch, double dev,
                        std::optional<double> test, int promptLength = 0) {
  store::SweepPoint p;
  p.runId = id;
  p.name = method + " run";
  p.method = method;
  p.seed = 13;
  p.params = {{"method", method}, {"lr", lr}, {"batch_size", batch}};
  if (promptLength) p.params["prompt_length"] = promptLength;
  p.dev = dev;
  p.test = test;
  return p;
}

bool near(double a, double b) {
  return std::abs(a - b) < 1e-9;
}

}  // namespace

class TestUiParallel : public QObject {
  Q_OBJECT
  std::vector<store::SweepPoint> points_ = {point(1, "prompt-ft", 1e-5, 2, 0.5, 0.4),
                                            point(2, "prompt-tuning", 1e-4, 4, 0.6, std::nullopt, 4),
                                            point(3, "prompt-ft", 1e-3, 8, 0.7, std::nullopt)};
  std::vector<std::string> params_ = {"method", "lr", "batch_size", "prompt_length"};

 private slots:
  void initTestCase() { test::isolateSettings(); }

  void mapsValuesOntoAxes() {
    ParallelCoordinates pc;
    pc.setPoints(points_, params_);
    const auto& axes = pc.axes();
    QCOMPARE(int(axes.size()), 5);
    QCOMPARE(axes[0].kind, ParallelAxis::Kind::Categorical);
    QCOMPARE(axes[0].categories, (QStringList{"prompt-ft", "prompt-tuning"}));
    QCOMPARE(axes[1].kind, ParallelAxis::Kind::Log);
    QCOMPARE(axes[2].kind, ParallelAxis::Kind::Linear);
    QVERIFY(axes[3].hasMissing);
    QCOMPARE(axes[4].key, std::string("best_dev_accuracy"));
    // Run 2: prompt-tuning (top of 2 categories), lr 1e-4 (middle of 1e-5..1e-3 in log10), batch 4
    // ((4 - 2) / (8 - 2) = 1/3), the only prompt length (0.5), dev 60 % ((60 - 50) / (70 - 50) = 0.5).
    const auto line2 = pc.lineOf(2);
    QCOMPARE(int(line2.size()), 5);
    const double want2[] = {1.0, 0.5, 1.0 / 3.0, 0.5, 0.5};
    for (int i = 0; i < 5; ++i) {
      QCOMPARE(line2[size_t(i)].x(), double(i));
      QVERIFY2(near(line2[size_t(i)].y(), want2[i]), qPrintable(QString::number(line2[size_t(i)].y())));
    }
    // Run 1: bottom everywhere, prompt length missing (below the axis); run 3: top but method.
    const double want1[] = {0.0, 0.0, 0.0, ParallelAxis::kMissing, 0.0};
    const double want3[] = {0.0, 1.0, 1.0, ParallelAxis::kMissing, 1.0};
    for (int i = 0; i < 5; ++i) {
      QVERIFY(near(pc.lineOf(1)[size_t(i)].y(), want1[i]));
      QVERIFY(near(pc.lineOf(3)[size_t(i)].y(), want3[i]));
    }
    // lr ticks at every decade, written compactly; the metric axis in percent.
    const auto lrTicks = axes[1].ticks();
    QCOMPARE(int(lrTicks.size()), 3);
    QCOMPARE(lrTicks[0].second, QStringLiteral("1e-5"));
    QVERIFY(near(lrTicks[1].first, 0.5));
    QCOMPARE(lrTicks[1].second, QStringLiteral("0.0001"));  // the shortest spelling
    QCOMPARE(lrTicks[2].second, QStringLiteral("0.001"));
    // Few values: a tick at each, whole numbers as such; the metric in percent with one decimal.
    const auto batchTicks = axes[2].ticks();
    QCOMPARE(int(batchTicks.size()), 3);
    QCOMPARE(batchTicks[1].second, QStringLiteral("4"));
    QVERIFY(near(batchTicks[1].first, 1.0 / 3.0));
    QCOMPARE(axes[4].ticks()[1].second, QStringLiteral("60.0"));
    QCOMPARE(axes[4].min, 50.0);
    QCOMPARE(axes[4].max, 70.0);
    QCOMPARE(axes[3].ticks().back().second, QStringLiteral("—"));
  }

  void hoverAndClickFindTheRun() {
    ParallelCoordinates pc;
    pc.resize(900, 420);
    pc.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pc));
    pc.setPoints(points_, params_);
    QCustomPlot* plot = pc.plot();
    plot->replot();
    // The best run (dev 70 %) is drawn in the brightest colour of the scale.
    const auto* best = plot->graph(2);
    QCOMPARE(best->pen().color(), QColor(253, 231, 37));
    // On the lr axis (x = 1) the three runs cross at 0, 0.5 and 1: the pixel of run 2's crossing.
    const QPointF at(plot->xAxis->coordToPixel(1.0), plot->yAxis->coordToPixel(0.5));
    QCOMPARE(pc.runAt(at), qint64(2));
    QCOMPARE(pc.runAt(QPointF(plot->xAxis->coordToPixel(1.0), plot->yAxis->coordToPixel(0.25))), qint64(0));
    QSignalSpy hovered(&pc, &ParallelCoordinates::runHovered);
    QMouseEvent move(QEvent::MouseMove, at, plot->mapToGlobal(at), Qt::NoButton, Qt::NoButton,
                     Qt::NoModifier);
    QApplication::sendEvent(plot, &move);
    QCOMPARE(pc.hoveredRun(), qint64(2));
    QCOMPARE(hovered.count(), 1);
    QCOMPARE(plot->graph(1)->pen().widthF(), 3.5);
    QVERIFY(pc.describeRun(2).contains(QStringLiteral("lr 0.0001")));
    QSignalSpy selected(&pc, &ParallelCoordinates::runSelected);
    QMouseEvent release(QEvent::MouseButtonRelease, at, plot->mapToGlobal(at), Qt::LeftButton, Qt::NoButton,
                        Qt::NoModifier);
    QApplication::sendEvent(plot, &release);
    QCOMPARE(pc.selectedRun(), qint64(2));
    QCOMPARE(selected.count(), 1);
    QCOMPARE(selected.first().first().toLongLong(), qint64(2));
  }

  void axesCanBeChosen() {
    ParallelCoordinates pc;
    pc.setPoints(points_, params_);
    pc.setVisibleParams({QStringLiteral("lr"), QStringLiteral("method")});
    QCOMPARE(pc.visibleParams(), (QStringList{"method", "lr"}));
    QCOMPARE(int(pc.axes().size()), 3);
    QCOMPARE(pc.axes()[1].key, std::string("lr"));
    QCOMPARE(int(pc.lineOf(3).size()), 3);
    // Coloured by test accuracy: only run 1 has one, so the others sit below the metric axis.
    pc.setUseTestMetric(true);
    QCOMPARE(pc.axes().back().key, std::string("test_accuracy"));
    QVERIFY(pc.axes().back().hasMissing);
    QVERIFY(near(pc.lineOf(1).back().y(), 0.5));
    QVERIFY(near(pc.lineOf(2).back().y(), ParallelAxis::kMissing));
    // Until axes are chosen, a setting every run shares has none.
    auto same = points_;
    for (auto& p : same) p.params["k"] = 16;
    ParallelCoordinates fresh;
    fresh.setPoints(same, {"method", "k", "lr"});
    QCOMPARE(fresh.visibleParams(), (QStringList{"method", "lr"}));
    // New points keep the choice of axes.
    pc.setPoints(points_, params_);
    QCOMPARE(pc.visibleParams(), (QStringList{"method", "lr"}));
  }
};

QTEST_MAIN(TestUiParallel)
#include "test_ui_parallel.moc"
