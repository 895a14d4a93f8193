// `pwb train` as a user runs it, on the tiny-bert fixture: fine-tuning RTE-style data (premise/hypothesis,
// labels entailment/not_entailment) with the default sentiment verbalizer trains and prints a summary
// (the method takes its classes from the data); when every seed fails (a model whose weights hold NaN) the
// command prints each seed's failure, no mean/std/median, JSON "summary": null, and exits with status 1;
// --stop-after then --resume continues a run to the uninterrupted run's test accuracy.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <cstring>

#include "pwb_process.h"

namespace {

const QString kTinyBert = QString(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert";

using Run = pwb::test::PwbRun;
using pwb::test::runPwb;

void writeRte(const QString& path, int count, int offset) {
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly));
  const char* subjects[] = {"film", "movie", "story", "acting"};
  for (int j = 0; j < count; ++j) {
    const int i = j + offset;
    const bool entails = i % 2 == 1;
    const QString line =
        QString(R"({"premise": "the %1 is very great .", "hypothesis": "the %1 is %2 .", "label": "%3"})")
            .arg(subjects[i % 4], entails ? "great" : "terrible", entails ? "entailment" : "not_entailment");
    f.write(line.toUtf8() + "\n");
  }
}

// A copy of tiny-bert whose embedding LayerNorm weight holds a NaN: every seed's first loss is NaN.
void writeDamagedModel(const QString& dir) {
  for (const char* name : {"config.json", "tokenizer.json", "tokenizer_config.json", "vocab.txt"})
    QVERIFY(QFile::copy(kTinyBert + "/" + name, dir + "/" + name));
  QFile in(kTinyBert + "/model.safetensors");
  QVERIFY(in.open(QIODevice::ReadOnly));
  QByteArray bytes = in.readAll();
  quint64 headerLength = 0;
  std::memcpy(&headerLength, bytes.constData(), 8);  // little-endian, as the host here
  const auto header = QJsonDocument::fromJson(bytes.mid(8, static_cast<int>(headerLength))).object();
  const auto entry = header.value("bert.embeddings.LayerNorm.weight").toObject();
  QCOMPARE(entry.value("dtype").toString(), QString("F32"));
  const int at = 8 + static_cast<int>(headerLength) + entry.value("data_offsets").toArray().at(0).toInt();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  std::memcpy(bytes.data() + at, &nan, 4);
  QFile out(dir + "/model.safetensors");
  QVERIFY(out.open(QIODevice::WriteOnly));
  out.write(bytes);
}

QStringList tinyArgs(const QTemporaryDir& dir) {
  return {"train",
          "--train",
          dir.filePath("train.jsonl"),
          "--test",
          dir.filePath("test.jsonl"),
          "--k",
          "4",
          "--steps",
          "4",
          "--batch",
          "4",
          "--eval-every",
          "2",
          "--device",
          "cpu",
          "--threads",
          "1",
          "--max-length",
          "32",
          "--quiet"};
}

}  // namespace

class TestCliTrain : public QObject {
  Q_OBJECT

 private slots:
  void fineTuneNeedsNoVerbalizer() {
    QTemporaryDir dir;
    writeRte(dir.filePath("train.jsonl"), 24, 0);
    writeRte(dir.filePath("test.jsonl"), 8, 100);
    // The default --verbalizer is 0=terrible;1=great: labels this data does not have.
    const auto r = runPwb(tinyArgs(dir) << "--model" << kTinyBert << "--method"
                                        << "fine-tune,p-tuning-v2"
                                        << "--head"
                                        << "cls"
                                        << "--seeds"
                                        << "13,21");
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    QVERIFY2(
        r.out.contains(QRegularExpression(R"(fine-tune: \d+\.\d \(\d+\.\d\) median \d+\.\d over 2 seeds)")),
        qPrintable(r.out));
    QVERIFY2(
        r.out.contains(QRegularExpression(R"(p-tuning-v2: \d+\.\d \(\d+\.\d\) median \d+\.\d over 2 seeds)")),
        qPrintable(r.out));
    // The verbalizer methods still need words for the data's labels.
    const auto pft = runPwb(tinyArgs(dir) << "--model" << kTinyBert << "--method"
                                          << "prompt-ft"
                                          << "--template"
                                          << "{premise} ? [MASK] , {hypothesis}");
    QVERIFY(pft.exitCode != 0);
  }

