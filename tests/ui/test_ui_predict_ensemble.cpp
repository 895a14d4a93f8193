// Runs view ▸ Ensemble Selected and Run details, and File ▸ Predict on File…, on two prompt-tuning runs
// trained into the demo project on the tiny-bert fixture: the ensemble is stored as a run with its members
// (its accuracy the one recomputed from the members' stored probabilities), a refusal names the run, the
// details list the members and mark a deleted one missing; the dialog writes one prediction per input line
// for the current template and verbalizer and for a finished run, with the progress bar full at the end.
#include <QFile>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QSignalSpy>
#include <QTableWidget>
#include <QtTest>
#include <cmath>
#include <fstream>

#include "store/run_store.h"
#include "support/tiny_prompt_runs.h"
#include "ui/predict_dialog.h"
#include "ui/runs_view.h"
#include "ui_test_support.h"

using namespace pwb;
using namespace pwb::ui;

namespace {
const QString kTinyBert = QStringLiteral(PWB_REFERENCE_DIR "/fixtures/tiny-bert");

int rowOf(const RunsView& view, qint64 id) {
  for (size_t i = 0; i < view.runs().size(); ++i)
    if (view.runs()[i].id == id) return int(i);
  return -1;
}

int lineCount(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return -1;
  return int(QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts).size());
}
}  // namespace

