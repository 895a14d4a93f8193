// The evaluation commands as a user runs them (issue 13, defects 2–4): `pwb eval --prompt ADAPTER` applies
// --calibrate, --aggregate, --multi-token and --top-k (they were accepted and ignored), a bundle refuses
// them with a usage error, `--multi-token first` (documented) is accepted and scores a word by its first
// sub-token, `--bf16` reaches the engine, and fill-mask on RoBERTa takes exactly its usable 64 of 66
// positions (tiny-roberta). Numbers are compared across runs of the real program: a verbalizer's class
// score must equal the score of the word it is built from.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

#include "pwb_process.h"

using pwb::test::PwbRun;
using pwb::test::runPwbAll;

namespace {

const QString kFixtures = QString(PWB_REFERENCE_DIR) + "/fixtures/";
const QString kTinyBert = kFixtures + "tiny-bert";
const QString kTemplate = "{s} it was [MASK] .";

QJsonObject json(const PwbRun& r) {
  return QJsonDocument::fromJson(r.out.toUtf8()).object();
}

// scores[example][class] of a `--json --examples` result.
QList<QList<double>> scores(const PwbRun& r) {
  QList<QList<double>> out;
  for (const auto& e : json(r)["examples"].toArray()) {
    QList<double> row;
    for (const auto& s : e.toObject()["scores"].toArray()) row << s.toDouble();
    out << row;
  }
  return out;
}

}  // namespace

class TestCliEval : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void promptAdapterAppliesScoringOptions();
  void bundleRefusesScoringOptions();
  void multiTokenFirstIsAccepted();
  void bf16ReachesTheEngine();
  void fillMaskUsesRobertaUsableLength();

 private:
  QTemporaryDir dir_;
  QString data_;
  QStringList adapter_;  // pwb eval --prompt <PEFT prompt-tuning adapter> on tiny-bert, JSON with examples
};

void TestCliEval::initTestCase() {
  QVERIFY(dir_.isValid());
  data_ = dir_.filePath("reviews.txt");
  QFile f(data_);
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write("1 i like the disney films very much .\n0 a dull film\n1 great acting\n0 a waste of time\n");
  f.close();
  adapter_ = QStringList{"eval",       "--prompt",      kFixtures + "peft/prompt-tuning",
                         "--model",    kTinyBert,       "--data",
                         data_,        "--data-format", "label-space",
                         "--template", kTemplate,       "--device",
                         "cpu",        "--threads",     "1",
                         "--json",     "--examples"};
}

void TestCliEval::promptAdapterAppliesScoringOptions() {
  const QList<PwbRun> r =
      runPwbAll({adapter_ + QStringList{"--verbalizer", "1=great;0=terrible"},
                 adapter_ + QStringList{"--verbalizer", "1=good;0=bad"},
                 adapter_ + QStringList{"--verbalizer", "1=great,good;0=terrible,bad", "--aggregate", "max"},
                 adapter_ + QStringList{"--verbalizer", "1=great;0=terrible", "--calibrate", "--top-k", "3"},
                 adapter_ + QStringList{"--verbalizer", "1=great;0=terrible", "--multi-token", "pet"}});
  for (const PwbRun& run : r) QVERIFY2(run.exitCode == 0, qPrintable(run.err));
  const auto a = scores(r[0]), b = scores(r[1]), maxed = scores(r[2]);
  QCOMPARE(a.size(), 4);
  for (int i = 0; i < a.size(); ++i) {
    for (int c = 0; c < 2; ++c) QVERIFY(std::abs(maxed[i][c] - std::max(a[i][c], b[i][c])) < 1e-9);
  }
  QVERIFY(maxed != a && maxed != b);  // the max really mixes the two verbalizers
  // --calibrate: a prior, probabilities divided by it; --top-k: three tokens at the mask per example.
  const QJsonObject cal = json(r[3]);
  QCOMPARE(cal["calibration_prior"].toArray().size(), 2);
  const QJsonArray prior = cal["calibration_prior"].toArray();
  const QJsonObject e0 = cal["examples"].toArray()[0].toObject();
  const double p1 = 1 / (1 + std::exp(a[0][0] - a[0][1]));
  const double z = (1 - p1) / prior[0].toDouble() + p1 / prior[1].toDouble();
  QVERIFY(std::abs(e0["probs"].toArray()[1].toDouble() - p1 / prior[1].toDouble() / z) < 1e-9);
  QCOMPARE(e0["mask_top"].toArray().size(), 3);
  // Single-token words: PET multi-mask scoring is the same as one mask.
  QCOMPARE(scores(r[4]), a);
}

