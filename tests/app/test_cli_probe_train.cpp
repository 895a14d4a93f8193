// `pwb train --task probe` and `pwb probe --db` as a user runs them on the tiny-bert fixture: the zero-shot
// probe and a short prompt-ft run land in one project file as runs with the same result keys (P@1, P@10,
// MRR), the trained run's P@1 above the zero-shot one; an answer out of the vocabulary is reported by line;
// options that do not apply to the task are refused with a message.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "pwb_process.h"
#include "store/run_store.h"

using pwb::test::runPwb;

namespace {

const QString kTinyBert = QString(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert";
const QString kTemplate = "the capital of {sub_label} is [MASK] .";

void write(const QString& path, const QByteArray& text) {
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write(text);
}

const QByteArray kFacts =
    "{\"sub_label\": \"france\", \"obj_label\": \"paris\"}\n"
    "{\"sub_label\": \"china\", \"obj_label\": \"shanghai\"}\n"
    "{\"sub_label\": \"disney\", \"obj_label\": \"films\"}\n"
    "{\"sub_label\": \"news\", \"obj_label\": \"world\"}\n"
    "{\"sub_label\": \"sports\", \"obj_label\": \"business\"}\n"
    "{\"sub_label\": \"science\", \"obj_label\": \"question\"}\n";

}  // namespace

class TestCliProbeTrain : public QObject {
  Q_OBJECT

 private slots:
  void zeroShotAndTrainedRunsInOneProject() {
    QTemporaryDir dir;
    const QString facts = dir.filePath("facts.jsonl"), test = dir.filePath("test.jsonl");
    const QString db = dir.filePath("project.sqlite");
    write(facts, kFacts);
    // Line 7: "zoo" has no 'z' in tiny-bert's vocabulary.
    write(test, kFacts + "{\"sub_label\": \"west\", \"obj_label\": \"zoo\"}\n");
    const auto zero = runPwb({"probe", "--model", kTinyBert, "--data", facts, "--template", kTemplate,
                              "--device", "cpu", "--threads", "1", "--db", db, "--json"});
    QVERIFY2(zero.exitCode == 0, qPrintable(zero.err));
    const auto zj = QJsonDocument::fromJson(zero.out.toUtf8()).object();
    QVERIFY(zj["run_id"].toInt() > 0);
    const auto trained = runPwb(
        {"train", "--task",       "probe", "--model",    kTinyBert, "--train",   facts,       "--dev",
         facts,   "--test",       test,    "--template", kTemplate, "--method",  "prompt-ft", "--seeds",
         "13",    "--steps",      "30",    "--batch",    "3",       "--lr",      "3e-3",      "--eval-every",
         "10",    "--max-length", "32",    "--device",   "cpu",     "--threads", "1",         "--db",
         db,      "--json"});
    QVERIFY2(trained.exitCode == 0, qPrintable(trained.err));
    QVERIFY2(trained.err.contains(
                 "1 answers are out of the vocabulary (the unknown token): skipped: line 7 'zoo'"),
             qPrintable(trained.err));
    QVERIFY2(trained.err.contains("dev P@1"), qPrintable(trained.err));
    const auto tj = QJsonDocument::fromJson(trained.out.toUtf8()).object();
    QCOMPARE(tj["task"].toString(), QString("probe"));
    const auto seed = tj["seeds"].toArray().at(0).toObject();
    QVERIFY(seed.contains("test_p_at_1") && seed.contains("best_dev_p_at_1"));
    QCOMPARE(tj["summary"].toObject()["metric"].toString(), QString("test_p_at_1"));

    pwb::store::RunStore store(db.toStdString());
    const auto runs = store.listRuns();
    QCOMPARE(runs.size(), size_t(2));
    const auto& z = runs[0].method == "zero-shot" ? runs[0] : runs[1];
    const auto& t = runs[0].method == "zero-shot" ? runs[1] : runs[0];
    QCOMPARE(z.method, std::string("zero-shot"));
    QCOMPARE(t.method, std::string("prompt-ft"));
    for (const auto* r : {&z, &t}) {
      QCOMPARE(r->config["task"].get<std::string>(), std::string("probe"));
      QVERIFY(r->results.contains("test_p_at_1") && r->results.contains("test_p_at_10") &&
              r->results.contains("test_mrr"));
      QCOMPARE(r->templateId, z.templateId);  // the same template record
    }
    QCOMPARE(z.results["test_p_at_1"].get<double>(),
             zj["result"].toObject()["metrics"].toObject()["P@1"].toDouble());
    QCOMPARE(t.results["test_p_at_1"].get<double>(), seed["test_p_at_1"].toDouble());
    QVERIFY(t.results["test_p_at_1"].get<double>() > z.results["test_p_at_1"].get<double>());
    QCOMPARE(t.results["test_count"].get<int>(), 6);  // the seventh test row was skipped
    // `pwb runs` lists both with the task's metric.
    const auto list = runPwb({"runs", "--db", db, "--metric", "test_p_at_1"});
    QVERIFY2(list.exitCode == 0, qPrintable(list.err));
    QVERIFY2(list.out.contains("zero-shot") && list.out.contains("prompt-ft"), qPrintable(list.out));
  }

  void optionsThatDoNotApplyAreRefused() {
    QTemporaryDir dir;
    const QString facts = dir.filePath("facts.jsonl");
    write(facts, kFacts);
    const QStringList base{"train",   "--task",   "probe",  "--model", kTinyBert,
                           "--train", facts,      "--test", facts,     "--template",
                           kTemplate, "--device", "cpu",    "--steps", "1"};
    const auto noDev = runPwb(base);
    QVERIFY(noDev.exitCode != 0);
    QVERIFY2(noDev.err.contains("needs a dev file (--dev)"), qPrintable(noDev.err));
    const auto verbalizer = runPwb(base + QStringList{"--dev", facts, "--verbalizer", "a=b;c=d"});
    QVERIFY(verbalizer.exitCode != 0);
    QVERIFY2(verbalizer.err.contains("--verbalizer: not applicable to --task probe"),
             qPrintable(verbalizer.err));
    const auto fineTune = runPwb(base + QStringList{"--dev", facts, "--method", "fine-tune"});
    QVERIFY(fineTune.exitCode != 0);
    QVERIFY2(fineTune.err.contains("use prompt-ft, prompt-tuning or p-tuning"), qPrintable(fineTune.err));
    const auto devWithoutProbe =
        runPwb({"train", "--model", kTinyBert, "--train", facts, "--test", facts, "--dev", facts});
    QVERIFY(devWithoutProbe.exitCode != 0);
    QVERIFY2(devWithoutProbe.err.contains("are for --task probe"), qPrintable(devWithoutProbe.err));
  }
};

QTEST_GUILESS_MAIN(TestCliProbeTrain)
#include "test_cli_probe_train.moc"
