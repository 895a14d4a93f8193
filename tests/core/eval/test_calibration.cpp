// Calibration: the arithmetic on a constructed case, and end to end on tiny-bert that the prior is the
// model's class distribution for the content-free renderings of the same template.
#include <QtTest>
#include <cmath>
#include <limits>

#include "common/error.h"
#include "eval/calibration.h"
#include "eval/eval_session.h"
#include "eval_test_data.h"

using namespace pwb::eval;

namespace {
const std::string kTiny = std::string(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert";
}

class TestCalibration : public QObject {
  Q_OBJECT
 private slots:
  void constructedCaseFlipsPrediction() {
    // The model prefers class 0 for everything (prior 0.8/0.2); an example at 0.7/0.3 is, relative to that
    // bias, evidence for class 1: (0.7/0.8, 0.3/0.2) = (0.875, 1.5) -> (0.368421, 0.631579).
    const auto p = applyPrior({0.7, 0.3}, {0.8, 0.2});
    QVERIFY(std::abs(p[0] - 0.875 / 2.375) < 1e-12);
    QVERIFY(std::abs(p[1] - 1.5 / 2.375) < 1e-12);
    QCOMPARE(argmax({0.7, 0.3}), 0);
    QCOMPARE(argmax(p), 1);
    // A uniform prior changes nothing.
    const auto same = applyPrior({0.2, 0.5, 0.3}, {1.0 / 3, 1.0 / 3, 1.0 / 3});
    QVERIFY(std::abs(same[1] - 0.5) < 1e-12);
    const auto s = softmax({std::log(1.0), std::log(3.0)});
    QVERIFY(std::abs(s[1] - 0.75) < 1e-12);
    const auto m = meanProbs({{0.2, 0.8}, {0.6, 0.4}});
    QVERIFY(std::abs(m[0] - 0.4) < 1e-12);
    QVERIFY_THROWS_EXCEPTION(pwb::Error, applyPrior({0.5, 0.5}, {1.0}));
    QVERIFY_THROWS_EXCEPTION(pwb::Error, applyPrior({0.5, 0.5}, {1.0, 0.0}));
  }

  // std::max_element keeps index 0 when the first value is NaN (every comparison is false): the argmax of
  // a NaN row used to be class 0. Now no class.
  void argmaxOfNonFiniteValuesIsNoClass() {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    QCOMPARE(argmax({nan, 0.3}), -1);
    QCOMPARE(argmax({0.3, nan}), -1);
    QCOMPARE(argmax({0.1, inf}), -1);
    QCOMPARE(argmax({-inf, 0.1}), -1);
    QCOMPARE(argmax(softmax({nan, 1.0})), -1);
    QVERIFY(allFinite({0.1, -3.0}));
    QVERIFY(!allFinite({0.1, nan}));
    QCOMPARE(nonFiniteNote(3, 20, "L12"), std::string("3 of 20 examples have NaN or infinite class scores "
                                                      "(first: L12): no class is predicted for them and "
                                                      "they count as wrong"));
    QCOMPARE(nonFiniteNote(1, 1, ""), std::string("1 of 1 example has NaN or infinite class scores (first: "
                                                  "unnamed): no class is predicted for it and it counts as "
                                                  "wrong"));
  }

  void priorIsTheContentFreePrediction() {
    EvalSession session(kTiny, {"cpu", 1, false});
    // The data: the two content-free inputs themselves plus a real sentence.
    const auto data = testing::sentences({{"N/A", "1"}, {"", "0"}, {"the film is great .", "1"}});
    EvalRequest req;
    req.data = data;
    req.templateText = "{s} it was [MASK] .";
    req.verbalizerText = "1=great;0=terrible";
    const auto raw = session.evaluate(req);
    QVERIFY(raw.prior.empty());
    QCOMPARE(raw.examples.size(), size_t(3));

    // Template-only: prior = the prediction for the empty field, so that example becomes uniform (up to
    // float rounding: the prior is encoded alone, the example inside a padded batch).
    req.options.calibration = Calibration::TemplateOnly;
    const auto tonly = session.evaluate(req);
    QCOMPARE(tonly.prior.size(), size_t(2));
    QVERIFY(std::abs(tonly.prior[0] - raw.examples[1].probs[0]) < 1e-5);
    QVERIFY(std::abs(tonly.examples[1].probs[0] - 0.5) < 1e-5);
    // The raw scores are untouched by calibration; the probabilities are divided by the prior.
    QCOMPARE(tonly.examples[2].scores, raw.examples[2].scores);
    const auto expect = applyPrior(raw.examples[2].probs, tonly.prior);
    QVERIFY(std::abs(tonly.examples[2].probs[1] - expect[1]) < 1e-5);

    // Content-free: the mean of the "N/A" and "" predictions.
    req.options.calibration = Calibration::ContentFree;
    const auto cf = session.evaluate(req);
    for (int c = 0; c < 2; ++c) {
      const double mean = (raw.examples[0].probs[c] + raw.examples[1].probs[c]) / 2;
      QVERIFY(std::abs(cf.prior[c] - mean) < 1e-5);
    }
    QVERIFY(std::abs(cf.examples[2].probs[0] - applyPrior(raw.examples[2].probs, cf.prior)[0]) < 1e-5);
    QVERIFY(!cf.notes.empty());
  }
};

QTEST_GUILESS_MAIN(TestCalibration)
#include "test_calibration.moc"
