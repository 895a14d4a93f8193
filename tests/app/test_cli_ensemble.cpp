// `pwb train --db` then `pwb ensemble` and `pwb runs show` as a user runs them (tiny-bert, three steps):
// the ensemble's accuracy is the one recomputed here from the members' stored probabilities, an ensemble
// of one run reproduces it, PET weights come from train_accuracy_before, refusals name both runs, and a
// deleted member is reported missing.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

#include "pwb_process.h"
#include "store/run_store.h"

namespace {

using Run = pwb::test::PwbRun;
using pwb::test::runPwb;

void slice(const QString& from, int n, const QString& to) {
  QFile in(from);
  QVERIFY(in.open(QIODevice::ReadOnly));
  const QStringList lines = QString::fromUtf8(in.readAll()).split('\n', Qt::SkipEmptyParts);
  QFile out(to);
  QVERIFY(out.open(QIODevice::WriteOnly));
  for (int i = 0; i < n; ++i) out.write((lines[i] + "\n").toUtf8());
  for (int i = int(lines.size()) - n; i < int(lines.size()); ++i) out.write((lines[i] + "\n").toUtf8());
}

QJsonObject json(const Run& r) {
  return QJsonDocument::fromJson(r.out.toUtf8()).object();
}

}  // namespace

class TestCliEnsemble : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    db_ = dir_.filePath("project.sqlite");
    const QString train = dir_.filePath("train.txt"), test = dir_.filePath("test.txt");
    const QString sst = QStringLiteral(PWB_SOURCE_DIR) + "/resources/data/sst2/";
    slice(sst + "stsa.binary.train", 20, train);
    slice(sst + "stsa.binary.test", 15, test);
    const Run t = runPwb({"train",
                          "--model",
                          QStringLiteral(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert",
                          "--train",
                          train,
                          "--test",
                          test,
                          "--method",
                          "prompt-tuning,prompt-ft",
                          "--k",
                          "4",
                          "--seeds",
                          "13,21",
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
    pwb::store::RunStore st(db_.toStdString());
    for (const auto& r : st.listRuns()) ids_.push_back(r.id);
    QCOMPARE(ids_.size(), size_t(4));
  }

  // The ensemble's predictions, recomputed from the members' stored probabilities.
  void uniformAndPetAgainstStoredProbabilities() {
    const QString runs = QString("%1,%2,%3").arg(ids_[0]).arg(ids_[1]).arg(ids_[2]);
    for (const QString weighting : {"uniform", "pet"}) {
      const Run e = runPwb({"ensemble", "--db", db_, "--runs", runs, "--weighting", weighting, "--json"});
      QVERIFY2(e.exitCode == 0, qPrintable(e.out + e.err));
      const QJsonObject o = json(e);
      pwb::store::RunStore st(db_.toStdString());
      std::vector<double> w;
      for (int i = 0; i < 3; ++i) {
        const auto r = st.getRun(ids_[static_cast<size_t>(i)]);
        w.push_back(weighting == "pet" ? r.results.at("train_accuracy_before").get<double>() : 1.0);
      }
      const double sum = w[0] + w[1] + w[2];
      int correct = 0;
      std::vector<pwb::store::EvaluationRecord> evs;
      for (int i = 0; i < 3; ++i)
        evs.push_back(st.getEvaluation(st.listEvaluations(ids_[static_cast<size_t>(i)])[0].id));
      const auto ens = st.getEvaluation(static_cast<int64_t>(o["evaluation_id"].toInteger()));
      QCOMPARE(ens.predictions.size(), size_t(30));
      for (size_t k = 0; k < 30; ++k) {
        double p1 = 0;
        for (int i = 0; i < 3; ++i)
          p1 += w[static_cast<size_t>(i)] / sum * evs[static_cast<size_t>(i)].predictions[k].probabilities[1];
        QVERIFY(std::abs(ens.predictions[k].probabilities[1] - p1) < 1e-12);
        QVERIFY(std::abs(ens.predictions[k].probabilities[0] + ens.predictions[k].probabilities[1] - 1) <
                1e-9);
        const std::string pred = p1 > 1 - p1 ? "1" : "0";
        QCOMPARE(ens.predictions[k].predicted, pred);
        correct += pred == *ens.predictions[k].gold;
      }
      QCOMPARE(o["accuracy"].toDouble(), correct / 30.0);
      QCOMPARE(o["weighting"].toString(), weighting);
      QCOMPARE(o["members"].toArray().size(), 3);
      QCOMPARE(st.getRun(o["run_id"].toInt()).method, std::string("ensemble"));
    }
  }

  void oneRunEnsembleIsTheRun() {
    const Run e = runPwb({"ensemble", "--db", db_, "--runs", QString::number(ids_[3])});
    QVERIFY2(e.exitCode == 0, qPrintable(e.out + e.err));
    QVERIFY2(
        e.out.contains("Ensemble run ") && e.out.contains("1 members, uniform weights, 30 test examples"),
        qPrintable(e.out));
    pwb::store::RunStore st(db_.toStdString());
    const auto ensembles = st.listRuns({std::nullopt, "ensemble", "", "", {}, {}, {}, {}, 0, true});
    const auto ens = st.getEvaluation(st.listEvaluations(ensembles.front().id)[0].id);
    const auto member = st.getEvaluation(st.listEvaluations(ids_[3])[0].id);
    for (size_t k = 0; k < member.predictions.size(); ++k) {
      QCOMPARE(ens.predictions[k].probabilities, member.predictions[k].probabilities);
      QCOMPARE(ens.predictions[k].predicted, member.predictions[k].predicted);
    }
    QCOMPARE(ens.accuracy, member.accuracy);
  }

  void refusalsAndUsage() {
    const Run twice = runPwb({"ensemble", "--db", db_, "--runs", QString("%1,%1").arg(ids_[0])});
    QCOMPARE(twice.exitCode, 1);
    QVERIFY2(twice.err.contains(QString("run %1 is listed twice").arg(ids_[0])), qPrintable(twice.err));
    const Run bad = runPwb({"ensemble", "--db", db_, "--runs", "3,x"});
    QCOMPARE(bad.exitCode, 2);
    QVERIFY2(bad.err.contains("got 'x'"), qPrintable(bad.err));
    const Run weighting = runPwb({"ensemble", "--db", db_, "--runs", "1", "--weighting", "mean"});
    QCOMPARE(weighting.exitCode, 1);
    QVERIFY2(weighting.err.contains("expected uniform or pet"), qPrintable(weighting.err));
    const Run missing = runPwb({"ensemble", "--db", dir_.filePath("none.sqlite"), "--runs", "1"});
    QCOMPARE(missing.exitCode, 1);
    QVERIFY(!QFile::exists(dir_.filePath("none.sqlite")));
  }

  void deletedMemberIsMissingInRunsShow() {
    const Run e = runPwb({"ensemble", "--db", db_, "--runs", QString("%1,%2").arg(ids_[0]).arg(ids_[1]),
                          "--name", "pair", "--json"});
    QVERIFY2(e.exitCode == 0, qPrintable(e.out + e.err));
    const QString id = QString::number(json(e)["run_id"].toInt());
    Run s = runPwb({"runs", "show", id, "--db", db_});
    QVERIFY2(s.out.contains(QString("- member 2: run %1 (").arg(ids_[1])), qPrintable(s.out));
    QVERIFY(!s.out.contains("missing"));
    {
      pwb::store::RunStore st(db_.toStdString());
      st.deleteRun(ids_[1]);
    }
    s = runPwb({"runs", "show", id, "--db", db_});
    QCOMPARE(s.exitCode, 0);
    QVERIFY2(s.out.contains(QString("- member 2: run %1 missing (deleted from the project").arg(ids_[1])),
             qPrintable(s.out));
    QVERIFY2(s.out.contains(QString("Note: member run %1 is missing").arg(ids_[1])), qPrintable(s.out));
    const Run j = runPwb({"runs", "show", id, "--db", db_, "--json"});
    const QJsonArray links = json(j)["links"].toArray();
    QCOMPARE(links.size(), 2);
    QCOMPARE(links[0].toObject()["exists"].toBool(), true);
    QCOMPARE(links[1].toObject()["exists"].toBool(), false);
    QCOMPARE(links[1].toObject()["role"].toString(), QString("member"));
  }

 private:
  QTemporaryDir dir_;
  QString db_;
  std::vector<int64_t> ids_;
};

QTEST_GUILESS_MAIN(TestCliEnsemble)
#include "test_cli_ensemble.moc"
