// `pwb choice` and `pwb multilabel` as a user runs them (issue 17), on the tiny-bert fixture.
//  - choice: with one-token options, PET's score of an option is its log-probability at the mask, so it
//    must equal log(probability) of that token in `pwb fill-mask`'s full list for the same rendered text
//    (another command, another code path); accuracy from the rows; --score mean; bad rows by line; errors.
//  - multilabel: every predicted set is the labels whose probability reaches the threshold, and micro-F1,
//    macro-F1 and subset accuracy follow from those sets and the gold sets (recomputed here); bad rows
//    by line; errors.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

#include "pwb_process.h"

using pwb::test::PwbRun;
using pwb::test::runPwbAll;

namespace {

const QString kTinyBert = QString(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert";

QJsonObject json(const PwbRun& r) {
  return QJsonDocument::fromJson(r.out.toUtf8()).object();
}

double probIn(const PwbRun& fill, const QString& token) {
  const auto preds = json(fill)["masks"].toArray().at(0).toObject()["predictions"].toArray();
  for (const auto& p : preds)
    if (p.toObject()["token"].toString() == token) return p.toObject()["probability"].toDouble();
  return -1;
}

void writeFile(const QString& path, const char* text) {
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write(text);
}

}  // namespace

class TestCliChoice : public QObject {
  Q_OBJECT

 private slots:
  void choiceMatchesFillMask() {
    QTemporaryDir dir;
    const QString data = dir.filePath("mc.jsonl");
    writeFile(
        data,
        "{\"question\": \"the film was\", \"choices\": [\"great\", \"terrible\", \"boring\"], "
        "\"answerKey\": \"A\"}\n"
        "{\"question\": \"the film was\", \"choices\": [\"great\"], \"answerKey\": \"A\"}\n"
        "{\"question\": \"paris is in\", \"choices\": [\"france\", \"china\", \"news\"], \"answerKey\": "
        "\"B\"}\n"
        "{\"question\": \"x\", \"choices\": [\"a\", \"b\", \"c\"], \"answerKey\": \"E\"}\n");
    const QString tpl = "question : {question} answer : [MASK] .";
    const QStringList common{"choice",   "--model", kTinyBert,   "--data", data,     "--template", tpl,
                             "--device", "cpu",     "--threads", "1",      "--json", "--examples"};
    auto fill = [](const QString& text) {
      return QStringList{"fill-mask", "--model",  kTinyBert, "--top-k", "190",
                         "--json",    "--device", "cpu",     text};
    };
    const auto runs = runPwbAll({
        common,
        common + QStringList{"--score", "mean"},
        fill("question : the film was answer : [MASK] ."),
        fill("question : paris is in answer : [MASK] ."),
        {"choice", "--model", kTinyBert, "--data", data, "--template", tpl, "--score", "max"},
        {"choice", "--model", kTinyBert, "--data", data, "--template", tpl, "--stop-on-error"},
        {"choice", "--model", kTinyBert, "--data", data, "--template", tpl, "--device", "cpu"},
    });
    for (int i : {0, 1, 2, 3, 6}) QVERIFY2(runs[i].exitCode == 0, qPrintable(runs[i].err));
    const auto out = json(runs[0]);
    const auto problems = out["data"].toObject()["problems"].toArray();
    QCOMPARE(problems.size(), 2);
    QCOMPARE(problems[0].toObject()["line"].toInt(), 2);
    QCOMPARE(problems[0].toObject()["message"].toString(), QString("fewer than 2 options (1)"));
    QCOMPARE(problems[1].toObject()["line"].toInt(), 4);
    const auto r = out["result"].toObject();
    const auto ex = r["examples"].toArray();
    QCOMPARE(ex.size(), 2);
    const std::vector<std::vector<QString>> words = {{"great", "terrible", "boring"},
                                                     {"france", "china", "news"}};
    int correct = 0;
    for (int i = 0; i < 2; ++i) {
      const auto e = ex[i].toObject();
      const auto scores = e["scores"].toArray();
      int best = 0;
      for (int k = 0; k < 3; ++k) {
        const double p = probIn(runs[2 + i], words[size_t(i)][size_t(k)]);
        QVERIFY(p > 0);
        QVERIFY2(std::abs(scores[k].toDouble() - std::log(p)) < 1e-4,
                 qPrintable(words[size_t(i)][size_t(k)]));
        if (scores[k].toDouble() > scores[best].toDouble()) best = k;
      }
      QCOMPARE(e["pred"].toString(), QString(QChar('A' + best)));
      correct += e["pred"].toString() == e["gold"].toString();
    }
    QCOMPARE(r["metrics"].toObject()["count"].toInt(), 2);
    QCOMPARE(r["metrics"].toObject()["correct"].toInt(), correct);
    QCOMPARE(r["metrics"].toObject()["accuracy"].toDouble(), correct / 2.0);
    // One piece per option: the mean equals the sum.
    const auto mean = json(runs[1])["result"].toObject();
    QCOMPARE(mean["score"].toString(), QString("mean"));
    QCOMPARE(mean["examples"].toArray()[1].toObject()["scores"].toArray()[0].toDouble(),
             ex[1].toObject()["scores"].toArray()[0].toDouble());

    QCOMPARE(runs[4].exitCode, 1);
    QVERIFY2(runs[4].err.contains("sum, mean"), qPrintable(runs[4].err));
    QCOMPARE(runs[5].exitCode, 1);
    QVERIFY2(runs[5].err.contains("mc.jsonl:2: fewer than 2 options"), qPrintable(runs[5].err));
    QVERIFY(runs[6].out.contains("accuracy:"));
    QVERIFY(runs[6].out.contains("mc.jsonl:4: answer key 'E' is not among the options (A, B, C)"));
  }

