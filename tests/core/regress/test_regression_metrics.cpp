// Pearson, Spearman (average ranks for ties, as scipy.stats.spearmanr) and MSE against numbers worked out
// by hand in the comments.
#include <QtTest>
#include <cmath>

#include "common/error.h"
#include "regress/regression_metrics.h"

using namespace pwb;

class TestRegressionMetrics : public QObject {
  Q_OBJECT
 private slots:
  void pearsonSpearmanMseByHand() {
    // gold deviations from 3: -2 -1 0 1 2 (sum of squares 10); pred mean 3.4, deviations -1.4 -2.4 0.6 -0.4
    // 3.6 (sum of squares 21.2); cross sum 2.8 + 2.4 + 0 - 0.4 + 7.2 = 12 -> r = 12 / sqrt(212).
    // Ranks of pred: 2 1 4 3 5 -> the same cross sum as Pearson of (-2..2) with (-1 -2 1 0 2): 8 / 10.
    // MSE: (1 + 1 + 1 + 1 + 4) / 5.
    const auto m = regress::regressionMetrics({1, 2, 3, 4, 5}, {2, 1, 4, 3, 7});
    QCOMPARE(m.count, size_t(5));
    QVERIFY(std::abs(m.pearson - 12.0 / std::sqrt(212.0)) < 1e-12);
    QVERIFY(std::abs(m.pearson - 0.8241633) < 1e-6);
    QVERIFY(std::abs(m.spearman - 0.8) < 1e-12);
    QVERIFY(std::abs(m.mse - 1.6) < 1e-12);
  }

  // Bug 13 of tests/fuzz/RESULTS.md (fuzz_task_import): sums of squares of values near 1e-170 underflowed
  // and those near 1e200 overflowed, giving "correlations" far outside [-1, 1]. The same series scaled by
  // any power of ten has the same Pearson (12 / sqrt(212), above), and a perfectly linear one is exactly 1.
  void pearsonIsScaleFreeAtTheEdgesOfDouble() {
    for (double scale : {1e-170, 1e-300, 1e200, 1e300}) {
      std::vector<double> gold{1, 2, 3, 4, 5}, pred{2, 1, 4, 3, 7};
      for (auto& x : gold) x *= scale;
      for (auto& x : pred) x *= scale;
      const double r = regress::pearson(gold, pred);
      QVERIFY2(std::abs(r - 12.0 / std::sqrt(212.0)) < 1e-9,
               qPrintable(QString::number(scale) + ": " + QString::number(r)));
    }
    QCOMPARE(regress::pearson({1e-310, 2e-310, 3e-310}, {2e-300, 4e-300, 6e-300}), 1.0);
    const double tiny =
        regress::pearson({1.36e-312, 1.2e-178, 2.5e-323, 8.1e-320}, {3.9e-312, 8.1e-320, 7.3e-304, 8.1e-320});
    QVERIFY(tiny >= -1 && tiny <= 1);
  }

  void averageRanksForTies() {
    QCOMPARE(regress::averageRanks({5, 1, 5}), (std::vector<double>{2.5, 1, 2.5}));
    QCOMPARE(regress::averageRanks({3, 1, 3, 3, 2}), (std::vector<double>{4, 1, 4, 4, 2}));
    QCOMPARE(regress::averageRanks({}), std::vector<double>{});
  }

  void spearmanWithTies() {
    // Ranks: gold 1 2.5 2.5 4, pred 1 4 2.5 2.5; deviations from 2.5: (-1.5 0 0 1.5) and (-1.5 1.5 0 0);
    // cross 2.25, squares 4.5 and 4.5 -> 0.5 (scipy.stats.spearmanr([1,2,2,3], [1,3,2,2]) = 0.5). Ordinal
    // ranks (ties broken by position) would give 0.4 here.
    QVERIFY(std::abs(regress::spearman({1, 2, 2, 3}, {1, 3, 2, 2}) - 0.5) < 1e-12);
    // Pearson of the same values: means 2; cross 1 + 0 + 0 + 0 = 1, squares 2 and 2 -> 0.5 too; a
    // case where they differ: Spearman of a monotone but curved relation is 1, Pearson less.
    const std::vector<double> x{1, 2, 3, 4}, y{1, 4, 9, 100};
    QVERIFY(std::abs(regress::spearman(x, y) - 1.0) < 1e-12);
    QVERIFY(regress::pearson(x, y) < 0.9);
  }

  void undefinedCases() {
    // A constant side has no variance: NaN, as scipy gives.
    const auto m = regress::regressionMetrics({1, 2, 3}, {2, 2, 2});
    QVERIFY(std::isnan(m.pearson));
    QVERIFY(std::isnan(m.spearman));
    QVERIFY(std::abs(m.mse - 2.0 / 3.0) < 1e-12);
    QVERIFY(std::isnan(regress::regressionMetrics({}, {}).mse));
    QVERIFY(std::isnan(regress::pearson({1}, {2})));
    QVERIFY_THROWS_EXCEPTION(Error, regress::regressionMetrics({1, 2}, {1}));
    QVERIFY_THROWS_EXCEPTION(Error, regress::regressionMetrics({1, NAN}, {1, 2}));
  }
};

QTEST_GUILESS_MAIN(TestRegressionMetrics)
#include "test_regression_metrics.moc"
