// The demonstration options of `pwb eval` and `pwb compare` as a user runs them (issue 14): one parser
// (app/pwb/commands/demo_cli.h) for every command, usage errors (exit 2) naming the option, clear errors
// for a missing source or a class without a training example, and the predictions' demonstration ids: the
// same whatever --batch, sampled only from --demo-train's K-shot split, and compare's runs per seed.
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
const QString kTemplate = "{s} it was [MASK] . [DEMOS]{s} it was [LABEL] .[/DEMOS]";

QJsonObject json(const PwbRun& r) {
  return QJsonDocument::fromJson(r.out.toUtf8()).object();
}

}  // namespace

class TestCliDemos : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void usageErrors();
  void evalRecordsDemonstrationIds();
  void compareRunsOnePerDemoSeed();

 private:
  QStringList eval(const QStringList& more) const {
    return QStringList{"eval",
                       "--model",
                       kTinyBert,
                       "--data",
                       test_,
                       "--data-format",
                       "label-space",
                       "--template",
                       kTemplate,
                       "--verbalizer",
                       "1=great;0=terrible",
                       "--device",
                       "cpu",
                       "--threads",
                       "1"} +
           more;
  }
  QTemporaryDir dir_;
  QString test_, train_, onlyPositive_;
};

void TestCliDemos::initTestCase() {
  QVERIFY(dir_.isValid());
  auto write = [&](const QString& name, const QByteArray& text) {
    const QString path = dir_.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return QString();
    f.write(text);
    return path;
  };
  test_ = write("test.txt",
                "1 i like the disney films very much .\n0 a dull film\n1 great acting\n0 a waste of time\n");
  train_ = write("train.txt",
                 "1 a great film .\n0 bad .\n1 the best movie of the year .\n0 boring and long .\n"
                 "1 fine fun .\n0 terrible acting .\n1 lovely .\n0 awful .\n");
  onlyPositive_ = write("positive.txt", "1 a great film .\n1 fine fun .\n");
  QVERIFY(!test_.isEmpty() && !train_.isEmpty() && !onlyPositive_.isEmpty());
}

void TestCliDemos::usageErrors() {
  const QString fmt = "label-space";
  const QList<QStringList> cases = {
      eval({"--demos", "random"}),                                                        // no source
      eval({"--demos", "often", "--demo-train", train_}),                                 // unknown sampling
      eval({"--demo-sets", "4"}),                                                         // needs --demos
      eval({"--demos", "random", "--demo-train", train_, "--demo-sets", "0"}),            // out of range
      eval({"--demos", "random", "--demo-train", train_, "--demo-embedder", kTinyBert}),  // similar only
      eval({"--demos", "random", "--demo-train", train_, "--demo-order", "sorted"}),
      eval({"--demos", "random", "--demo-train", train_, "--demo-seed", "13,21"}),  // eval: one seed
      eval({"--demos", "random", "--demo-shots", "2"}),                             // needs --demo-train
      eval({"--demo-train", train_}),                                               // needs --demos
      eval({"--demos", "random", "--demo-train", train_, "--demos-per-class", "x"}),
  };
  const QStringList expect = {"--demo-train FILE",
                              "--demos must be none, random or similar",
                              "--demo-sets needs --demos",
                              "--demo-sets must be between 1 and 1024",
                              "--demo-embedder needs --demos similar",
                              "--demo-order must be class or shuffle",
                              "--demo-seed takes one seed",
                              "--demo-shots needs --demo-train",
                              "--demo-train needs --demos",
                              "--demos-per-class"};
  const QList<PwbRun> r = runPwbAll(cases);
  for (int i = 0; i < r.size(); ++i) {
    QVERIFY2(r[i].exitCode == 2,
             qPrintable(QString("case %1: exit %2: %3").arg(i).arg(r[i].exitCode).arg(r[i].err)));
    QVERIFY2(r[i].err.contains(expect[i]), qPrintable(QString("case %1: %2").arg(i).arg(r[i].err)));
  }
  // Not a usage error but a clear one: a class without a training example, a template without demonstrations.
  const QList<PwbRun> e = runPwbAll(
      {eval({"--demos", "random", "--demo-train", onlyPositive_, "--demo-train-format", fmt}),
       eval({"--demos", "random", "--demo-train", train_, "--template", "{s} it was [MASK] ."}),
       QStringList{"eval", "--model", kTinyBert, "--data", test_, "--data-format", fmt, "--template",
                   kTemplate, "--verbalizer", "1=great;0=terrible", "--device", "cpu"}});
  QCOMPARE(e[0].exitCode, 1);
  QVERIFY2(e[0].err.contains("'0'"), qPrintable(e[0].err));
  QCOMPARE(e[1].exitCode, 1);
  QVERIFY2(e[1].err.contains("no demonstration block"), qPrintable(e[1].err));
  QCOMPARE(e[2].exitCode, 1);
  QVERIFY2(e[2].err.contains("no demonstration source"), qPrintable(e[2].err));
}

