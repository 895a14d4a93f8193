// The Train view's loss smoothing against hand-computed values of TensorBoard's formula
// (last = w·last + (1 − w)·y from 0, shown as last / (1 − w^n)), and the fitted y range.
#include <QtTest>
#include <cmath>
#include <limits>

#include "ui/loss_smoothing.h"

using pwb::ui::AxisRange;
using pwb::ui::EmaSmoother;
using pwb::ui::fittedRange;
using pwb::ui::smoothLikeTensorBoard;

namespace {

bool near(double a, double b) {
  return std::abs(a - b) < 1e-12;
}

}  // namespace

class TestUiLossSmoothing : public QObject {
  Q_OBJECT

 private slots:
  // w = 0.5 on 1, 2, 3: last 0.5, 1.25, 2.125; debias 0.5, 0.75, 0.875 → 1, 5/3, 17/7.
  void handNumbers() {
    const auto s = smoothLikeTensorBoard({1, 2, 3}, 0.5);
    QCOMPARE(s.size(), size_t(3));
    QVERIFY(near(s[0], 1.0));
    QVERIFY(near(s[1], 5.0 / 3.0));
    QVERIFY(near(s[2], 17.0 / 7.0));
    // w = 0.9 on 4, 0: last 0.4, 0.36; debias 0.1, 0.19 → 4, 36/19 (the first point is the point itself:
    // no pull towards the zero start).
    const auto t = smoothLikeTensorBoard({4, 0}, 0.9);
    QVERIFY(near(t[0], 4.0));
    QVERIFY(near(t[1], 0.36 / 0.19));
  }

  void zeroWeightIsTheRawCurve() {
    const std::vector<double> y{0.7, 0.2, 1.9, 0.4};
    QCOMPARE(smoothLikeTensorBoard(y, 0.0), y);
  }

  // A non-finite point is shown as it is and skipped by the average: 1, NaN, 3 at w = 0.5 → 1, NaN, 7/3.
  void nonFinitePointsPassThrough() {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const auto s = smoothLikeTensorBoard({1, nan, 3}, 0.5);
    QVERIFY(near(s[0], 1.0));
    QVERIFY(std::isnan(s[1]));
    QVERIFY(near(s[2], 7.0 / 3.0));
    EmaSmoother live(0.5);
    QVERIFY(near(live.add(1), 1.0));
    QVERIFY(std::isnan(live.add(nan)));
    QVERIFY(near(live.add(3), 7.0 / 3.0));
  }

  // All values equal: shown unsmoothed, exactly.
  void constantSeries() {
    QCOMPARE(smoothLikeTensorBoard({0.3, 0.3, 0.3}, 0.99), (std::vector<double>{0.3, 0.3, 0.3}));
    EmaSmoother live(0.99);
    QCOMPARE(live.add(0.3), 0.3);
    QCOMPARE(live.add(0.3), 0.3);
  }

  // Point by point gives the whole series' smoothing.
  void liveEqualsWholeSeries() {
    std::vector<double> y;
    for (int i = 0; i < 200; ++i) y.push_back(2.0 / (1 + i * 0.05) + 0.3 * std::sin(i * 1.7));
    for (double w : {0.0, 0.6, 0.9, 0.99}) {
      const auto whole = smoothLikeTensorBoard(y, w);
      EmaSmoother live(w);
      for (size_t i = 0; i < y.size(); ++i) QVERIFY(near(live.add(y[i]), whole[i]));
    }
  }

  // Every point inside with 5 % of the span spare; not below 0 for non-negative data.
  void rangeHoldsAllPoints() {
    auto check = [](const std::vector<double>& v, double lower, double upper) {
      const AxisRange r = fittedRange(v);
      for (double x : v)
        if (std::isfinite(x) && (x < r.lower || x > r.upper)) return false;
      return near(r.lower, lower) && near(r.upper, upper);
    };
    QVERIFY(check({0.7, 2.3, 1.1}, 0.62, 2.38));  // span 1.6, pad 0.08
    QVERIFY(check({-1, 1}, -1.1, 1.1));
    QVERIFY(check({0.01, 0.5}, 0.0, 0.5245));  // 0.01 − 0.0245 < 0: clamped at 0
    QVERIFY(check({3, 3}, 2.85, 3.15));        // flat: ±5 % of the value
    QVERIFY(check({0}, 0.0, 0.01));
    QVERIFY(check({7.5, std::numeric_limits<double>::infinity(), 0.5}, 0.15, 7.85));
    QVERIFY(check({}, 0.0, 1.0));
  }
};

QTEST_APPLESS_MAIN(TestUiLossSmoothing)
#include "test_ui_loss_smoothing.moc"
