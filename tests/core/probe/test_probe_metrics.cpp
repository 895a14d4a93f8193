// P@1, P@10 and MRR from ranks against hand numbers, and the multi-piece option's spelling.
#include <QtTest>

#include "common/error.h"
#include "probe/probe_metrics.h"

using namespace pwb;

class TestProbeMetrics : public QObject {
  Q_OBJECT
 private slots:
  void handNumbers() {
    // Ranks 1, 3, 12, 1, 10: two at rank 1 (P@1 2/5), four within 10 (P@10 4/5),
    // MRR (1 + 1/3 + 1/12 + 1 + 1/10) / 5 = (151/60) / 5 = 151/300.
    const auto m = probe::probeMetrics({1, 3, 12, 1, 10});
    QCOMPARE(m.count, size_t(5));
    QCOMPARE(m.p1, 0.4);
    QCOMPARE(m.p10, 0.8);
    QVERIFY(std::abs(m.mrr - 151.0 / 300.0) < 1e-12);
  }
  void rankElevenIsOutsideP10() {
    const auto m = probe::probeMetrics({11});
    QCOMPARE(m.p10, 0.0);
    QVERIFY(std::abs(m.mrr - 1.0 / 11.0) < 1e-12);
  }
  void noRanks() {
    const auto m = probe::probeMetrics({});
    QCOMPARE(m.count, size_t(0));
    QCOMPARE(m.p1, 0.0);
    QCOMPARE(m.mrr, 0.0);
  }
  void rankBelowOneIsAnError() { QVERIFY_THROWS_EXCEPTION(Error, probe::probeMetrics({1, 0})); }
  void multiPieceNames() {
    QCOMPARE(int(probe::parseMultiPieceAnswers("skip")), int(probe::MultiPieceAnswers::Skip));
    QCOMPARE(int(probe::parseMultiPieceAnswers("first-piece")), int(probe::MultiPieceAnswers::FirstPiece));
    QCOMPARE(std::string(probe::multiPieceAnswersName(probe::MultiPieceAnswers::FirstPiece)),
             std::string("first-piece"));
    QVERIFY_THROWS_EXCEPTION(Error, probe::parseMultiPieceAnswers("first"));
  }
};

QTEST_GUILESS_MAIN(TestProbeMetrics)
#include "test_probe_metrics.moc"
