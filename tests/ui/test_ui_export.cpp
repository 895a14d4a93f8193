// Export dialog on runs trained from the Train view (tiny-bert fixture, a few steps): a prompt-tuning run
// exported as our bundle and as a PEFT adapter (files written and parsed: prompt.json, adapter_config.json,
// the adapter tensor [soft tokens x hidden]), its nearest vocabulary tokens, the results table as CSV,
// the PEFT refusal for prompt-based fine-tuning, and a failing export reported in the dialog.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QtTest>

#include "model/safetensors_reader.h"
#include "store/run_store.h"
#include "store/state_artifact.h"
#include "ui/export_dialog.h"
#include "ui/runs_view.h"
#include "ui/train_view.h"
#include "ui_test_support.h"

using namespace pwb;
using namespace pwb::ui;

namespace {
constexpr int kSoftTokens = 6;
constexpr int kHidden = 32;  // tiny-bert's hidden_size

QJsonObject readJson(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  return QJsonDocument::fromJson(f.readAll()).object();
}
}  // namespace

class TestUiExport : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  Project* project_ = nullptr;
  qint64 promptTuningRun_ = 0, promptFtRun_ = 0;

  // Waits for the dialog's run list; the dialog is then on `runId`.
  std::unique_ptr<ExportDialog> openDialog(qint64 runId) {
    auto d = std::make_unique<ExportDialog>(project_, runId);
    d->show();
    QSignalSpy loaded(d.get(), &ExportDialog::runsLoaded);
    if (d->runs().empty()) loaded.wait(20000);
    return d;
  }

 private slots:
  void initTestCase() {
    test::isolateSettings();
    project_ = new Project(this);
    test::openDemo(*project_, dir_);
    project_->setModelDir(QStringLiteral(PWB_REFERENCE_DIR "/fixtures/tiny-bert"));
    TrainView view(project_);
    view.setDatasets(2, 1);
    view.setK(4);
    view.setSeeds(QStringLiteral("13"));
    view.setBatchSize(4);
    view.setMaxLength(48);
    view.setSteps(4, 2);
    view.setSoftTokens(kSoftTokens);
    // Kept by default for prompt tuning (kilobytes), not for prompt-based fine-tuning (a model per seed).
    view.setMethod(QStringLiteral("prompt-ft"));
    QVERIFY(!view.savesState());
    view.setMethod(QStringLiteral("prompt-tuning"));
    QVERIFY(view.savesState());
    view.setSaveState(true);  // chosen: the method no longer changes it
    view.setMethod(QStringLiteral("prompt-tuning"));
    view.enqueue();
    view.setMethod(QStringLiteral("prompt-ft"));
    view.enqueue();
    QSignalSpy done(&view, &TrainView::queueFinished);
    view.startQueue();
    QVERIFY(done.wait(120000));
    QCOMPARE(view.results().size(), 2);
    for (const auto& r : view.results()) QCOMPARE(r.status, train::RunStatus::Finished);

    store::RunStore store(project_->path().toStdString());
    for (const auto& r : store.listRuns()) {
      if (r.method == "prompt-tuning") promptTuningRun_ = r.id;
      if (r.method == "prompt-ft") promptFtRun_ = r.id;
      // The Train view keeps each run's state next to the project (the run store points at it).
      bool state = false;
      for (const auto& a : store.listArtifacts(r.id)) state |= a.kind == "train-state";
      QVERIFY2(state, r.name.c_str());
    }
    QVERIFY(promptTuningRun_ > 0 && promptFtRun_ > 0);
  }

  // Runs view ▸ Export Prompt… asks for the export of the selected run.
  void runsViewAsksForTheSelectedRun() {
    RunsView runs(project_);
    QSignalSpy refreshed(&runs, &RunsView::refreshed);
    runs.refresh();
    QVERIFY(refreshed.wait(20000));
    int row = -1;
    for (int i = 0; i < int(runs.runs().size()); ++i)
      if (runs.runs()[size_t(i)].id == promptFtRun_) row = i;
    QVERIFY(row >= 0);
    runs.runsTable()->setCurrentCell(row, 0);
    QCOMPARE(runs.selectedRunId(), promptFtRun_);
    QSignalSpy asked(&runs, &RunsView::exportRequested);
    auto* button = runs.findChild<QPushButton*>(QStringLiteral("exportPrompt"));
    QVERIFY(button);
    button->click();
    QCOMPARE(asked.size(), 1);
    QCOMPARE(asked.at(0).at(0).toLongLong(), promptFtRun_);
  }

  void bundleIsWrittenAndParses() {
    auto d = openDialog(promptTuningRun_);
    QCOMPARE(d->currentRunId(), promptTuningRun_);
    d->setFormat(ExportDialog::Bundle);
    const QString out = dir_.filePath(QStringLiteral("bundle"));
    d->setOutputPath(out);
    QVERIFY(d->exportButton()->isEnabled());
    QSignalSpy finished(d.get(), &ExportDialog::exportFinished);
    d->exportButton()->click();
    QVERIFY(d->isBusy() || !finished.isEmpty());  // the work runs in the background
    QVERIFY(finished.wait(60000));
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(d->statusText()));
    QVERIFY(QFile::exists(out + QStringLiteral("/prompt.safetensors")));
    const QJsonObject info = readJson(out + QStringLiteral("/prompt.json"));
    QCOMPARE(info.value(QStringLiteral("format")).toString(), QStringLiteral("pwb-prompt-bundle"));
    QCOMPARE(info.value(QStringLiteral("method")).toString(), QStringLiteral("prompt-tuning"));
    QCOMPARE(info.value(QStringLiteral("source")).toObject().value(QStringLiteral("run_id")).toInteger(),
             promptTuningRun_);
    const QJsonArray shape =
        info.value(QStringLiteral("tensors")).toObject().value(QStringLiteral("prompt_embeddings")).toArray();
    QCOMPARE(shape, (QJsonArray{kSoftTokens, kHidden}));
    QVERIFY(d->writtenFiles().contains(out + QStringLiteral("/prompt.json")));
    // Nearest tokens of the exported vectors come with the export.
    QCOMPARE(d->nearestTable()->rowCount(), kSoftTokens);
  }

  void peftAdapterIsWrittenAndParses() {
    auto d = openDialog(promptTuningRun_);
    d->setFormat(ExportDialog::Peft);
    QVERIFY2(!d->peftNotice().startsWith(QStringLiteral("✘")), qPrintable(d->peftNotice()));
    QVERIFY(d->peftNotice().contains(QStringLiteral("PROMPT_TUNING")));
    const QString out = dir_.filePath(QStringLiteral("peft"));
    d->setOutputPath(out);
    QSignalSpy finished(d.get(), &ExportDialog::exportFinished);
    d->startExport();
    QVERIFY(finished.wait(60000));
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(d->statusText()));
    const QJsonObject cfg = readJson(out + QStringLiteral("/adapter_config.json"));
    for (const char* key : {"peft_type", "task_type", "num_virtual_tokens", "token_dim", "num_layers",
                            "num_attention_heads", "base_model_name_or_path"})
      QVERIFY2(cfg.contains(QLatin1String(key)), key);
    QCOMPARE(cfg.value(QStringLiteral("peft_type")).toString(), QStringLiteral("PROMPT_TUNING"));
    QCOMPARE(cfg.value(QStringLiteral("num_virtual_tokens")).toInt(), kSoftTokens);
    QCOMPARE(cfg.value(QStringLiteral("token_dim")).toInt(), kHidden);
    const model::SafetensorsFile weights((out + QStringLiteral("/adapter_model.safetensors")).toStdString());
    QCOMPARE(weights.tensors().size(), size_t(1));
    QCOMPARE(weights.tensors()[0].shape, (std::vector<int64_t>{kSoftTokens, kHidden}));
    QVERIFY(QFile::exists(out + QStringLiteral("/prompt_workbench.json")));
    // The core's notes about PEFT (where it puts the virtual tokens) are shown after the export.
    QVERIFY2(d->peftNotice().length() > QStringLiteral("Written as PEFT PROMPT_TUNING.").length(),
             qPrintable(d->peftNotice()));
  }

  void nearestTokensAreListed() {
    auto d = openDialog(promptTuningRun_);
    d->setNearestCount(3);
    QSignalSpy shown(d.get(), &ExportDialog::nearestShown);
    d->showNearestTokens();
    QVERIFY(shown.wait(60000));
    QVERIFY(shown.at(0).at(0).toBool());
    QTableWidget* t = d->nearestTable();
    QCOMPARE(t->rowCount(), kSoftTokens);
    for (int r = 0; r < t->rowCount(); ++r) {
      QCOMPARE(t->item(r, 0)->text().toInt(), r);
      QVERIFY(t->item(r, 1)->text().toDouble() > 0);  // vector norm
      // "token (0.12), token (0.10), token (0.08)": k neighbours with their cosines.
      QCOMPARE(t->item(r, 2)->text().count(QLatin1Char('(')), 3);
    }
  }

  void peftIsRefusedForPromptFineTuning() {
    auto d = openDialog(promptFtRun_);
    QCOMPARE(d->currentRunId(), promptFtRun_);
    d->setFormat(ExportDialog::Peft);
    QVERIFY2(d->peftNotice().startsWith(QStringLiteral("✘")), qPrintable(d->peftNotice()));
    QVERIFY(!d->exportButton()->isEnabled());
    QSignalSpy finished(d.get(), &ExportDialog::exportFinished);
    d->startExport();  // refused at once, with the reason
    QCOMPARE(finished.size(), 1);
    QVERIFY(!finished.at(0).at(0).toBool());
    QVERIFY(!QFile::exists(dir_.filePath(QStringLiteral("peft-ft/adapter_config.json"))));
    // The bundle of the same run holds the trained model weights.
    d->setFormat(ExportDialog::Bundle);
    QVERIFY(d->exportButton()->isEnabled());
  }

  void resultsTableIsWritten() {
    auto d = openDialog(promptTuningRun_);
    d->setFormat(ExportDialog::ResultsTable);
    const QString out = dir_.filePath(QStringLiteral("tables/runs.csv"));
    d->setOutputPath(out);
    QSignalSpy finished(d.get(), &ExportDialog::exportFinished);
    d->startExport();
    QVERIFY(finished.wait(30000));
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(d->statusText()));
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QStringList lines =
        QString::fromUtf8(f.readAll()).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);  // header + 2 runs
    // The same table as `pwb export --runs-table`: accuracies in percent with one decimal.
    QCOMPARE(lines[0], QStringLiteral("id,name,method,seed,status,test accuracy (%),best dev accuracy (%)"));
    QVERIFY(lines[1].contains(QStringLiteral(",finished,")));
    const QStringList cells = lines[1].split(QLatin1Char(','));
    QVERIFY(QRegularExpression(QStringLiteral("^\\d{1,3}\\.\\d$")).match(cells.value(5)).hasMatch());
  }

  void failureIsShownInTheDialog() {
    auto d = openDialog(promptTuningRun_);
    d->setFormat(ExportDialog::Bundle);
    d->setModelDir(dir_.filePath(QStringLiteral("no-such-model")));
    d->setOutputPath(dir_.filePath(QStringLiteral("bundle-bad")));
    QSignalSpy finished(d.get(), &ExportDialog::exportFinished);
    d->startExport();
    QVERIFY(finished.wait(30000));
    QVERIFY(!finished.at(0).at(0).toBool());
    QVERIFY2(d->statusText().startsWith(QStringLiteral("✘")) &&
                 d->statusText().contains(QStringLiteral("no-such-model")),
             qPrintable(d->statusText()));
    QVERIFY(!d->isBusy());
  }
  // A prompt-tuning run trained without "Keep the trained prompt" keeps its state inside the project file
  // (the run store's inline train-state): the dialog offers it and exports it like a folder-kept one.
  // (Last: it adds a run, which resultsTableIsWritten does not expect.)
  void projectKeptStateIsExported() {
    qint64 inlineRun = 0;
    {
      TrainView view(project_);
      view.setDatasets(2, 1);
      view.setK(4);
      view.setSeeds(QStringLiteral("21"));
      view.setBatchSize(4);
      view.setMaxLength(48);
      view.setSteps(4, 2);
      view.setSoftTokens(kSoftTokens);
      view.setMethod(QStringLiteral("prompt-tuning"));
      view.setSaveState(false);
      view.enqueue();
      QSignalSpy done(&view, &TrainView::queueFinished);
      view.startQueue();
      QVERIFY(done.wait(120000));
      QCOMPARE(view.results().size(), 1);
      QCOMPARE(view.results()[0].status, train::RunStatus::Finished);
    }
    store::RunStore store(project_->path().toStdString());
    for (const auto& r : store.listRuns())
      if (r.method == "prompt-tuning" && r.seed && *r.seed == 21) inlineRun = r.id;
    QVERIFY(inlineRun > 0);
    bool inlineState = false;
    for (const auto& a : store.listArtifacts(inlineRun)) inlineState |= store::isInlineState(a);
    QVERIFY(inlineState);

    auto d = openDialog(inlineRun);
    QCOMPARE(d->currentRunId(), inlineRun);
    auto* info = d->findChild<QLabel*>(QStringLiteral("exportRunInfo"));
    QVERIFY(info);
    QVERIFY2(info->text().contains(QStringLiteral("the project file")), qPrintable(info->text()));
    d->setFormat(ExportDialog::Bundle);
    QVERIFY(d->exportButton()->isEnabled());
    const QString out = dir_.filePath(QStringLiteral("bundle-inline"));
    d->setOutputPath(out);
    QSignalSpy finished(d.get(), &ExportDialog::exportFinished);
    d->startExport();
    QVERIFY(finished.wait(60000));
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(d->statusText()));
    const QJsonObject bundle = readJson(out + QStringLiteral("/prompt.json"));
    QCOMPARE(bundle.value(QStringLiteral("source")).toObject().value(QStringLiteral("run_id")).toInteger(),
             inlineRun);
    const QJsonArray shape = bundle.value(QStringLiteral("tensors"))
                                 .toObject()
                                 .value(QStringLiteral("prompt_embeddings"))
                                 .toArray();
    QCOMPARE(shape, (QJsonArray{kSoftTokens, kHidden}));
  }
};

QTEST_MAIN(TestUiExport)
#include "test_ui_export.moc"