void TestCliDemos::evalRecordsDemonstrationIds() {
  const QStringList demo = {
      "--demos",      "random",    "--demo-train", train_, "--demo-train-format", "label-space",
      "--demo-shots", "2",         "--demo-seed",  "21",   "--demo-sets",         "3",
      "--json",       "--examples"};
  const QList<PwbRun> r = runPwbAll({eval(demo), eval(demo + QStringList{"--batch", "1"}),
                                     eval(QStringList{"--demos", "random", "--demo-train", train_,
                                                      "--demo-sets", "2", "--demo-seed", "21"})});
  for (const PwbRun& run : r) QVERIFY2(run.exitCode == 0, qPrintable(run.err));
  const QJsonArray a = json(r[0])["examples"].toArray(), b = json(r[1])["examples"].toArray();
  QCOMPARE(a.size(), 4);
  QSet<QString> used;
  for (int i = 0; i < a.size(); ++i) {
    const QJsonArray sets = a[i].toObject()["demos"].toArray();
    QCOMPARE(sets.size(), 3);
    for (const auto& set : sets) {
      QCOMPARE(set.toArray().size(), 2);  // one per class
      for (const auto& id : set.toArray()) used << id.toString();
    }
    // The same demonstrations and (up to float rounding) probabilities with one sequence per batch.
    QCOMPARE(a[i].toObject()["demos"].toArray(), b[i].toObject()["demos"].toArray());
    const double pa = a[i].toObject()["probs"].toArray()[1].toDouble();
    const double pb = b[i].toObject()["probs"].toArray()[1].toDouble();
    QVERIFY(std::abs(pa - pb) < 1e-5);
  }
  // --demo-shots 2: at most 2 examples per class of train.txt (4 ids) are ever used.
  QVERIFY(used.size() <= 4 && used.size() >= 2);
  // The text report names the demonstrations.
  QVERIFY2(r[2].out.contains("demos:      random, 1 per class, class order, 2 sets, seed 21"),
           qPrintable(r[2].out));
}

void TestCliDemos::compareRunsOnePerDemoSeed() {
  const QStringList base = {"compare",
                            "--model",
                            kTinyBert,
                            "--data",
                            test_,
                            "--data-format",
                            "label-space",
                            "--template",
                            kTemplate,
                            "--verbalizer",
                            "1=great;0=terrible",
                            "--device",
                            "cpu",
                            "--threads",
                            "1",
                            "--demos",
                            "random",
                            "--demo-train",
                            train_,
                            "--demo-sets",
                            "2",
                            "--json",
                            "--examples"};
  const QList<PwbRun> r = runPwbAll(
      {base + QStringList{"--demo-seed", "13,21"}, base + QStringList{"--demo-seed", "13,21", "--k", "2"}});
  QCOMPARE(r[0].exitCode, 0);
  const QJsonArray runs = json(r[0])["cells"].toArray()[0].toObject()["runs"].toArray();
  QVERIFY2(runs.size() == 2, qPrintable(r[0].out.left(400)));
  // With --k the seeds are --seeds: --demo-seed is a usage error.
  QCOMPARE(r[1].exitCode, 2);
  QVERIFY(r[1].err.contains("--demo-seed"));
}

QTEST_GUILESS_MAIN(TestCliDemos)
#include "test_cli_demos.moc"