  void everySeedFailedPrintsNoSummary() {
    QTemporaryDir dir;
    writeRte(dir.filePath("train.jsonl"), 24, 0);
    writeRte(dir.filePath("test.jsonl"), 8, 100);
    QVERIFY(QDir(dir.path()).mkdir("model"));
    writeDamagedModel(dir.filePath("model"));
    const auto r = runPwb(tinyArgs(dir) << "--model" << dir.filePath("model") << "--method"
                                        << "fine-tune"
                                        << "--seeds"
                                        << "13,21");
    QCOMPARE(r.exitCode, 1);
    for (const char* seed : {"13", "21"}) {
      QVERIFY2(r.out.contains(QString("seed %1: failed: the loss became NaN at step 1").arg(seed)),
               qPrintable(r.out));
    }
    QVERIFY2(r.out.contains("bert.embeddings.LayerNorm.weight"), qPrintable(r.out));
    QVERIFY2(r.out.contains("fine-tune: no accuracy to report (2 of 2 seeds failed)"), qPrintable(r.out));
    QVERIFY2(!r.out.contains("median"), qPrintable(r.out));
    QVERIFY2(!r.out.contains("0.0 (0.0)"), qPrintable(r.out));

    const auto j = runPwb(tinyArgs(dir) << "--model" << dir.filePath("model") << "--method"
                                        << "fine-tune"
                                        << "--seeds"
                                        << "13"
                                        << "--json");
    QCOMPARE(j.exitCode, 1);
    const auto doc = QJsonDocument::fromJson(j.out.toUtf8()).object();
    QVERIFY2(doc.contains("summary") && doc.value("summary").isNull(), qPrintable(j.out));
    QCOMPARE(doc.value("seeds").toArray().at(0).toObject().value("status").toString(), QString("failed"));
  }

  void stopAfterThenResume() {
    QTemporaryDir dir;
    writeRte(dir.filePath("train.jsonl"), 24, 0);
    writeRte(dir.filePath("test.jsonl"), 8, 100);
    const QStringList base = tinyArgs(dir) << "--model" << kTinyBert << "--method"
                                           << "fine-tune"
                                           << "--seeds"
                                           << "13"
                                           << "--json";
    const auto whole = runPwb(base);
    QVERIFY2(whole.exitCode == 0, qPrintable(whole.out + whole.err));
    const auto stopped = runPwb(QStringList(base) << "--stop-after"
                                                  << "2"
                                                  << "--output" << dir.filePath("states"));
    QCOMPARE(stopped.exitCode, 1);
    const QString state = dir.filePath("states/fine-tune-seed13");
    QVERIFY2(QFile::exists(state + "/trainer.json"), qPrintable(stopped.out + stopped.err));
    const auto resumed = runPwb(QStringList(base) << "--resume" << state);
    QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.out + resumed.err));
    auto seedOf = [](const Run& r) {
      return QJsonDocument::fromJson(r.out.toUtf8()).object().value("seeds").toArray().at(0).toObject();
    };
    QCOMPARE(seedOf(resumed).value("test_accuracy").toDouble(),
             seedOf(whole).value("test_accuracy").toDouble());
    QCOMPARE(seedOf(resumed).value("final_loss").toDouble(), seedOf(whole).value("final_loss").toDouble());
    QCOMPARE(seedOf(resumed).value("best_step").toInt(), seedOf(whole).value("best_step").toInt());
  }
};

QTEST_GUILESS_MAIN(TestCliTrain)
#include "test_cli_train.moc"
