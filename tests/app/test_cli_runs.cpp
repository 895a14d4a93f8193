// `pwb train --db` then `pwb runs` / `pwb runs show` / `pwb export` as a user runs them (tiny-bert, three
// steps): a run says what it ran (data set, template, verbalizer filled in, also for a run recorded only
// with its config), accuracies are percent with one decimal everywhere (as `pwb train` prints them), and a
// prompt-only run trained without an output folder exports straight from the project file.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include "pwb_process.h"
#include "store/run_store.h"

namespace {

using Run = pwb::test::PwbRun;
using pwb::test::runPwb;

// The first and last n lines of a label-space file (the SST-2 files are sorted by label).
void slice(const QString& from, int n, const QString& to) {
  QFile in(from);
  QVERIFY(in.open(QIODevice::ReadOnly));
  const QStringList lines = QString::fromUtf8(in.readAll()).split('\n', Qt::SkipEmptyParts);
  QFile out(to);
  QVERIFY(out.open(QIODevice::WriteOnly));
  for (int i = 0; i < n; ++i) out.write((lines[i] + "\n").toUtf8());
  for (int i = int(lines.size()) - n; i < int(lines.size()); ++i) out.write((lines[i] + "\n").toUtf8());
}

// The value cell of `| field | value |` in `pwb runs show`'s field table.
QString field(const QString& show, const QString& name) {
  const QRegularExpression re("^\\| " + QRegularExpression::escape(name) + " +\\| (.*?) *\\|$",
                              QRegularExpression::MultilineOption);
  const auto m = re.match(show);
  return m.hasMatch() ? m.captured(1) : QStringLiteral("(no field %1)").arg(name);
}

QString percent(double fraction) {
  return QString::number(100.0 * fraction, 'f', 1);
}

}  // namespace

