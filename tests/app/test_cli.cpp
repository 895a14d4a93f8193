// The pwb program as a user runs it: `pwb runs --group` on a project file written through core/store
// with known accuracies (mean, both standard deviations, median printed in percent, one decimal), old option
// spellings giving the same output as the canonical names, usage errors (exit status 2 naming the
// option), and `pwb --help` listing every command, each with its own --help.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <memory>
#include <vector>

#include "pwb_process.h"
#include "store/run_store.h"

using namespace pwb::store;

namespace {

using Run = pwb::test::PwbRun;
using pwb::test::runPwb;

// All at the same time (the tests below start at most five).
QList<Run> runPwbAll(const QList<QStringList>& argLists) {
  return pwb::test::runPwbAll(argLists, {}, 16);
}

// The CSV row whose first cell is `label`, split into cells (the group tables have no quoted cells).
QStringList csvRow(const QString& csv, const QString& label) {
  for (const QString& line : csv.split('\n')) {
    const QStringList cells = line.split(',');
    if (!cells.isEmpty() && cells[0] == label) return cells;
  }
  return {};
}

}  // namespace

class TestCli : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void runsGroupPrintsMeanAndStd();
  void runsGroupJson();
  void oldSpellingsGiveTheSameOutput();
  void dataAndCompareOldSpellings();
  void unknownOptionIsAUsageError();
  void helpListsEveryCommand();
  void usageTextsUseTheCanonicalNames();
  void tokenizeDefaultsToTheDemoModel();

 private:
  QTemporaryDir dir_;
  QString db_;
  QMap<QString, QString> usage_;  // command -> its --help text
  QString groupCsv_, groupJson_;  // `pwb runs --group` with --output-format csv, with --json
};

void TestCli::initTestCase() {
  QVERIFY(dir_.isValid());
  db_ = dir_.filePath("runs.sqlite");
  // Two configurations over the five LM-BFF seeds, plus a failed run that only --all counts.
  RunStore s(db_.toStdString());
  const std::vector<int> seeds = {13, 21, 42, 87, 100};
  const std::vector<double> ft = {0.6, 0.62, 0.58, 0.65, 0.64};
  const std::vector<double> base = {0.55, 0.57, 0.53, 0.56, 0.59};
  for (size_t i = 0; i < seeds.size(); ++i) {
    for (const bool prompt : {true, false}) {
      RunRecord r;
      r.method = prompt ? "prompt-ft" : "fine-tune";
      r.config = {{"method", r.method}, {"lr", 1e-5}, {"seed", seeds[i]}};
      r.seed = seeds[i];
      s.finishRun(s.createRun(r), RunStatus::Finished, {{"test_accuracy", prompt ? ft[i] : base[i]}});
    }
  }
  RunRecord failed;
  failed.method = "prompt-ft";
  failed.config = {{"method", "prompt-ft"}, {"lr", 1e-5}, {"seed", 7}};
  failed.seed = 7;
  s.finishRun(s.createRun(failed), RunStatus::Failed, {{"test_accuracy", 0.1}});
}

void TestCli::runsGroupPrintsMeanAndStd() {
  const QList<Run> r = runPwbAll({{"runs", "--db", db_, "--group", "--output-format", "csv"},
                                  {"runs", "--db", db_, "--group"},
                                  {"runs", "--db", db_, "--group", "--all", "--output-format", "csv"}});
  const Run& csv = r[0];
  QCOMPARE(csv.exitCode, 0);
  groupCsv_ = csv.out;
  QCOMPARE(csv.out.split('\n').first(), QString("configuration,n,mean,std,pop std,median,min,max,per seed"));
  // prompt-ft: mean 3.09 / 5 = 0.618; sum of squared deviations 0.00328 -> sample std sqrt(0.00082) =
  // 0.02864, population std sqrt(0.000656) = 0.02561.
  QCOMPARE(csvRow(csv.out, "prompt-ft"), QStringList({"prompt-ft", "5", "61.8", "2.9", "2.6", "62.0", "58.0",
                                                      "65.0", "13:60.0 21:62.0 42:58.0 87:65.0 100:64.0"}));
  // fine-tune: mean 2.8 / 5 = 0.56; squared deviations sum to 0.002 -> sample std sqrt(0.0005) = 0.02236,
  // population std sqrt(0.0004) = 0.02.
  QCOMPARE(csvRow(csv.out, "fine-tune"), QStringList({"fine-tune", "5", "56.0", "2.2", "2.0", "56.0", "53.0",
                                                      "59.0", "13:55.0 21:57.0 42:53.0 87:56.0 100:59.0"}));

  // The default Markdown table carries the same numbers and names the metric.
  const Run& md = r[1];
  QCOMPARE(md.exitCode, 0);
  QVERIFY2(md.out.startsWith("Metric: test_accuracy in % (std = sample standard deviation)\n"),
           qPrintable(md.out));
  QVERIFY2(md.out.contains(QRegularExpression(R"(\| prompt-ft +\| 5 +\| 61\.8 +\| 2\.9 +\| 2\.6 +\| )"
                                              R"(62\.0 +\| 58\.0 +\| 65\.0 +\| 13:60\.0 21:)")),
           qPrintable(md.out));

  // --all adds the failed run to its configuration: (3.09 + 0.1) / 6 = 0.531667.
  const Run& all = r[2];
  QCOMPARE(all.exitCode, 0);
  const QStringList row = csvRow(all.out, "prompt-ft");
  QVERIFY2(row.size() == 9, qPrintable(all.out));
  QCOMPARE(row[1], QString("6"));
  QCOMPARE(row[2], QString("53.2"));
  QCOMPARE(row[6], QString("10.0"));
}

