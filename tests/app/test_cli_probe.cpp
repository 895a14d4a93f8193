// `pwb probe` as a user runs it: a LAMA-style JSONL with bad rows on the tiny-bert fixture. The rank it
// reports for an answer must be the answer's place in `pwb fill-mask`'s full-vocabulary list for the same
// rendered sentence (another command, another code path); bad rows come back by line; the multi-piece
// option changes what is scored; usage and template errors exit with a message.
#include <QFile>
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

const QString kTinyBert = QString(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert";
const QString kTemplate = "the capital of {sub_label} is [MASK] .";

QJsonObject json(const PwbRun& r) {
  return QJsonDocument::fromJson(r.out.toUtf8()).object();
}

// 1-based place of `token` in fill-mask's predictions (0 when absent).
int placeIn(const PwbRun& fill, const QString& token) {
  const auto preds = json(fill)["masks"].toArray().at(0).toObject()["predictions"].toArray();
  for (int i = 0; i < preds.size(); ++i)
    if (preds[i].toObject()["token"].toString() == token) return i + 1;
  return 0;
}

}  // namespace

class TestCliProbe : public QObject {
  Q_OBJECT

 private slots:
  void ranksMatchFillMaskAndBadRowsByLine() {
    QTemporaryDir dir;
    const QString data = dir.filePath("facts.jsonl");
    QFile f(data);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(
        "{\"sub_label\": \"france\", \"obj_label\": \"paris\"}\n"
        "{\"sub_label\": \"china\", \"obj_label\": \"berlin\"}\n"
        "{\"sub_label\": \"disney\", \"obj_label\": \"zoo\"}\n"
        "{\"sub_label\": \"news\"}\n"
        "{\"sub_label\": \"\", \"obj_label\": \"shanghai\"}\n"
        "{\"sub_label\": \"sports\", \"obj_label\": \"wonderful\"}\n");
    f.close();
    const QStringList common{"probe",    "--model", kTinyBert,   "--data", data,     "--template", kTemplate,
                             "--device", "cpu",     "--threads", "1",      "--json", "--examples"};
    const auto runs = runPwbAll({
        common,
        common + QStringList{"--multi-piece", "first-piece"},
        {"fill-mask", "--model", kTinyBert, "--top-k", "190", "--json", "--device", "cpu",
         "the capital of france is [MASK] ."},
        {"fill-mask", "--model", kTinyBert, "--top-k", "190", "--json", "--device", "cpu",
         "the capital of sports is [MASK] ."},
        {"probe", "--model", kTinyBert, "--data", data, "--device", "cpu"},  // no --template
        {"probe", "--model", kTinyBert, "--data", data, "--template", kTemplate, "--multi-piece", "all"},
        {"probe", "--model", kTinyBert, "--data", data, "--template", "[MASK] {sub_label} [MASK]"},
        {"probe", "--model", kTinyBert, "--data", data, "--template", kTemplate, "--stop-on-error"},
        {"probe", "--model", kTinyBert, "--data", data, "--template", kTemplate, "--device", "cpu"},
    });
    for (int i : {0, 1, 2, 3, 8}) QVERIFY2(runs[i].exitCode == 0, qPrintable(runs[i].err));

    const auto skip = json(runs[0]);
    const auto d = skip["data"].toObject();
    QCOMPARE(d["answer_column"].toString(), QString("obj_label"));
    QCOMPARE(d["rows"].toInt(), 4);
    const auto problems = d["problems"].toArray();
    QCOMPARE(problems.size(), 2);
    QCOMPARE(problems[0].toObject()["line"].toInt(), 4);
    QVERIFY(problems[0].toObject()["message"].toString().startsWith("missing answer"));
    QCOMPARE(problems[1].toObject()["line"].toInt(), 5);
    // The one text field is empty: the generic importer's "empty text".
    QCOMPARE(problems[1].toObject()["message"].toString(), QString("empty text"));

    const auto r = skip["result"].toObject();
    QCOMPARE(r["examples_total"].toInt(), 4);
    QCOMPARE(r["multi_piece"].toObject()["count"].toInt(), 1);
    QCOMPARE(r["multi_piece"].toObject()["first"].toArray()[0].toObject()["id"].toString(), QString("L2"));
    QCOMPARE(r["unknown_answers"].toObject()["count"].toInt(), 1);
    QCOMPARE(r["unknown_answers"].toObject()["first"].toArray()[0].toObject()["line"].toInt(), 3);
    const auto metrics = r["metrics"].toObject();
    QCOMPARE(metrics["count"].toInt(), 2);
    const auto ex = r["examples"].toArray();
    QCOMPARE(ex.size(), 2);
    const int parisRank = ex[0].toObject()["rank"].toInt();
    const int wonderfulRank = ex[1].toObject()["rank"].toInt();
    QCOMPARE(parisRank, placeIn(runs[2], "paris"));
    QCOMPARE(wonderfulRank, placeIn(runs[3], "wonderful"));
    QVERIFY(parisRank > 0 && wonderfulRank > 0);
    // The metrics from those two ranks, by hand.
    const double p1 = ((parisRank == 1) + (wonderfulRank == 1)) / 2.0;
    const double p10 = ((parisRank <= 10) + (wonderfulRank <= 10)) / 2.0;
    const double mrr = (1.0 / parisRank + 1.0 / wonderfulRank) / 2.0;
    QCOMPARE(metrics["P@1"].toDouble(), p1);
    QCOMPARE(metrics["P@10"].toDouble(), p10);
    QVERIFY(std::abs(metrics["MRR"].toDouble() - mrr) < 1e-12);
    QCOMPARE(ex[0].toObject()["top"].toArray().size(), 10);

    // first-piece: "berlin" is scored by its first piece; "zoo" ([UNK]) is still skipped.
    const auto first = json(runs[1])["result"].toObject();
    QCOMPARE(first["multi_piece_answers"].toString(), QString("first-piece"));
    QCOMPARE(first["metrics"].toObject()["count"].toInt(), 3);
    const auto berlin = first["examples"].toArray()[1].toObject();
    QCOMPARE(berlin["answer"].toString(), QString("berlin"));
    QVERIFY(berlin["first_piece"].toBool());

    QCOMPARE(runs[4].exitCode, 2);  // usage: --template missing
    QVERIFY(runs[4].err.contains("--template"));
    QCOMPARE(runs[5].exitCode, 1);
    QVERIFY2(runs[5].err.contains("skip, first-piece"), qPrintable(runs[5].err));
    QCOMPARE(runs[6].exitCode, 1);
    QVERIFY2(runs[6].err.contains("exactly one [MASK]"), qPrintable(runs[6].err));
    QCOMPARE(runs[7].exitCode, 1);
    QVERIFY2(runs[7].err.contains("facts.jsonl:4:"), qPrintable(runs[7].err));
    // The text report names the metrics, the skipped rows by file:line and the convention.
    QVERIFY(runs[8].out.contains("P@1:"));
    QVERIFY(runs[8].out.contains("facts.jsonl:5: empty text"));
    QVERIFY(runs[8].out.contains("skipped (LAMA's convention)"));
  }
};

QTEST_GUILESS_MAIN(TestCliProbe)
#include "test_cli_probe.moc"