class TestCliRuns : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    db_ = dir_.filePath("project.sqlite");
    train_ = dir_.filePath("train.txt");
    test_ = dir_.filePath("test.txt");
    const QString sst = QStringLiteral(PWB_SOURCE_DIR) + "/resources/data/sst2/";
    slice(sst + "stsa.binary.train", 20, train_);
    slice(sst + "stsa.binary.test", 15, test_);
    const Run t = runPwb({"train",
                          "--model",
                          QStringLiteral(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert",
                          "--train",
                          train_,
                          "--test",
                          test_,
                          "--method",
                          "prompt-tuning,prompt-ft",
                          "--k",
                          "4",
                          "--seeds",
                          "13",
                          "--steps",
                          "3",
                          "--batch",
                          "4",
                          "--eval-every",
                          "3",
                          "--lr",
                          "0.03",
                          "--soft-tokens",
                          "4",
                          "--template",
                          "{s} it was [MASK] .",
                          "--verbalizer",
                          "0=terrible;1=great",
                          "--db",
                          db_,
                          "--device",
                          "cpu",
                          "--threads",
                          "2",
                          "--quiet"},
                         300000);
    QVERIFY2(t.exitCode == 0, qPrintable(t.out + t.err));
    // The run list as JSON: ids and the stored fractions.
    const Run j = runPwb({"runs", "--db", db_, "--json"});
    QCOMPARE(j.exitCode, 0);
    for (const auto& v : QJsonDocument::fromJson(j.out.toUtf8()).array()) {
      const QJsonObject o = v.toObject();
      ids_[o["method"].toString()] = o["id"].toInt();
      accuracy_[o["method"].toString()] = o["results"].toObject()["test_accuracy"].toDouble();
    }
    QCOMPARE(ids_.size(), 2);
    // The accuracy pwb train printed is the one the project holds.
    QVERIFY2(t.out.contains("seed 13: test accuracy " + percent(accuracy_["prompt-tuning"])),
             qPrintable(t.out));
  }

  // `pwb runs show` names the data set, template and verbalizer of a run trained by `pwb train`.
  void showSaysWhatTheRunRan() {
    const Run s = runPwb({"runs", "show", QString::number(ids_["prompt-tuning"]), "--db", db_});
    QCOMPARE(s.exitCode, 0);
    QVERIFY2(field(s.out, "data set")
                 .contains(QRegularExpression(R"(^#\d+ .*train\.txt \(label-space, 40 rows\)$)")),
             qPrintable(s.out));
    QVERIFY2(field(s.out, "test set").endsWith("test.txt"), qPrintable(s.out));
    QVERIFY2(field(s.out, "template").contains(QRegularExpression(R"(^#\d+ \{s\} it was \[MASK\] \.$)")),
             qPrintable(s.out));
    QVERIFY2(field(s.out, "verbalizer").contains(QRegularExpression(R"(^#\d+ 0=terrible;1=great$)")),
             qPrintable(s.out));
    QCOMPARE(field(s.out, "trained prompt"), QString("the project file"));
    // Both runs of the sweep share the template and verbalizer records.
    const Run ft = runPwb({"runs", "show", QString::number(ids_["prompt-ft"]), "--db", db_});
    QCOMPARE(field(ft.out, "template"), field(s.out, "template"));
    QCOMPARE(field(ft.out, "verbalizer"), field(s.out, "verbalizer"));
    QCOMPARE(field(ft.out, "trained prompt"), QString());
  }

  // A run recorded with its config only (older versions, other programs) shows the config's values.
  void showReadsTheConfigOfOlderRuns() {
    int64_t id = 0;
    {
      pwb::store::RunStore st(db_.toStdString());
      pwb::store::RunRecord r;
      r.method = "prompt-tuning";
      r.config = {{"template", "{s} all in all [MASK] ."},
                  {"verbalizer", "0=bad;1=good"},
                  {"train", "/data/sst2/train.tsv"},
                  {"test", "/data/sst2/test.tsv"},
                  {"seed", 21}};
      r.seed = 21;
      id = st.createRun(r);
      st.finishRun(id, pwb::store::RunStatus::Finished, {{"test_accuracy", 0.6009}});
    }
    const Run s = runPwb({"runs", "show", QString::number(id), "--db", db_});
    QCOMPARE(s.exitCode, 0);
    QCOMPARE(field(s.out, "template"), QString("{s} all in all [MASK] ."));
    QCOMPARE(field(s.out, "verbalizer"), QString("0=bad;1=good"));
    QCOMPARE(field(s.out, "data set"), QString("/data/sst2/train.tsv"));
    QCOMPARE(field(s.out, "test set"), QString("/data/sst2/test.tsv"));
    QCOMPARE(field(s.out, "results"), QString("test_accuracy 60.1 %"));
    const Run list = runPwb({"runs", "--db", db_, "--output-format", "csv"});
    QVERIFY2(list.out.contains(QString::number(id) + ",,prompt-tuning,21,finished,,"), qPrintable(list.out));
    QVERIFY2(list.out.contains(QRegularExpression(",60\\.1\\r?\\n")), qPrintable(list.out));
  }

  // One presentation: percent with one decimal in the run list, the run, its evaluation and the exported
  // runs table; JSON keeps the stored fraction.
  void accuracyIsPercentEverywhere() {
    const double acc = accuracy_["prompt-tuning"];
    const QString id = QString::number(ids_["prompt-tuning"]);
    const Run list = runPwb({"runs", "--db", db_});
    QCOMPARE(list.exitCode, 0);
    QVERIFY2(list.out.contains("test_accuracy (%)"), qPrintable(list.out));
    QVERIFY2(list.out.contains(QRegularExpression("\\n\\| " + id + " +\\| prompt-tuning seed 13 .*\\| " +
                                                  QRegularExpression::escape(percent(acc)) + " +\\|\\n")),
             qPrintable(list.out));
    const Run show = runPwb({"runs", "show", id, "--db", db_});
    QVERIFY2(field(show.out, "results").contains("test_accuracy " + percent(acc) + " %"),
             qPrintable(show.out));
    QVERIFY2(show.out.contains(QRegularExpression("\\| test +\\| .*test\\.txt +\\| " +
                                                  QRegularExpression::escape(percent(acc)) + " +\\|")),
             qPrintable(show.out));
    const Run group = runPwb({"runs", "--db", db_, "--group", "--output-format", "csv"});
    QVERIFY2(group.out.contains(",1," + percent(acc) + ","), qPrintable(group.out));
    const QString table = dir_.filePath("runs.csv");
    const Run exported = runPwb({"export", "--db", db_, "--runs-table", table});
    QCOMPARE(exported.exitCode, 0);
    QFile f(table);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString csv = QString::fromUtf8(f.readAll());
    QVERIFY2(csv.startsWith("id,name,method,seed,status,test accuracy (%),best dev accuracy (%)"),
             qPrintable(csv));
    QVERIFY2(csv.contains(id + ",prompt-tuning seed 13,prompt-tuning,13,finished," + percent(acc) + ","),
             qPrintable(csv));
  }

  // `pwb train --db` without --output, then `pwb export --run`: the prompt comes from the project file.
  void exportStraightFromTheProject() {
    const QString id = QString::number(ids_["prompt-tuning"]);
    const QString bundle = dir_.filePath("bundle"), adapter = dir_.filePath("adapter");
    const Run b = runPwb({"export", "--db", db_, "--run", id, "--out", bundle});
    QVERIFY2(b.exitCode == 0, qPrintable(b.out + b.err));
    QVERIFY(QFile::exists(bundle + "/prompt.json") && QFile::exists(bundle + "/prompt.safetensors"));
    const Run a = runPwb({"export", "--db", db_, "--run", id, "--output-format", "peft", "--out", adapter});
    QVERIFY2(a.exitCode == 0, qPrintable(a.out + a.err));
    QVERIFY(QFile::exists(adapter + "/adapter_model.safetensors"));
    // The bundle scores the test set as the run did.
    const Run e = runPwb({"eval", "--model", QStringLiteral(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert",
                          "--prompt", bundle, "--data", test_, "--device", "cpu", "--json"});
    QVERIFY2(e.exitCode == 0, qPrintable(e.out + e.err));
    const QJsonObject metrics = QJsonDocument::fromJson(e.out.toUtf8()).object()["metrics"].toObject();
    QCOMPARE(metrics["accuracy"].toDouble(), accuracy_["prompt-tuning"]);
    QCOMPARE(metrics["count"].toInt(), 30);
    // So does the PEFT adapter, with no --template: the run is replayed with its own placement.
    const Run ea = runPwb({"eval", "--model", QStringLiteral(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert",
                           "--prompt", adapter, "--data", test_, "--device", "cpu", "--json"});
    QVERIFY2(ea.exitCode == 0, qPrintable(ea.out + ea.err));
    QCOMPARE(QJsonDocument::fromJson(ea.out.toUtf8()).object()["metrics"].toObject()["accuracy"].toDouble(),
             accuracy_["prompt-tuning"]);
    // A method that trains the model's weights was not kept: the message says how to keep it.
    const Run ft = runPwb(
        {"export", "--db", db_, "--run", QString::number(ids_["prompt-ft"]), "--out", dir_.filePath("ft")});
    QCOMPARE(ft.exitCode, 1);
    QVERIFY2(ft.err.contains("has no saved training state") && ft.err.contains("--output DIR"),
             qPrintable(ft.err));
  }

 private:
  QTemporaryDir dir_;
  QString db_, train_, test_;
  QMap<QString, int> ids_;
  QMap<QString, double> accuracy_;
};

QTEST_GUILESS_MAIN(TestCliRuns)
#include "test_cli_runs.moc"
