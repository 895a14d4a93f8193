// `pwb fill-mask --fill ORDER` (issue 17): each joint order gives, as JSON and as text, the fills and
// scores of core's EvalSession::fillMasks on the same text (tiny-bert, the text of test_mask_infill where
// the orders differ); --fill independent is today's top-k output; bad options are clear errors.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>
#include <cmath>

#include "eval/eval_session.h"
#include "pwb_process.h"

using pwb::test::PwbRun;
using pwb::test::runPwbAll;

namespace {

const QString kTinyBert = QString(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert";
const QString kText = "[MASK] and very is [MASK] [MASK]";

std::vector<pwb::eval::InfillHypothesis> engine(pwb::eval::FillOrder order, int beam) {
  static pwb::eval::EvalSession session(kTinyBert.toStdString());
  pwb::eval::InfillOptions o;
  o.order = order;
  o.beamWidth = beam;
  o.topN = beam;
  return session.fillMasks("[MASK] and {s} is [MASK] [MASK]", {"sentence"}, {"very"}, o);
}

void compareJson(const PwbRun& run, const std::vector<pwb::eval::InfillHypothesis>& want,
                 const QString& order) {
  QVERIFY2(run.exitCode == 0, qPrintable(run.err));
  const QJsonObject o = QJsonDocument::fromJson(run.out.toUtf8()).object();
  QCOMPARE(o["order"].toString(), order);
  const QJsonArray hyps = o["hypotheses"].toArray();
  QCOMPARE(hyps.size(), int(want.size()));
  for (int h = 0; h < hyps.size(); ++h) {
    const QJsonObject got = hyps[h].toObject();
    const auto& w = want[size_t(h)];
    QCOMPARE(got["text"].toString(), QString::fromStdString(w.text));
    QVERIFY(std::abs(got["score"].toDouble() - w.score) < 1e-6);
    const QJsonArray fills = got["fills"].toArray();
    QCOMPARE(fills.size(), int(w.fills.size()));
    for (int i = 0; i < fills.size(); ++i) {
      const QJsonObject f = fills[i].toObject();
      QCOMPARE(f["token"].toString(), QString::fromStdString(w.fills[size_t(i)].token));
      QCOMPARE(f["id"].toInteger(), w.fills[size_t(i)].id);
      QCOMPARE(f["position"].toInteger(), w.fills[size_t(i)].position);
      QCOMPARE(f["step"].toInt(), w.fills[size_t(i)].step);
      QVERIFY(std::abs(f["log_probability"].toDouble() - w.fills[size_t(i)].logProb) < 1e-6);
    }
    QCOMPARE(got["step_log_probabilities"].toArray().size(), int(w.fills.size()));
  }
}

}  // namespace

class TestCliFillMask : public QObject {
  Q_OBJECT

 private slots:
  void jointOrdersMatchTheEngine() {
    const QStringList base{"fill-mask", "--model", kTinyBert, "--device", "cpu"};
    const QList<PwbRun> r = runPwbAll({base + QStringList{"--fill", "left-to-right", "--json", kText},
                                       base + QStringList{"--fill", "confident-first", "--json", kText},
                                       base + QStringList{"--fill", "beam", "--beam", "3", "--json", kText},
                                       base + QStringList{"--fill", "left-to-right", kText},
                                       base + QStringList{"--fill", "independent", "--json", kText}});
    compareJson(r[0], engine(pwb::eval::FillOrder::LeftToRight, 1), "left-to-right");
    compareJson(r[1], engine(pwb::eval::FillOrder::ConfidentFirst, 1), "confident-first");
    compareJson(r[2], engine(pwb::eval::FillOrder::Beam, 3), "beam");
    QCOMPARE(QJsonDocument::fromJson(r[2].out.toUtf8()).object()["beam"].toInt(), 3);
    // The orders differ on this text: left to right ##sw, confident-first and beam other fills.
    const auto text = [&](int i) {
      return QJsonDocument::fromJson(r[i].out.toUtf8())
          .object()["hypotheses"]
          .toArray()[0]
          .toObject()["text"]
          .toString();
    };
    QCOMPARE(text(0), QString("estion and very issw d"));
    QCOMPARE(text(1), QString("estion and very isestion d"));
    QCOMPARE(text(2), QString("estion and very is t d"));
    // Text output: the score and filled text, then one line per mask.
    QVERIFY2(r[3].exitCode == 0, qPrintable(r[3].err));
    QVERIFY2(r[3].out.startsWith("score -11.6097  estion and very issw d\n"), qPrintable(r[3].out));
    QVERIFY(r[3].out.contains(QRegularExpression("mask at token 5: ##sw +log-prob -4\\.1232 \\(step 2\\)")));
    // Independent: today's per-mask top-k output.
    QVERIFY2(r[4].exitCode == 0, qPrintable(r[4].err));
    const QJsonObject ind = QJsonDocument::fromJson(r[4].out.toUtf8()).object();
    QCOMPARE(ind["masks"].toArray().size(), 3);
    QCOMPARE(ind["masks"].toArray()[0].toObject()["predictions"].toArray().size(), 5);
  }

  void badOptionsAreErrors() {
    const QStringList base{"fill-mask", "--model", kTinyBert, "--device", "cpu"};
    QString many;
    for (int i = 0; i < 17; ++i) many += "[MASK] ";
    const QList<PwbRun> r = runPwbAll({base + QStringList{"--fill", "beam", "--beam", "0", kText},
                                       base + QStringList{"--fill", "sideways", kText},
                                       base + QStringList{"--fill", "left-to-right", "no mask ."},
                                       base + QStringList{"--fill", "confident-first", many},
                                       base + QStringList{"--beam", "2", kText},
                                       base + QStringList{"--fill", "beam", "--top-k", "2", kText}});
    const QStringList want{
        "--beam must be 1..64, got 0",
        "unknown fill order 'sideways' (independent, left-to-right, confident-first or beam)",
        "the text contains no [MASK]",
        "the text has 17 masks; joint filling takes at most 16",
        "--beam N needs --fill beam",
        "--top-k is for the independent order"};
    for (int i = 0; i < r.size(); ++i) {
      QVERIFY2(r[i].exitCode != 0, qPrintable(want[i]));
      QVERIFY2(r[i].err.contains(want[i]), qPrintable(r[i].err));
    }
  }
};

QTEST_MAIN(TestCliFillMask)
#include "test_cli_fill_mask.moc"
