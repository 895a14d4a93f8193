// `pwb train --task multilabel` and the zero-shot `pwb multilabel --db` / `pwb choice --db` (issue 17): the
// printed metrics are the ones stored as runs, whose stored label sets / letters give them back; options
// that only multi-label takes are refused elsewhere, and so are methods with a classification head.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

#include "multilabel/multilabel_metrics.h"
#include "multilabel/multilabel_run.h"
#include "pwb_process.h"
#include "store/run_store.h"

using pwb::test::PwbRun;
using pwb::test::runPwbAll;

namespace {

const QString kTinyBert = QString(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert";

QJsonObject json(const PwbRun& r) {
  return QJsonDocument::fromJson(r.out.toUtf8()).object();
}

void writeFile(const QString& path, const QByteArray& text) {
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write(text);
}

// `count` rows of one or two of pos / neg / dull.
QByteArray rows(int count, int offset) {
  const char* subjects[] = {"film", "movie", "story", "acting"};
  QByteArray out;
  for (int j = 0; j < count; ++j) {
    const int i = j + offset;
    const QByteArray s = subjects[i % 4];
    switch (i % 4) {
      case 0:
        out += "{\"text\": \"the " + s + " is good .\", \"labels\": [\"pos\"]}\n";
        break;
      case 1:
        out += "{\"text\": \"the " + s + " is bad .\", \"labels\": [\"neg\"]}\n";
        break;
      case 2:
        out += "{\"text\": \"the " + s + " is bad and boring .\", \"labels\": [\"neg\", \"dull\"]}\n";
        break;
      default:
        out += "{\"text\": \"the " + s + " is good but boring .\", \"labels\": [\"pos\", \"dull\"]}\n";
    }
  }
  return out;
}

// Micro-F1 recomputed from an evaluation's stored label sets.
pwb::multilabel::MultiLabelMetrics fromStored(const pwb::store::EvaluationRecord& ev) {
  std::vector<std::vector<int>> gold, pred;
  for (const auto& p : ev.predictions) {
    gold.push_back(pwb::multilabel::parseLabelSet(*p.gold, ev.labels));
    pred.push_back(pwb::multilabel::parseLabelSet(p.predicted, ev.labels));
  }
  return pwb::multilabel::multiLabelMetrics(gold, pred, ev.labels.size());
}

}  // namespace

class TestCliMultiLabelRuns : public QObject {
  Q_OBJECT