  void multilabelMetricsFollowFromTheSets() {
    QTemporaryDir dir;
    const QString data = dir.filePath("ml.tsv");
    writeFile(data,
              "text\tlabels\n"
              "the film was good\tpos;fun\n"
              "bad acting\tneg\n"
              "a boring story\tneg;sad\n"
              "very much fun and great\tpos;fun\n"
              "which movie\tpos\n"
              "no label\t\n");
    const QStringList common{"multilabel",
                             "--model",
                             kTinyBert,
                             "--data",
                             data,
                             "--separator",
                             ";",
                             "--labels",
                             "pos;neg;fun",
                             "--template",
                             "{text} it was [MASK] .",
                             "--verbalizer",
                             "pos=great;neg=terrible;fun=wonderful",
                             "--device",
                             "cpu",
                             "--threads",
                             "1",
                             "--json",
                             "--examples"};
    const auto runs = runPwbAll({
        common,
        common + QStringList{"--threshold", "0.3"},
        common + QStringList{"--threshold", "2"},
        {"multilabel", "--model", kTinyBert, "--data", data, "--separator", ";", "--labels", "pos;neg;fun",
         "--template", "{text} it was [MASK] .", "--verbalizer", "pos=great;neg=terrible;fun=wonderful",
         "--device", "cpu"},
        {"multilabel", "--model", kTinyBert, "--data", data, "--separator", ";", "--labels", "pos;neg;fun",
         "--scheme", "yes-no", "--template", "{text} is it {label} ? [MASK] .", "--device", "cpu", "--json",
         "--examples"},
        {"multilabel", "--model", kTinyBert, "--data", data, "--separator", ";", "--labels", "pos;neg;fun",
         "--scheme", "yes-no", "--template", "{text} it was [MASK] .", "--device", "cpu"},
    });
    for (int i : {0, 1, 3}) QVERIFY2(runs[i].exitCode == 0, qPrintable(runs[i].err));
    for (int run : {0, 1}) {
      const auto out = json(runs[run]);
      const auto problems = out["data"].toObject()["problems"].toArray();
      QCOMPARE(problems.size(), 2);
      QCOMPARE(problems[0].toObject()["line"].toInt(), 4);
      QCOMPARE(problems[0].toObject()["message"].toString(),
               QString("label 'sad' is not in the declared label set (pos, neg, fun)"));
      QCOMPARE(problems[1].toObject()["line"].toInt(), 7);
      const auto r = out["result"].toObject();
      const double t = r["threshold"].toDouble();
      QCOMPARE(t, run == 0 ? 1.0 / 3.0 : 0.3);
      const QStringList labels{"pos", "neg", "fun"};
      int tp = 0, fp = 0, fn = 0, exact = 0;
      std::vector<int> ltp(3), lfp(3), lfn(3);
      const auto ex = r["examples"].toArray();
      QCOMPARE(ex.size(), 4);
      for (const auto& v : ex) {
        const auto e = v.toObject();
        QSet<QString> gold, pred, expected;
        for (const auto& g : e["gold"].toArray()) gold << g.toString();
        for (const auto& p : e["pred"].toArray()) pred << p.toString();
        for (int c = 0; c < 3; ++c)
          if (e["probs"].toArray()[c].toDouble() >= t) expected << labels[c];
        QCOMPARE(pred, expected);
        exact += pred == gold;
        for (int c = 0; c < 3; ++c) {
          const bool g = gold.contains(labels[c]), p = pred.contains(labels[c]);
          tp += g && p, fp += !g && p, fn += g && !p;
          ltp[size_t(c)] += g && p, lfp[size_t(c)] += !g && p, lfn[size_t(c)] += g && !p;
        }
      }
      const auto m = r["metrics"].toObject();
      QVERIFY(std::abs(m["micro_f1"].toDouble() - (2.0 * tp) / std::max(1, 2 * tp + fp + fn)) < 1e-12);
      double f1 = 0;
      int averaged = 0;
      for (size_t c = 0; c < 3; ++c) {
        if (ltp[c] + lfp[c] + lfn[c] == 0) continue;
        f1 += 2.0 * ltp[c] / (2.0 * ltp[c] + lfp[c] + lfn[c]);
        ++averaged;
      }
      QVERIFY(std::abs(m["macro_f1"].toDouble() - (averaged ? f1 / averaged : 0.0)) < 1e-12);
      QCOMPARE(m["subset_accuracy"].toDouble(), exact / 4.0);
    }
    // yes-no: P(yes) per label against 0.5.
    QVERIFY2(runs[4].exitCode == 0, qPrintable(runs[4].err));
    const auto yesNo = json(runs[4])["result"].toObject();
    QCOMPARE(yesNo["scheme"].toString(), QString("yes-no"));
    QCOMPARE(yesNo["threshold"].toDouble(), 0.5);
    for (const auto& v : yesNo["examples"].toArray()) {
      const auto e = v.toObject();
      QStringList expected;
      for (int c = 0; c < 3; ++c)
        if (e["probs"].toArray()[c].toDouble() >= 0.5) expected << QStringList{"pos", "neg", "fun"}[c];
      QStringList pred;
      for (const auto& p : e["pred"].toArray()) pred << p.toString();
      QCOMPARE(pred, expected);
    }
    QCOMPARE(runs[5].exitCode, 1);  // no {label} in the template
    QVERIFY2(runs[5].err.contains("{label}"), qPrintable(runs[5].err));
    QCOMPARE(runs[2].exitCode, 2);
    QVERIFY2(runs[2].err.contains("--threshold"), qPrintable(runs[2].err));
    QVERIFY(runs[3].out.contains("micro-F1:"));
    QVERIFY(runs[3].out.contains("ml.tsv:7: missing label"));
  }
};

QTEST_GUILESS_MAIN(TestCliChoice)
#include "test_cli_choice.moc"
