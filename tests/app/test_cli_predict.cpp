// `pwb predict` run as a program on the tiny-bert fixture: a zero-shot PVP on plain lines writes one CSV
// row per text with probabilities summing to 1; JSONL output; bad rows and a label column reported on
// standard error by line without failing; usage errors (two classifiers, missing --out) exit 2; a
// missing input names the file.
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "pwb_process.h"

namespace {

using Run = pwb::test::PwbRun;
using pwb::test::runPwb;

const QString kTinyBert = QStringLiteral(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert";

void write(const QString& path, const QByteArray& bytes) {
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write(bytes);
}

QStringList lines(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  return QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
}

}  // namespace

class TestCliPredict : public QObject {
  Q_OBJECT

 private slots:
  void zeroShotCsvAndJsonl() {
    QTemporaryDir dir;
    write(dir.filePath("in.txt"), "a great film .\na terrible film .\n\nboring .\n");
    const QStringList common = {"--model",      kTinyBert,
                                "--template",   "{s} it was [MASK] .",
                                "--verbalizer", "0=terrible;1=great",
                                "--device",     "cpu",
                                "--threads",    "2"};
    const Run c = runPwb(
        QStringList{"predict", "--input", dir.filePath("in.txt"), "--out", dir.filePath("out.csv")} + common);
    QVERIFY2(c.exitCode == 0, qPrintable(c.out + c.err));
    QVERIFY2(c.err.contains("predicted 3 rows with zero-shot"), qPrintable(c.err));
    const QStringList csv = lines(dir.filePath("out.csv"));
    QCOMPARE(csv.size(), 4);
    QCOMPARE(csv[0], QString("row,line,id,label,p_0,p_1"));
    const QStringList last = csv[3].split(',');
    QCOMPARE(last[0], QString("2"));
    QCOMPARE(last[1], QString("4"));
    QVERIFY(std::abs(last[4].toDouble() + last[5].toDouble() - 1.0) < 1e-9);
    QCOMPARE(last[3], last[5].toDouble() > last[4].toDouble() ? QString("1") : QString("0"));

    const Run j = runPwb(QStringList{"predict", "--input", dir.filePath("in.txt"), "--out",
                                     dir.filePath("out.jsonl"), "--quiet"} +
                         common);
    QVERIFY2(j.exitCode == 0, qPrintable(j.err));
    QVERIFY(j.err.isEmpty());
    const QStringList js = lines(dir.filePath("out.jsonl"));
    QCOMPARE(js.size(), 3);
    const QJsonObject o = QJsonDocument::fromJson(js[2].toUtf8()).object();
    QCOMPARE(o["line"].toInt(), 4);
    // Same numbers in both formats (10 significant digits).
    QCOMPARE(o["probabilities"].toObject()["1"].toDouble(), last[5].toDouble());
  }

  void badRowsAndLabelsAreReported() {
    QTemporaryDir dir;
    write(dir.filePath("in.tsv"), "idx\tsentence\tlabel\n1\ta great film\t1\n2\tbad\trow\t0\n3\tdull\t0\n");
    const Run r = runPwb({"predict", "--input", dir.filePath("in.tsv"), "--out", dir.filePath("o.csv"),
                          "--model", kTinyBert, "--template", "{sentence} it was [MASK] .", "--verbalizer",
                          "0=terrible;1=great", "--device", "cpu"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains("notice: " + dir.filePath("in.tsv") + " has a label column ('label')"),
             qPrintable(r.err));
    QVERIFY2(r.err.contains("skipped " + dir.filePath("in.tsv") + ":3: wrong column count"),
             qPrintable(r.err));
    QVERIFY2(r.err.contains("1 bad rows skipped"), qPrintable(r.err));
    const QStringList csv = lines(dir.filePath("o.csv"));
    QCOMPARE(csv.size(), 3);
    QVERIFY(csv[2].startsWith("2,4,3,"));  // row 2 (the bad row counts), line 4, id 3
  }

  void usageAndFileErrors() {
    QTemporaryDir dir;
    write(dir.filePath("in.txt"), "a film .\n");
    const Run two = runPwb({"predict", "--input", dir.filePath("in.txt"), "--out", dir.filePath("o.csv"),
                            "--db", dir.filePath("p.sqlite"), "--run", "1", "--prompt", dir.path()});
    QCOMPARE(two.exitCode, 2);
    QVERIFY2(two.err.contains("give one classifier"), qPrintable(two.err));
    const Run noOut = runPwb({"predict", "--input", dir.filePath("in.txt"), "--template", "{s} [MASK] .",
                              "--verbalizer", "0=bad;1=good"});
    QCOMPARE(noOut.exitCode, 2);
    QVERIFY2(noOut.err.contains("--out"), qPrintable(noOut.err));
    const Run missing =
        runPwb({"predict", "--input", dir.filePath("none.txt"), "--out", dir.filePath("o.csv"), "--model",
                kTinyBert, "--template", "{s} [MASK] .", "--verbalizer", "0=bad;1=good"});
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(missing.err.contains(dir.filePath("none.txt") + ": no such file"), qPrintable(missing.err));
    const Run noRun = runPwb({"predict", "--input", dir.filePath("in.txt"), "--out", dir.filePath("o.csv"),
                              "--db", dir.filePath("none.sqlite"), "--run", "1"});
    QCOMPARE(noRun.exitCode, 1);
    QVERIFY2(noRun.err.contains("no such project file"), qPrintable(noRun.err));
  }
};

QTEST_GUILESS_MAIN(TestCliPredict)
#include "test_cli_predict.moc"