void TestCli::runsGroupJson() {
  const Run j = runPwb({"runs", "--db", db_, "--group", "--json"});
  QCOMPARE(j.exitCode, 0);
  groupJson_ = j.out;
  const QJsonArray groups = QJsonDocument::fromJson(j.out.toUtf8()).array();
  QCOMPARE(groups.size(), 2);
  const QJsonObject g = groups[0].toObject();
  QCOMPARE(g["label"].toString(), QString("prompt-ft"));
  QCOMPARE(g["n"].toInt(), 5);
  QVERIFY(std::abs(g["mean"].toDouble() - 0.618) < 1e-12);
  QVERIFY(std::abs(g["std"].toDouble() - std::sqrt(0.00082)) < 1e-12);
  QVERIFY(std::abs(g["pop_std"].toDouble() - std::sqrt(0.000656)) < 1e-12);
  QCOMPARE(g["median"].toDouble(), 0.62);
  QCOMPARE(g["values"].toArray().size(), 5);
}

void TestCli::oldSpellingsGiveTheSameOutput() {
  // --format is the hidden old name of --output-format in pwb runs; --json is its shorthand.
  // The canonical spellings' output comes from the two tests above (--output-format csv, --json).
  QVERIFY(groupCsv_.contains("prompt-ft,5,61.8"));
  QVERIFY(groupJson_.contains("\"label\": \"prompt-ft\""));
  const QList<Run> r = runPwbAll({{"runs", "--db", db_, "--group", "--format", "csv"},
                                  {"runs", "--db", db_, "--group", "--format=csv"},
                                  {"runs", "--db", db_, "--group", "--format", "json"},
                                  {"runs", "--db", db_, "--json", "--output-format", "csv"},
                                  {"runs", "--db", db_, "--format", "xml"}});
  const Run &old = r[0], &oldInline = r[1], &jsonOld = r[2];
  QCOMPARE(old.exitCode, 0);
  QCOMPARE(oldInline.exitCode, 0);
  QCOMPARE(jsonOld.exitCode, 0);
  QCOMPARE(old.out, groupCsv_);
  QCOMPARE(oldInline.out, groupCsv_);
  QCOMPARE(jsonOld.out, groupJson_);

  // Contradicting --json and --output-format is refused, naming both.
  const Run& clash = r[3];
  QCOMPARE(clash.exitCode, 2);
  QVERIFY2(clash.err.contains("--json contradicts --output-format csv"), qPrintable(clash.err));
  // A bad value names the option as the user spelled it.
  const Run& bad = r[4];
  QCOMPARE(bad.exitCode, 1);
  QVERIFY2(bad.err.contains("--format must be one of md, csv, json, got 'xml'"), qPrintable(bad.err));
}

void TestCli::dataAndCompareOldSpellings() {
  // pwb data: --format -> --data-format, --max-rows -> --limit. pwb compare (demo model): --kshot -> --k,
  // --format -> --output-format.
  const QString file = dir_.filePath("reviews.txt");
  QFile f(file);
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write(
      "1 a gripping film\n0 a dull film\n1 great acting\n0 a waste of time\n1 moving\n0 flat\n"
      "1 superb\n0 boring\n");
  f.close();
  const QStringList compare = {"compare",
                               "--data",
                               file,
                               "--template",
                               "{s} it was [MASK] .",
                               "--verbalizer",
                               "1=great;0=terrible",
                               "--seeds",
                               "13,21",
                               "--data-format",
                               "label-space"};
  const QList<Run> r = runPwbAll({{"data", "inspect", file, "--data-format", "label-space", "--limit", "4"},
                                  {"data", "inspect", file, "--format", "label-space", "--max-rows", "4"},
                                  compare + QStringList{"--k", "2", "--output-format", "csv"},
                                  compare + QStringList{"--kshot", "2", "--format", "csv"}});
  QVERIFY2(r[2].exitCode == 0, qPrintable(r[2].err));
  QVERIFY2(r[2].out.startsWith("template,1=great;0=terrible\n{s} it was [MASK] .,"), qPrintable(r[2].out));
  QCOMPARE(r[3].exitCode, 0);
  QCOMPARE(r[3].out, r[2].out);
  const Run &canonical = r[0], &old = r[1];
  QCOMPARE(canonical.exitCode, 0);
  QVERIFY2(canonical.out.contains("format:   label-space\n"), qPrintable(canonical.out));
  QVERIFY2(canonical.out.contains("rows:     4\n"), qPrintable(canonical.out));
  QVERIFY2(canonical.out.contains("labels:   0=2 1=2\n"), qPrintable(canonical.out));
  QCOMPARE(old.exitCode, 0);
  QCOMPARE(old.out, canonical.out);
}

