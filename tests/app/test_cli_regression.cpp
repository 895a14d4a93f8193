// `pwb eval --task regression` as a user runs it: a JSONL with a numeric "score" and bad targets on the
// tiny-bert fixture. Each p_upper must be p(yes) / (p(yes) + p(no)) from `pwb fill-mask`'s full-vocabulary
// probabilities for the same rendered sentence (another command, another code path), the prediction
// VL + (VU - VL) * p_upper, and the metrics Pearson / Spearman / MSE of those predictions worked out here;
// bad targets come back by line; classification-only options are refused.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <cmath>

#include "pwb_process.h"

using pwb::test::PwbRun;
using pwb::test::runPwbAll;

namespace {

const QString kTinyBert = QString(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert";

QJsonObject json(const PwbRun& r) {
  return QJsonDocument::fromJson(r.out.toUtf8()).object();
}

double probOf(const PwbRun& fill, const QString& token) {
  const auto preds = json(fill)["masks"].toArray().at(0).toObject()["predictions"].toArray();
  for (const auto& p : preds)
    if (p.toObject()["token"].toString() == token) return p.toObject()["probability"].toDouble();
  return -1;
}

}  // namespace

class TestCliRegression : public QObject {
  Q_OBJECT

 private slots:
  void polesMatchFillMaskAndBadTargetsByLine() {
    QTemporaryDir dir;
    const QString data = dir.filePath("sts.jsonl");
    QFile f(data);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(
        "{\"text\": \"a great film\", \"score\": 5}\n"
        "{\"text\": \"dull\", \"score\": \"five\"}\n"
        "{\"text\": \"terrible\", \"score\": 0.5}\n"
        "{\"text\": \"odd\", \"score\": null}\n"
        "{\"text\": \"the news was good\", \"score\": 3}\n");
    f.close();
    const QStringList common{"eval",   "--task",    "regression", "--model",    kTinyBert,
                             "--data", data,        "--target",   "score",      "--device",
                             "cpu",    "--threads", "1",          "--template", "{text} it was [MASK] ."};
    const QStringList fill{"fill-mask", "--model", kTinyBert, "--top-k", "190", "--json", "--device", "cpu"};
    const auto runs = runPwbAll({
        common + QStringList{"--poles", "0=no;5=yes", "--json", "--examples"},
        fill + QStringList{"a great film it was [MASK] ."},
        fill + QStringList{"terrible it was [MASK] ."},
        fill + QStringList{"the news was good it was [MASK] ."},
        common + QStringList{"--poles", "0=no;5=yes"},
        common + QStringList{"--poles", "0=no;5=yes", "--verbalizer", "0=no;1=yes"},
        common + QStringList{"--poles", "no"},
        {"eval", "--model", kTinyBert, "--data", data, "--template", "{text} [MASK]", "--verbalizer", "x",
         "--poles", "no;yes"},
        common + QStringList{"--poles", "no;yes", "--task", "ranking"},
    });
    for (int i : {0, 1, 2, 3, 4}) QVERIFY2(runs[i].exitCode == 0, qPrintable(runs[i].err));

    const auto out = json(runs[0]);
    const auto problems = out["data"].toObject()["problems"].toArray();
    QCOMPARE(problems.size(), 2);
    QCOMPARE(problems[0].toObject()["line"].toInt(), 2);
    QCOMPARE(problems[0].toObject()["message"].toString(), QString("target 'five' is not a number"));
    QCOMPARE(problems[1].toObject()["line"].toInt(), 4);
    QVERIFY(problems[1].toObject()["message"].toString().startsWith("missing target"));

    const auto r = out["result"].toObject();
    QCOMPARE(r["task"].toString(), QString("regression"));
    QVERIFY(!r.contains("accuracy"));
    const auto ex = r["examples"].toArray();
    QCOMPARE(ex.size(), 3);
    const std::vector<double> gold{5, 0.5, 3};
    std::vector<double> pred;
    for (int i = 0; i < 3; ++i) {
      const double yes = probOf(runs[1 + i], "yes"), no = probOf(runs[1 + i], "no");
      QVERIFY(yes > 0 && no > 0);
      const double pUpper = yes / (yes + no);
      const auto e = ex[i].toObject();
      QVERIFY2(std::abs(e["p_upper"].toDouble() - pUpper) < 1e-5, qPrintable(QString::number(pUpper)));
      QVERIFY(std::abs(e["prediction"].toDouble() - 5 * e["p_upper"].toDouble()) < 1e-9);
      QCOMPARE(e["gold"].toDouble(), gold[i]);
      pred.push_back(e["prediction"].toDouble());
    }
    // Pearson, MSE and Spearman of three points, by hand.
    const double mg = (gold[0] + gold[1] + gold[2]) / 3, mp = (pred[0] + pred[1] + pred[2]) / 3;
    double sgp = 0, sgg = 0, spp = 0, se = 0;
    for (int i = 0; i < 3; ++i) {
      sgp += (gold[i] - mg) * (pred[i] - mp);
      sgg += (gold[i] - mg) * (gold[i] - mg);
      spp += (pred[i] - mp) * (pred[i] - mp);
      se += (pred[i] - gold[i]) * (pred[i] - gold[i]);
    }
    const auto m = r["metrics"].toObject();
    QCOMPARE(m["count"].toInt(), 3);
    QVERIFY(std::abs(m["pearson"].toDouble() - sgp / std::sqrt(sgg * spp)) < 1e-9);
    QVERIFY(std::abs(m["mse"].toDouble() - se / 3) < 1e-9);
    // Three distinct values: Spearman is 1 - 6 * sum(d^2) / (n (n^2 - 1)) with the gold ranks 3 1 2.
    std::vector<int> order{0, 1, 2};
    std::sort(order.begin(), order.end(), [&](int a, int b) { return pred[a] < pred[b]; });
    std::vector<double> rank(3);
    for (int k = 0; k < 3; ++k) rank[order[k]] = k + 1;
    const double d2 = std::pow(rank[0] - 3, 2) + std::pow(rank[1] - 1, 2) + std::pow(rank[2] - 2, 2);
    QVERIFY(std::abs(m["spearman"].toDouble() - (1 - 6 * d2 / 24)) < 1e-9);

    // The text report names the task's metrics.
    QVERIFY(runs[4].out.contains("pearson:") && runs[4].out.contains("spearman:") &&
            !runs[4].out.contains("accuracy"));
    QVERIFY(runs[4].out.contains("sts.jsonl:2: target 'five' is not a number"));

    QCOMPARE(runs[5].exitCode, 2);
    QVERIFY2(runs[5].err.contains("--verbalizer: not applicable to --task regression"),
             qPrintable(runs[5].err));
    QCOMPARE(runs[6].exitCode, 1);
    QVERIFY2(runs[6].err.contains("two label words"), qPrintable(runs[6].err));
    QCOMPARE(runs[7].exitCode, 2);
    QVERIFY2(runs[7].err.contains("--poles needs --task regression"), qPrintable(runs[7].err));
    QCOMPARE(runs[8].exitCode, 2);
    QVERIFY2(runs[8].err.contains("classification | regression"), qPrintable(runs[8].err));
  }

