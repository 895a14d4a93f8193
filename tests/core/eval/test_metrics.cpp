// Metrics against hand-computed numbers and the seed summary against the demo model's reference numbers.
#include <QtTest>
#include <cmath>

#include "common/error.h"
#include "eval/metrics.h"

using pwb::eval::computeMetrics;
using pwb::eval::summarizeRuns;

class TestMetrics : public QObject {
  Q_OBJECT
 private slots:
  void threeClassHandComputed() {
    // gold a: predicted a a a b; gold b: b b; gold c: c a c c.
    const std::vector<int> gold{0, 0, 0, 0, 1, 1, 2, 2, 2, 2};
    const std::vector<int> pred{0, 0, 0, 1, 1, 1, 2, 0, 2, 2};
    const auto m = computeMetrics(gold, pred, {"a", "b", "c"});
    QCOMPARE(m.count, 10);
    QCOMPARE(m.correct, 8);
    QCOMPARE(m.accuracy, 0.8);
    const std::vector<std::vector<int>> confusion{{3, 1, 0}, {0, 2, 0}, {1, 0, 3}};
    QVERIFY(m.confusion == confusion);
    QCOMPARE(m.perClass[0].precision, 0.75);
    QCOMPARE(m.perClass[0].recall, 0.75);
    QCOMPARE(m.perClass[1].precision, 2.0 / 3.0);
    QCOMPARE(m.perClass[1].recall, 1.0);
    QCOMPARE(m.perClass[1].f1, 0.8);
    QCOMPARE(m.perClass[2].precision, 1.0);
    QCOMPARE(m.perClass[2].recall, 0.75);
    QVERIFY(std::abs(m.perClass[2].f1 - 6.0 / 7.0) < 1e-12);
    QCOMPARE(m.perClass[2].support, 4);
    QCOMPARE(m.perClass[2].predicted, 3);
    QVERIFY(std::abs(m.macroF1 - (0.75 + 0.8 + 6.0 / 7.0) / 3) < 1e-12);
  }

  void absentClassNotAveragedButNeverPredictedIs() {
    const std::vector<int> gold{0, 0, 0, 0, 1, 1, 2, 2, 2, 2};
    const std::vector<int> pred{0, 0, 0, 1, 1, 1, 2, 0, 2, 2};
    // "d" occurs nowhere: sklearn's macro average (labels=None) leaves it out.
    const auto m = computeMetrics(gold, pred, {"a", "b", "c", "d"});
    QVERIFY(std::abs(m.macroF1 - (0.75 + 0.8 + 6.0 / 7.0) / 3) < 1e-12);
    QCOMPARE(m.perClass[3].f1, 0.0);
    // A class with gold examples that is never predicted counts with F1 = 0 (precision 0, no division).
    const auto all0 = computeMetrics({0, 0, 1, 1}, {0, 0, 0, 0}, {"x", "y"});
    QCOMPARE(all0.accuracy, 0.5);
    QCOMPARE(all0.perClass[1].precision, 0.0);
    QCOMPARE(all0.perClass[1].recall, 0.0);
    QVERIFY(std::abs(all0.perClass[0].f1 - 2.0 / 3.0) < 1e-12);  // P 0.5, R 1
    QVERIFY(std::abs(all0.macroF1 - 1.0 / 3.0) < 1e-12);
  }

  // pred -1 = no prediction (NaN/inf class scores): wrong, in its gold class's support, in no column.
  // gold {0,0,1,1}, pred {0,-1,1,0}: class 0 tp 1 of support 2, predicted 2 (P 1/2, R 1/2, F1 1/2);
  // class 1 tp 1 of support 2, predicted 1 (P 1, R 1/2, F1 2/3); macro-F1 7/12; accuracy 2/4.
  void unpredictedExampleIsWrongAndInNoColumn() {
    const auto m = computeMetrics({0, 0, 1, 1}, {0, -1, 1, 0}, {"a", "b"});
    QCOMPARE(m.count, 4);
    QCOMPARE(m.correct, 2);
    QCOMPARE(m.unpredicted, 1);
    QCOMPARE(m.accuracy, 0.5);
    QCOMPARE(m.perClass[0].support, 2);
    QCOMPARE(m.perClass[0].predicted, 2);
    QCOMPARE(m.perClass[0].recall, 0.5);
    QCOMPARE(m.perClass[1].predicted, 1);
    QCOMPARE(m.perClass[1].precision, 1.0);
    QVERIFY(std::abs(m.macroF1 - 7.0 / 12) < 1e-12);
    QCOMPARE(m.confusion, (std::vector<std::vector<int>>{{1, 0}, {1, 1}}));
    QVERIFY_THROWS_EXCEPTION(pwb::Error, computeMetrics({0}, {-2}, {"a", "b"}));
  }

  void badInputThrows() {
    QVERIFY_THROWS_EXCEPTION(pwb::Error, computeMetrics({0, 1}, {0}, {"a", "b"}));
    QVERIFY_THROWS_EXCEPTION(pwb::Error, computeMetrics({0, 2}, {0, 1}, {"a", "b"}));
    const auto empty = computeMetrics({}, {}, {"a"});
    QCOMPARE(empty.accuracy, 0.0);
  }

  void seedSummaryMatchesReference() {
    // demo_eval.json, few_shot.prompt_ft: 5 seeds, "std" is the population std (LM-BFF).
    const std::vector<double> accs{0.6353651839648545, 0.6595277320153762, 0.6024162548050521,
                                   0.6123009335529929, 0.5809994508511807};
    const auto s = summarizeRuns(accs);
    QCOMPARE(s.runs, 5);
    QVERIFY(std::abs(s.mean - 0.6181219110378913) < 1e-12);
    QVERIFY(std::abs(s.populationStd - 0.027093914220544073) < 1e-12);
    QVERIFY(std::abs(s.sampleStd - 0.027093914220544073 * std::sqrt(5.0 / 4.0)) < 1e-12);
    QCOMPARE(s.median, 0.6123009335529929);
    QCOMPARE(s.min, 0.5809994508511807);
    QCOMPARE(s.max, 0.6595277320153762);
    const auto even = summarizeRuns({4, 1, 3, 2});
    QCOMPARE(even.median, 2.5);
    const auto one = summarizeRuns({0.7});
    QCOMPARE(one.sampleStd, 0.0);
    QCOMPARE(one.populationStd, 0.0);
  }
};

QTEST_GUILESS_MAIN(TestMetrics)
#include "test_metrics.moc"
