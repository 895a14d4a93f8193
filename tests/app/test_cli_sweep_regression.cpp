// Regression through sweeps, predict and export (issue 17), as a user runs them on the tiny-bert fixture: a
// sweep file with "task": "regression" trains 4 prompt-tuning runs (2 prompt lengths x 2 seeds) that
// record Pearson; `pwb sweep best` picks the prompt length with the higher mean best_dev_pearson (worked
// out here from the stored runs) and reports its test_pearson mean; `pwb predict` on a regression run and
// on its exported bundle writes, per test row, the expectation between the poles that the run stored as its
// test prediction; a PEFT export of it is refused (an adapter has no place for the poles).
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <map>

#include "pwb_process.h"
#include "store/run_store.h"

using pwb::test::PwbRun;
using pwb::test::runPwbAll;

namespace {

const QString kTinyBert = QString(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert";

// tiny-bert's words with a numeric score: the positive sentences 3..5, the negative ones 0..1.
void writeRegressionData(const QString& path, int count, int offset) {
  const char* subjects[] = {"film", "movie", "story", "acting"};
  const char* positive[] = {"wonderful", "great", "like"};
  const char* negative[] = {"terrible", "boring"};
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly));
  QString text = "sentence\tscore\n";
  for (int j = 0; j < count; ++j) {
    const int i = j + offset;
    const bool good = i % 2 == 1;
    text += QString("the %1 is %2%3 .\t%4\n")
                .arg(subjects[i % 4], (i / 2) % 2 ? "very " : "",
                     good ? positive[(i / 2) % 3] : negative[(i / 2) % 2])
                .arg(good ? 3 + (i / 2) % 3 : (i / 2) % 2);
  }
  f.write(text.toUtf8());
}

QJsonArray jsonArray(const PwbRun& r) {
  return QJsonDocument::fromJson(r.out.toUtf8()).array();
}

// The prediction column of `pwb predict`'s CSV (row, line, id, prediction, p_upper), by row.
std::vector<double> csvPredictions(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  const QStringList lines = QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
  std::vector<double> out;
  for (int i = 1; i < lines.size(); ++i) out.push_back(lines[i].split(',').value(3).toDouble());
  return lines.value(0) == "row,line,id,prediction,p_upper" ? out : std::vector<double>{};
}

std::vector<double> jsonlPredictions(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  std::vector<double> out;
  for (const QString& line : QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts))
    out.push_back(QJsonDocument::fromJson(line.toUtf8()).object().value("prediction").toDouble(NAN));
  return out;
}

}  // namespace

class TestCliSweepRegression : public QObject {
  Q_OBJECT

 private slots:
  void sweepBestPredictAndExport() {
    QTemporaryDir dir;
    writeRegressionData(dir.filePath("train.tsv"), 40, 0);
    writeRegressionData(dir.filePath("test.tsv"), 20, 1000);
    QFile sweep(dir.filePath("sweep.json"));
    QVERIFY(sweep.open(QIODevice::WriteOnly));
    sweep.write(QString(R"({
  "name": "reg",
  "fixed": {"model": "%1", "train": "train.tsv", "test": "test.tsv", "task": "regression",
            "poles": "0=bad;5=good", "target": "score", "template": "{sentence} it was [MASK] .",
            "method": "prompt-tuning", "k": 4, "steps": 4, "batch": 4, "eval-every": 2, "lr": 0.01,
            "max-length": 32, "device": "cpu", "threads": 1},
  "axes": {"soft-tokens": [2, 4], "seed": [13, 21]}
})")
                    .arg(kTinyBert)
                    .toUtf8());
    sweep.close();
    const QString project = dir.filePath("p.sqlite"), sweepDir = dir.filePath("sweeps/reg");
    const auto ran = runPwbAll({{"sweep", "run", dir.filePath("sweep.json"), "--db", project, "--dir",
                                 sweepDir, "--workers", "2", "--quiet"}},
                               {}, 1, 300000);
    QVERIFY2(ran[0].exitCode == 0, qPrintable(ran[0].out + ran[0].err));
    QVERIFY2(ran[0].out.contains("collected 4 runs"), qPrintable(ran[0].out));