void TestCli::unknownOptionIsAUsageError() {
  const QList<Run> r = runPwbAll({{"runs", "--db", db_, "--groupp"},
                                  {"fill-mask", "--kshot", "4", "a [MASK] film"},
                                  {"runs", "--db"},
                                  {"runs", "diff", "1", "2", "--db", db_, "--limit", "ten"},
                                  {"runs", "--db", dir_.filePath("missing.sqlite")}});
  QCOMPARE(r[0].exitCode, 2);
  QVERIFY(r[0].out.isEmpty());
  QVERIFY2(r[0].err.contains("unknown option --groupp (did you mean --group?)"), qPrintable(r[0].err));
  // An option of another command is unknown here (and hidden old spellings are never suggested).
  QCOMPARE(r[1].exitCode, 2);
  QVERIFY2(r[1].err.startsWith("pwb fill-mask: error: unknown option --kshot"), qPrintable(r[1].err));
  QCOMPARE(r[2].exitCode, 2);
  QVERIFY2(r[2].err.contains("option --db needs a value"), qPrintable(r[2].err));
  QCOMPARE(r[3].exitCode, 2);
  QVERIFY2(r[3].err.contains("option --limit expects an integer, got 'ten'"), qPrintable(r[3].err));
  // A command that fails (not a usage error) exits 1.
  QCOMPARE(r[4].exitCode, 1);
  QVERIFY2(r[4].err.contains("no such project file"), qPrintable(r[4].err));
}

void TestCli::helpListsEveryCommand() {
  const Run help = runPwb({"--help"});
  QCOMPARE(help.exitCode, 0);
  const QString commandsSection = help.out.section("Commands:\n", 1).section("\n\n", 0, 0);
  QStringList listed;
  for (const QString& line : commandsSection.split('\n', Qt::SkipEmptyParts))
    listed << line.trimmed().section(' ', 0, 0);
  const QStringList expected = {"choice",    "compare",         "data",  "ensemble", "eval",  "export",
                                "fill-mask", "multilabel",      "pet",   "predict",  "probe", "prompt",
                                "runs",      "search-template", "sweep", "tokenize", "train"};
  QCOMPARE(listed, expected);
  QList<QStringList> helps;
  for (const QString& name : listed) helps << QStringList{name, "--help"};
  const QList<Run> usages = runPwbAll(helps);
  for (int i = 0; i < listed.size(); ++i) {
    QCOMPARE(usages[i].exitCode, 0);
    QVERIFY2(usages[i].out.startsWith("Usage:"), qPrintable(listed[i] + ": " + usages[i].out));
    usage_[listed[i]] = usages[i].out;
  }
}

void TestCli::usageTextsUseTheCanonicalNames() {
  QCOMPARE(usage_.size(), 17);  // filled by helpListsEveryCommand
  for (auto it = usage_.cbegin(); it != usage_.cend(); ++it) {
    for (const char* old : {"--format", "--kshot", "--max-rows", "cpu (default)"})
      QVERIFY2(!it.value().contains(old), qPrintable(it.key() + " --help still says " + old));
    if (it.value().contains("--device")) QVERIFY2(it.value().contains("auto (default"), qPrintable(it.key()));
  }
  QVERIFY(!usage_["prompt"].contains("--k "));
  QVERIFY(usage_["prompt"].contains("--nearest N"));
  QVERIFY(usage_["compare"].contains("--output-format F"));
  QVERIFY(usage_["compare"].contains("--k K"));
  QVERIFY(usage_["eval"].contains("--data-format F"));
  QVERIFY(usage_["data"].contains("--limit N"));
  QVERIFY(usage_["runs"].contains("--json"));
  QVERIFY(!usage_["tokenize"].contains("(required)"));
}

void TestCli::tokenizeDefaultsToTheDemoModel() {
  const QList<Run> r =
      runPwbAll({{"tokenize", "a gripping film"},
                 {"tokenize", "--model", QString(PWB_RESOURCES_DIR) + "/demo-bert-mini", "a gripping film"}});
  QCOMPARE(r[0].exitCode, 0);
  QVERIFY2(r[0].out.contains("[CLS]") && r[0].out.contains("film"), qPrintable(r[0].out));
  QCOMPARE(r[0].out, r[1].out);
}

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