 private slots:
  void trainAndZeroShotRuns() {
    QTemporaryDir dir;
    const QString train = dir.filePath("train.jsonl"), test = dir.filePath("test.jsonl");
    const QString mc = dir.filePath("mc.jsonl");
    writeFile(train, rows(16, 0));
    writeFile(test, rows(8, 100));
    writeFile(mc,
              "{\"question\": \"the film was\", \"choices\": [\"great\", \"terrible\", \"boring\"], "
              "\"answerKey\": \"A\"}\n"
              "{\"question\": \"the story was\", \"choices\": [\"bad\", \"good\", \"boring\"], "
              "\"answerKey\": \"B\"}\n");
    const QString trainDb = dir.filePath("train.sqlite"), zeroDb = dir.filePath("zero.sqlite");
    const QStringList trainArgs{"train",
                                "--task",
                                "multilabel",
                                "--model",
                                kTinyBert,
                                "--train",
                                train,
                                "--test",
                                test,
                                "--template",
                                "{text} it was [MASK] .",
                                "--verbalizer",
                                "pos=good;neg=bad;dull=boring",
                                "--labels",
                                "pos,neg,dull",
                                "--k",
                                "4",
                                "--seeds",
                                "13",
                                "--steps",
                                "4",
                                "--batch",
                                "4",
                                "--eval-every",
                                "2",
                                "--lr",
                                "1e-3",
                                "--device",
                                "cpu",
                                "--threads",
                                "1",
                                "--max-length",
                                "32",
                                "--quiet"};
    const auto runs = runPwbAll({
        trainArgs + QStringList{"--json", "--db", trainDb},
        {"multilabel", "--model", kTinyBert, "--data", test, "--labels", "pos,neg,dull", "--template",
         "{text} it was [MASK] .", "--verbalizer", "pos=good;neg=bad;dull=boring", "--device", "cpu",
         "--json", "--db", zeroDb},
        {"choice", "--model", kTinyBert, "--data", mc, "--template", "{question} [MASK] .", "--device", "cpu",
         "--json", "--db", zeroDb + ".mc"},
        // Refusals: multi-label options without the task, a classification head, yes-no with --verbalizer.
        {"train", "--train", train, "--test", test, "--labels", "pos,neg"},
        trainArgs + QStringList{"--method", "fine-tune"},
        {"train", "--task", "multilabel", "--train", train, "--test", test, "--scheme", "yes-no",
         "--verbalizer", "a=b", "--template", "{text} {label} [MASK] ."},
        trainArgs + QStringList{"--threshold", "1.5"},
        // Text output names the metrics.
        trainArgs,
    });
    for (int i : {0, 1, 2, 7}) QVERIFY2(runs[i].exitCode == 0, qPrintable(runs[i].err));
    QCOMPARE(runs[3].exitCode, 2);
    QVERIFY2(runs[3].err.contains("--labels: only with --task multilabel"), qPrintable(runs[3].err));
    QVERIFY(runs[4].exitCode != 0);
    QVERIFY2(runs[4].err.contains("reads a classification head"), qPrintable(runs[4].err));
    QCOMPARE(runs[5].exitCode, 2);
    QCOMPARE(runs[6].exitCode, 2);
    QVERIFY2(runs[7].out.contains("test micro-F1") && runs[7].out.contains("macro-F1"),
             qPrintable(runs[7].out));

    // pwb train: the JSON's numbers are the stored run's, and the stored label sets give them back.
    const auto out = json(runs[0]);
    QCOMPARE(out["task"].toString(), QString("multilabel"));
    QCOMPARE(out["summary"].toObject()["metric"].toString(), QString("test_micro_f1"));
    const auto seed = out["seeds"].toArray().at(0).toObject();
    {
      pwb::store::RunStore st(trainDb.toStdString());
      const auto list = st.listRuns();
      QCOMPARE(list.size(), size_t(1));
      QCOMPARE(QString::number(list[0].id), seed["run_id"].toString());
      QCOMPARE(list[0].results["test_micro_f1"].get<double>(), seed["test_micro_f1"].toDouble());
      QCOMPARE(list[0].results["test_macro_f1"].get<double>(), seed["test_macro_f1"].toDouble());
      const auto ev = st.getEvaluation(st.listEvaluations(list[0].id).at(0).id);
      QCOMPARE(ev.predictions.size(), size_t(8));
      const auto m = fromStored(ev);
      QCOMPARE(m.microF1, seed["test_micro_f1"].toDouble());
      QCOMPARE(m.subsetAccuracy, seed["test_subset_acc"].toDouble());
    }
    // pwb multilabel --db: a zero-shot run with the printed metrics.
    {
      const auto r = json(runs[1]);
      const auto metrics = r["result"].toObject()["metrics"].toObject();
      pwb::store::RunStore st(zeroDb.toStdString());
      const auto list = st.listRuns();
      QCOMPARE(list.size(), size_t(1));
      QCOMPARE(list[0].method, std::string("zero-shot"));
      QCOMPARE(qint64(list[0].id), qint64(r["run_id"].toInteger()));
      QCOMPARE(list[0].results["test_micro_f1"].get<double>(), metrics["micro_f1"].toDouble());
      QCOMPARE(list[0].results["test_macro_f1"].get<double>(), metrics["macro_f1"].toDouble());
      const auto m = fromStored(st.getEvaluation(st.listEvaluations(list[0].id).at(0).id));
      QCOMPARE(m.microF1, metrics["micro_f1"].toDouble());
      QCOMPARE(m.subsetAccuracy, metrics["subset_accuracy"].toDouble());
    }
    // pwb choice --db: a zero-shot multiple-choice run with its accuracy and letters.
    {
      const auto r = json(runs[2]);
      const double acc = r["result"].toObject()["metrics"].toObject()["accuracy"].toDouble();
      pwb::store::RunStore st((zeroDb + ".mc").toStdString());
      const auto list = st.listRuns();
      QCOMPARE(list.size(), size_t(1));
      QCOMPARE(list[0].config["task"].get<std::string>(), std::string("multiple-choice"));
      QCOMPARE(list[0].results["test_accuracy"].get<double>(), acc);
      const auto ev = st.getEvaluation(st.listEvaluations(list[0].id).at(0).id);
      QCOMPARE(ev.predictions.size(), size_t(2));
      int correct = 0;
      for (const auto& p : ev.predictions) correct += *p.gold == p.predicted;
      QCOMPARE(correct / 2.0, acc);
    }
  }
};

QTEST_GUILESS_MAIN(TestCliMultiLabelRuns)
#include "test_cli_multilabel_runs.moc"