  // pwb train --task regression: a short prompt-ft run on the tiny-bert fixture reports Pearson, Spearman
  // and MSE per seed (JSON keys named after the task, no accuracy); --verbalizer is refused with it.
  void trainReportsRegressionMetrics() {
    QTemporaryDir dir;
    const QString train = dir.filePath("train.tsv"), test = dir.filePath("test.tsv");
    for (const QString& path : {train, test}) {
      QFile f(path);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write("sentence\tscore\n");
      const char* words[] = {"terrible", "boring", "good", "great"};
      for (int i = 0; i < 24; ++i)
        f.write(QStringLiteral("the film is %1 .\t%2\n")
                    .arg(words[i % 4])
                    .arg((i % 4) + 0.25 * (i % 3))
                    .toUtf8());
      f.close();
    }
    const QStringList common{"train",
                             "--task",
                             "regression",
                             "--model",
                             kTinyBert,
                             "--train",
                             train,
                             "--test",
                             test,
                             "--target",
                             "score",
                             "--poles",
                             "0=terrible;4=great",
                             "--template",
                             "{sentence} it was [MASK] .",
                             "--k",
                             "4",
                             "--seeds",
                             "13",
                             "--steps",
                             "2",
                             "--batch",
                             "4",
                             "--eval-every",
                             "1",
                             "--device",
                             "cpu",
                             "--threads",
                             "1",
                             "--max-length",
                             "32"};
    const auto runs = runPwbAll(
        {common + QStringList{"--json", "--quiet"}, common + QStringList{"--verbalizer", "0=bad;1=good"}});
    QVERIFY2(runs[0].exitCode == 0, qPrintable(runs[0].err));
    const auto out = json(runs[0]);
    QCOMPARE(out["task"].toString(), QString("regression"));
    const auto seed = out["seeds"].toArray().at(0).toObject();
    QVERIFY(seed.contains("test_pearson") && seed.contains("test_spearman") && seed.contains("test_mse"));
    QVERIFY(seed.contains("best_dev_pearson") && !seed.contains("test_accuracy"));
    QVERIFY(seed["test_mse"].toDouble() >= 0);
    QCOMPARE(out["summary"].toObject()["metric"].toString(), QString("test_pearson"));
    QCOMPARE(runs[1].exitCode, 2);
    QVERIFY2(runs[1].err.contains("not applicable to --task regression"), qPrintable(runs[1].err));
  }
};

QTEST_GUILESS_MAIN(TestCliRegression)
#include "test_cli_regression.moc"