void TestCliEval::bundleRefusesScoringOptions() {
  // A bundle is recognised by its prompt.json; the options are refused before anything is loaded.
  QTemporaryDir bundle;
  QFile info(bundle.filePath("prompt.json"));
  QVERIFY(info.open(QIODevice::WriteOnly));
  info.write("{}");
  info.close();
  const QList<PwbRun> r = runPwbAll(
      {{"eval", "--prompt", bundle.path(), "--data", data_, "--calibrate", "--top-k", "3"},
       {"eval", "--prompt", bundle.path(), "--data", data_, "--bf16"},
       {"eval", "--prompt", bundle.path(), "--data", data_, "--multi-token", "first", "--aggregate", "max"}});
  QCOMPARE(r[0].exitCode, 2);
  QVERIFY2(r[0].err.contains("--calibrate, --top-k: not applicable to a bundle"), qPrintable(r[0].err));
  QCOMPARE(r[1].exitCode, 2);
  QVERIFY2(r[1].err.contains("--bf16: not applicable to a bundle"), qPrintable(r[1].err));
  QCOMPARE(r[2].exitCode, 2);
  QVERIFY2(r[2].err.contains("--multi-token, --aggregate: not applicable"), qPrintable(r[2].err));
}

void TestCliEval::multiTokenFirstIsAccepted() {
  // "movies" is movie + ##s in tiny-bert's vocabulary: --multi-token first scores it as "movie".
  const QStringList base = {"eval",          "--model",     kTinyBert,    "--data",  data_,
                            "--data-format", "label-space", "--template", kTemplate, "--device",
                            "cpu",           "--json",      "--examples"};
  const QList<PwbRun> r = runPwbAll(
      {base + QStringList{"--verbalizer", "1=movies;0=terrible", "--multi-token", "first"},
       base + QStringList{"--verbalizer", "1=movie;0=terrible"},
       base + QStringList{"--verbalizer", "1=movies;0=terrible", "--multi-token", "mean"},
       base + QStringList{"--verbalizer", "1=movies;0=terrible", "--multi-token", "last"},
       base + QStringList{"--verbalizer", "1=movies;0=terrible", "--multi-token", "pet-sequential"},
       base + QStringList{"--verbalizer", "1=movies;0=terrible", "--multi-token", "pet"},
       base +
           QStringList{"--verbalizer",
                       R"({"labels": {"1": "movies", "0": "terrible"}, "multi_token": "pet_sequential"})"}});
  QVERIFY2(r[0].exitCode == 0, qPrintable(r[0].err));
  QCOMPARE(scores(r[0]), scores(r[1]));
  QVERIFY(scores(r[2]) != scores(r[0]));
  QCOMPARE(r[3].exitCode, 1);
  QVERIFY2(r[3].err.contains("--multi-token must be mean, pet, pet-sequential or first"),
           qPrintable(r[3].err));
  // PET's sequential score (pieces filled most confident first) is selected by the option or by the JSON
  // verbalizer, differs from PET's one-pass score on the two-piece word and not on the one-token word.
  for (int i : {4, 5, 6}) QVERIFY2(r[i].exitCode == 0, qPrintable(r[i].err));
  QCOMPARE(scores(r[4]), scores(r[6]));
  QVERIFY(!scores(r[4]).isEmpty());
  for (qsizetype e = 0; e < scores(r[4]).size(); ++e) {
    QCOMPARE(scores(r[4])[e][0], scores(r[5])[e][0]);  // label 0 = "terrible", one token
    QVERIFY(std::abs(scores(r[4])[e][1] - scores(r[5])[e][1]) > 1e-6);
  }
}