class TestUiPredictEnsemble : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  Project* project_ = nullptr;
  std::vector<qint64> runs_;
  std::string testFile_;

  void refreshed(RunsView& view) {
    QSignalSpy spy(&view, &RunsView::refreshed);
    view.refresh();
    QVERIFY(spy.wait(20000));
  }

 private slots:
  void initTestCase() {
    pwb::ui::test::isolateSettings();
    project_ = new Project(this);
    pwb::ui::test::openDemo(*project_, dir_);
    project_->setModelDir(kTinyBert);
    const std::string sst = std::string(PWB_SOURCE_DIR) + "/resources/data/sst2/";
    const std::string train =
        pwb::test::labelSpaceSlice(sst + "stsa.binary.train", 20, dir_.filePath("train.txt").toStdString());
    testFile_ =
        pwb::test::labelSpaceSlice(sst + "stsa.binary.test", 10, dir_.filePath("test.txt").toStdString());
    auto r = pwb::test::tinyPromptRunRequest(kTinyBert.toStdString(), "prompt-tuning", "{s} it was [MASK] .",
                                             "0=terrible;1=great", train, testFile_,
                                             project_->path().toStdString());
    r.seeds = {13, 21};
    const auto res = train::runTraining(r);
    QCOMPARE(res.status, train::RunStatus::Finished);
    for (const auto& s : res.seeds) runs_.push_back(std::stoll(s.runId));
  }

  void ensembleSelectedRunsAndShowLineage() {
    RunsView view(project_);
    view.resize(1200, 800);
    view.show();
    refreshed(view);
    view.selectRuns({rowOf(view, runs_[0]), rowOf(view, runs_[1])});
    QCOMPARE(view.selectedRunIds().size(), 2);
    QSignalSpy created(&view, &RunsView::ensembleCreated);
    view.ensembleSelected(combine::Weighting::Pet);
    QVERIFY(created.wait(20000));
    const qint64 ens = created.at(0).at(0).toLongLong();
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(view, ens) >= 0, 20000);

    store::RunStore st(project_->path().toStdString());
    const auto run = st.getRun(ens);
    QCOMPARE(run.method, std::string("ensemble"));
    QCOMPARE(run.config.at("weighting").get<std::string>(), std::string("pet"));
    // The accuracy recomputed from the members' stored probabilities with their PET weights.
    std::vector<double> w;
    std::vector<store::EvaluationRecord> evs;
    for (qint64 id : runs_) {
      w.push_back(st.getRun(id).results.at("train_accuracy_before").get<double>());
      evs.push_back(st.getEvaluation(st.listEvaluations(id).at(0).id));
    }
    int correct = 0;
    for (size_t k = 0; k < evs[0].predictions.size(); ++k) {
      const double p1 =
          (w[0] * evs[0].predictions[k].probabilities[1] + w[1] * evs[1].predictions[k].probabilities[1]) /
          (w[0] + w[1]);
      correct += (p1 > 1 - p1 ? "1" : "0") == *evs[0].predictions[k].gold;
    }
    QVERIFY(std::abs(run.results.at("test_accuracy").get<double>() - double(correct) / 20.0) < 1e-12);

    // The details of the ensemble: its members, then one deleted and marked missing.
    auto* details = view.findChild<QPlainTextEdit*>(QStringLiteral("runDetails"));
    QVERIFY(details);
    QSignalSpy shown(&view, &RunsView::detailsShown);
    view.runsTable()->setCurrentCell(rowOf(view, ens), 1);
    QVERIFY(shown.wait(20000));
    // Members in the table's order (newest first): run 2, then run 1.
    QVERIFY2(view.detailsText().contains(QStringLiteral("member 1: run %1 (").arg(runs_[1])) &&
                 view.detailsText().contains(QStringLiteral("member 2: run %1 (").arg(runs_[0])),
             qPrintable(view.detailsText()));
    st.deleteRun(runs_[1]);
    refreshed(view);
    shown.clear();
    view.runsTable()->setCurrentCell(-1, -1);
    view.runsTable()->setCurrentCell(rowOf(view, ens), 1);
    QVERIFY(shown.wait(20000));
    QVERIFY2(view.detailsText().contains(QStringLiteral("✘ member 1: run %1 missing").arg(runs_[1])),
             qPrintable(view.detailsText()));
    QVERIFY(view.detailsText().contains(QStringLiteral("member run %1 is missing").arg(runs_[1])));
    runs_.pop_back();

    // A run with nothing to combine is refused by name, and nothing is stored.
    store::RunRecord bare;
    bare.name = "bare";
    bare.method = "prompt-ft";
    const int64_t bareId = st.createRun(bare);
    st.finishRun(bareId, store::RunStatus::Finished, {{"test_accuracy", 0.5}});
    refreshed(view);
    view.selectRuns({rowOf(view, runs_[0]), rowOf(view, bareId)});
    QSignalSpy failed(&view, &RunsView::ensembleFailed);
    view.ensembleSelected(combine::Weighting::Uniform);
    QVERIFY(failed.wait(20000));
    QVERIFY2(failed.at(0).at(0).toString().contains(QStringLiteral("run %1 (bare)").arg(bareId)),
             qPrintable(failed.at(0).at(0).toString()));
    QCOMPARE(st.listRuns({std::nullopt, "ensemble"}).size(), size_t(1));
  }

  void predictOnFile() {
    const QString in = dir_.filePath(QStringLiteral("texts.txt"));
    {
      std::ofstream out(in.toStdString());
      for (int i = 0; i < 40; ++i) out << "the film " << i << (i % 2 ? " is great .\n" : " is terrible .\n");
    }
    PredictDialog d(project_, QStringLiteral("{s} it was [MASK] ."), QStringLiteral("0=terrible;1=great"));
    d.show();
    QSignalSpy loaded(&d, &PredictDialog::runsLoaded);
    if (d.runs().empty()) QVERIFY(loaded.wait(20000));
    d.setInputPath(in);
    d.setOutputPath(dir_.filePath(QStringLiteral("zs.jsonl")));
    QSignalSpy done(&d, &PredictDialog::finished);
    d.start();
    QVERIFY(d.isBusy());
    QVERIFY(done.wait(60000));
    QVERIFY2(done.at(0).at(0).toBool(), qPrintable(d.statusText()));
    QVERIFY2(d.statusText().startsWith(QStringLiteral("40 row(s) predicted")), qPrintable(d.statusText()));
    QCOMPARE(lineCount(dir_.filePath(QStringLiteral("zs.jsonl"))), 40);
    QCOMPARE(d.progressBar()->value(), d.progressBar()->maximum());

    d.setSource(PredictDialog::FinishedRun);
    QVERIFY(d.selectRun(runs_[0]));
    d.setOutputPath(dir_.filePath(QStringLiteral("run.csv")));
    done.clear();
    d.start();
    QVERIFY(done.wait(60000));
    QVERIFY2(done.at(0).at(0).toBool(), qPrintable(d.statusText()));
    QCOMPARE(lineCount(dir_.filePath(QStringLiteral("run.csv"))), 41);

    // A missing input is reported in the dialog, not thrown.
    d.setInputPath(dir_.filePath(QStringLiteral("none.txt")));
    done.clear();
    d.start();
    QVERIFY(done.wait(20000));
    QVERIFY(!done.at(0).at(0).toBool());
    QVERIFY2(d.statusText().contains(QStringLiteral("no such file")), qPrintable(d.statusText()));
  }
};

QTEST_MAIN(TestUiPredictEnsemble)
#include "test_ui_predict_ensemble.moc"
