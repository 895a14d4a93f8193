// Multi-label metrics against numbers worked out by hand (issue 17).
#include <QtTest>
#include <cmath>

#include "common/error.h"
#include "multilabel/multilabel_eval.h"
#include "multilabel/multilabel_metrics.h"

using namespace pwb::multilabel;

class TestMultiLabelMetrics : public QObject {
  Q_OBJECT

 private slots:
  void handNumbers() {
    // Labels a b c d. Per label: a tp 2; b tp 2; c tp 1 (row 3), fp 1 (row 2), fn 2 (rows 1, 4); d never
    // occurs. micro: TP 5, FP 1, FN 2 -> P 5/6, R 5/7, F1 10/13. macro over a, b, c (d occurs nowhere):
    // (1 + 1 + 2/5) / 3 = 0.8. Subset accuracy: only row 3 is exact -> 1/4.
    const std::vector<std::vector<int>> gold = {{0, 2}, {1}, {0, 1, 2}, {2}};
    const std::vector<std::vector<int>> pred = {{0}, {1, 2}, {2, 1, 0}, {}};
    const MultiLabelMetrics m = multiLabelMetrics(gold, pred, 4);
    QCOMPARE(m.count, size_t(4));
    QCOMPARE(m.subsetAccuracy, 0.25);
    QVERIFY(std::abs(m.microPrecision - 5.0 / 6.0) < 1e-12);
    QVERIFY(std::abs(m.microRecall - 5.0 / 7.0) < 1e-12);
    QVERIFY(std::abs(m.microF1 - 10.0 / 13.0) < 1e-12);
    QVERIFY(std::abs(m.macroF1 - 0.8) < 1e-12);
    QCOMPARE(m.perLabel[2].tp, size_t(1));
    QCOMPARE(m.perLabel[2].fp, size_t(1));
    QCOMPARE(m.perLabel[2].fn, size_t(2));
    QVERIFY(std::abs(m.perLabel[2].precision - 0.5) < 1e-12);
    QVERIFY(std::abs(m.perLabel[2].recall - 1.0 / 3.0) < 1e-12);
    QVERIFY(std::abs(m.perLabel[2].f1 - 0.4) < 1e-12);
    QCOMPARE(m.perLabel[3].f1, 0.0);
  }

  void perfectAndEmpty() {
    const MultiLabelMetrics p = multiLabelMetrics({{0, 1}, {1}}, {{1, 0}, {1}}, 2);
    QCOMPARE(p.microF1, 1.0);
    QCOMPARE(p.macroF1, 1.0);
    QCOMPARE(p.subsetAccuracy, 1.0);
    // Nothing predicted: every gold label is a false negative.
    const MultiLabelMetrics n = multiLabelMetrics({{0}, {1}}, {{}, {}}, 2);
    QCOMPARE(n.microF1, 0.0);
    QCOMPARE(n.macroF1, 0.0);
    QCOMPARE(n.subsetAccuracy, 0.0);
  }

  void badInput() {
    QVERIFY_THROWS_EXCEPTION(pwb::Error, multiLabelMetrics({{0}}, {}, 2));
    QVERIFY_THROWS_EXCEPTION(pwb::Error, multiLabelMetrics({{2}}, {{0}}, 2));
  }

  void threshold() {
    QCOMPARE(labelsAbove({0.5, 0.2, 0.3}, 1.0 / 3.0), (std::vector<int>{0}));
    QCOMPARE(labelsAbove({0.5, 0.2, 0.3}, 0.25), (std::vector<int>{0, 2}));
    QCOMPARE(labelsAbove({0.5, 0.2, 0.3}, 0.6), (std::vector<int>{}));
  }
};

QTEST_GUILESS_MAIN(TestMultiLabelMetrics)
#include "test_multilabel_metrics.moc"