void TestCliEval::bf16ReachesTheEngine() {
  const QStringList base = {"eval",
                            "--model",
                            kTinyBert,
                            "--data",
                            data_,
                            "--data-format",
                            "label-space",
                            "--template",
                            kTemplate,
                            "--verbalizer",
                            "1=great;0=terrible",
                            "--device",
                            "cpu",
                            "--json",
                            "--examples"};
  const QStringList grid = {"compare",
                            "--model",
                            kTinyBert,
                            "--data",
                            data_,
                            "--data-format",
                            "label-space",
                            "--template",
                            kTemplate,
                            "--verbalizer",
                            "1=great;0=terrible",
                            "--device",
                            "cpu",
                            "--json"};
  const QList<PwbRun> r = runPwbAll(
      {base,
       base + QStringList{"--bf16"},
       grid + QStringList{"--bf16"},
       {"fill-mask", "--model", kTinyBert, "--device", "cpu", "--bf16", "--json", "a great [MASK] ."}});
  for (const PwbRun& run : r) QVERIFY2(run.exitCode == 0, qPrintable(run.err));
  const auto fp32 = scores(r[0]), bf16 = scores(r[1]);
  QCOMPARE(bf16.size(), fp32.size());
  // bf16 keeps 8 bits of mantissa: the log-probs move, but by far less than they differ between words.
  double maxDiff = 0;
  for (int i = 0; i < fp32.size(); ++i) {
    for (int c = 0; c < 2; ++c) maxDiff = std::max(maxDiff, std::abs(fp32[i][c] - bf16[i][c]));
  }
  QVERIFY2(maxDiff > 0, "--bf16 gave bit-identical scores: it did not reach the engine");
  QVERIFY2(maxDiff < 0.25, qPrintable(QString::number(maxDiff)));
  QVERIFY(QJsonDocument::fromJson(r[2].out.toUtf8()).object().contains("cells"));
}

void TestCliEval::fillMaskUsesRobertaUsableLength() {
  const QString roberta = kFixtures + "tiny-roberta";
  // "a film a film ... [MASK]" grows one token per word; find the texts of exactly 64 and 65 tokens.
  QList<QStringList> tokenize;
  QStringList texts;
  QString text = "[MASK]";
  for (int words = 0; words < 80; ++words) {
    texts << text;
    tokenize << QStringList{"tokenize", "--model", roberta, "--json",
                            QString(text).replace("[MASK]", "<mask>")};
    text = (words % 2 ? "a " : "film ") + text;
  }
  const QList<PwbRun> counts = runPwbAll(tokenize, {}, 16);
  QString exact, longer;
  for (int i = 0; i < counts.size(); ++i) {
    QVERIFY2(counts[i].exitCode == 0, qPrintable(counts[i].err));
    const int n = QJsonDocument::fromJson(counts[i].out.toUtf8()).object()["tokens"].toArray().size();
    if (n == 64) exact = texts[i];
    if (n == 65) longer = texts[i];
  }
  QVERIFY(!exact.isEmpty() && !longer.isEmpty());
  const QList<PwbRun> r = runPwbAll({{"fill-mask", "--model", roberta, "--device", "cpu", "--json", exact},
                                     {"fill-mask", "--model", roberta, "--device", "cpu", "--json", longer}});
  QVERIFY2(r[0].exitCode == 0, qPrintable(r[0].err));
  QCOMPARE(QJsonDocument::fromJson(r[0].out.toUtf8()).object()["tokens"].toArray().size(), 64);
  QCOMPARE(r[1].exitCode, 1);
  QVERIFY2(r[1].err.contains("65 tokens long; the model accepts at most 64"), qPrintable(r[1].err));
}

QTEST_GUILESS_MAIN(TestCliEval)
#include "test_cli_eval.moc"