    // The best prompt length by mean best_dev_pearson over the two seeds, from the stored runs.
    std::map<int, std::vector<double>> dev, test;
    int64_t someRun = 0;
    std::vector<double> stored;
    {
      pwb::store::RunStore store(project.toStdString());
      const auto runs = store.listRuns();
      QCOMPARE(runs.size(), size_t(4));
      for (const auto& run : runs) {
        QCOMPARE(run.config.value("task", std::string()), std::string("regression"));
        QVERIFY(run.results.contains("best_dev_pearson") && !run.results.contains("best_dev_accuracy"));
        const int tokens = run.config["method_config"]["num_virtual_tokens"].get<int>();
        dev[tokens].push_back(run.results["best_dev_pearson"].get<double>());
        test[tokens].push_back(run.results["test_pearson"].get<double>());
      }
      someRun = runs.front().id;
      const auto evals = store.listEvaluations(someRun);
      QCOMPARE(evals.size(), size_t(1));
      for (const auto& p : store.getEvaluation(evals.front().id).predictions)
        stored.push_back(std::stod(p.predicted));
    }
    auto mean = [](const std::vector<double>& v) { return (v[0] + v[1]) / 2; };
    QCOMPARE(dev.size(), size_t(2));
    const int best = mean(dev[2]) >= mean(dev[4]) ? 2 : 4;
    QVERIFY2(mean(dev[2]) != mean(dev[4]), "the two prompt lengths tie: the choice would not be tested");

    const QString bundle = dir.filePath("bundle");
    const auto r = runPwbAll(
        {{"sweep", "best", "--db", project, "--dir", sweepDir, "--json"},
         {"predict", "--db", project, "--run", QString::number(someRun), "--input", dir.filePath("test.tsv"),
          "--text-field", "sentence", "--out", dir.filePath("run.csv"), "--quiet"},
         {"export", "--db", project, "--run", QString::number(someRun), "--out", bundle},
         {"export", "--db", project, "--run", QString::number(someRun), "--output-format", "peft", "--out",
          dir.filePath("peft")}});
    for (int i = 0; i < 3; ++i) QVERIFY2(r[i].exitCode == 0, qPrintable(r[i].out + r[i].err));
    // A PEFT adapter cannot carry the poles: refused, saying so.
    QVERIFY(r[3].exitCode != 0);
    QVERIFY2(r[3].err.contains("two poles"), qPrintable(r[3].err));
    const auto bestRows = jsonArray(r[0]);
    QCOMPARE(bestRows.size(), 1);
    const auto b = bestRows[0].toObject();
    QCOMPARE(b["metric"].toString(), QString("best_dev_pearson"));
    QCOMPARE(b["test_metric"].toString(), QString("test_pearson"));
    QCOMPARE(b["params"].toObject()["prompt_length"].toInt(), best);
    QVERIFY(std::abs(b["mean"].toDouble() - mean(dev[best])) < 1e-12);
    QVERIFY(std::abs(b["test_mean"].toDouble() - mean(test[best])) < 1e-12);

    // The bundle keeps task and poles (with the range training used).
    QFile info(bundle + "/prompt.json");
    QVERIFY(info.open(QIODevice::ReadOnly));
    const auto j = QJsonDocument::fromJson(info.readAll()).object();
    QCOMPARE(j["task"].toString(), QString("regression"));
    QCOMPARE(j["poles"].toString(), QString("0=bad;5=good"));
    const auto fromBundle =
        runPwbAll({{"predict", "--prompt", bundle, "--model", kTinyBert, "--input", dir.filePath("test.tsv"),
                    "--text-field", "sentence", "--out", dir.filePath("bundle.jsonl"), "--quiet"}});
    QVERIFY2(fromBundle[0].exitCode == 0, qPrintable(fromBundle[0].err));

    // Both predict the run's stored test predictions, row by row (printed with 10 digits).
    QCOMPARE(stored.size(), size_t(20));
    for (const auto& predicted :
         {csvPredictions(dir.filePath("run.csv")), jsonlPredictions(dir.filePath("bundle.jsonl"))}) {
      QCOMPARE(predicted.size(), stored.size());
      for (size_t i = 0; i < stored.size(); ++i)
        QVERIFY2(std::abs(predicted[i] - stored[i]) < 1e-8,
                 qPrintable(QString("row %1: %2 vs %3").arg(i).arg(predicted[i], 0, 'g', 17).arg(stored[i])));
    }
    // Not all the same value: the rows are told apart.
    QVERIFY(std::abs(stored.front() - stored.back()) > 1e-6 || std::abs(stored[0] - stored[1]) > 1e-6);
  }
};

QTEST_MAIN(TestCliSweepRegression)
#include "test_cli_sweep_regression.moc"
