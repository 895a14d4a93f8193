#include "export_dialog.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QVBoxLayout>
#include <cmath>

#include "background.h"
#include "export/peft_export.h"
#include "export/run_export.h"
#include "export/runs_table.h"
#include "export/table_export.h"
#include "project.h"
#include "store/run_store.h"
#include "store/state_artifact.h"

namespace pwb::ui {

namespace {

QString q(const std::string& s) {
  return QString::fromStdString(s);
}

struct RunList {
  std::vector<store::RunRecord> runs;
  QStringList states;  // saved training state folder per run, "" when none
};

struct ExportOutcome {
  QString dir;
  QStringList files;
  QStringList notes;
  std::optional<exporting::PromptInspection> inspection;
  QString inspectionError;
};

store::StoreOptions readOnly() {
  store::StoreOptions o;
  o.mode = store::OpenMode::ReadOnly;
  o.recoverInterrupted = false;
  return o;
}

std::string jsonString(const nlohmann::json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

QString percent(const nlohmann::json& results, const char* key) {
  if (!results.is_object() || !results.contains(key) || !results[key].is_number()) return QString();
  return QString::number(results[key].get<double>() * 100.0, 'f', 1);
}

// Methods whose trained vectors live in the embedding space: their nearest tokens mean something.
bool hasInputVectors(const std::string& method) {
  return method == "prompt-tuning" || method == "p-tuning";
}

}  // namespace

ExportDialog::ExportDialog(Project* project, int64_t runId, QWidget* parent)
    : QDialog(parent), project_(project) {
  setObjectName(QStringLiteral("exportDialog"));
  setWindowTitle(tr("Export Trained Prompt"));
  auto* layout = new QVBoxLayout(this);

  auto* runBox = new QGroupBox(tr("Run"), this);
  auto* runLayout = new QVBoxLayout(runBox);
  run_ = new QComboBox(runBox);
  run_->setObjectName(QStringLiteral("exportRun"));
  run_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  run_->setMinimumContentsLength(40);
  runLayout->addWidget(run_);
  runInfo_ = new QLabel(runBox);
  runInfo_->setObjectName(QStringLiteral("exportRunInfo"));
  runInfo_->setWordWrap(true);
  runInfo_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  runLayout->addWidget(runInfo_);
  layout->addWidget(runBox);

  auto* formatBox = new QGroupBox(tr("Format"), this);
  auto* formatLayout = new QVBoxLayout(formatBox);
  formats_ = new QButtonGroup(this);
  const std::pair<Format, QString> choices[] = {
      {Bundle, tr("Prompt bundle: every trained tensor, template, verbalizer and model identity; can be "
                  "evaluated or resumed exactly")},
      {Peft, tr("Hugging Face PEFT adapter (adapter_config.json + adapter_model.safetensors)")},
      {ResultsTable, tr("Results table of the project's runs (CSV, Markdown or LaTeX, from the file name)")}};
  for (const auto& [id, text] : choices) {
    auto* b = new QRadioButton(text, formatBox);
    formats_->addButton(b, id);
    formatLayout->addWidget(b);
  }
  formats_->button(Bundle)->setChecked(true);
  tableScope_ = new QComboBox(formatBox);
  tableScope_->addItem(tr("All runs"), QString());
  tableScope_->addItem(tr("Only runs of the selected run's method"), QStringLiteral("method"));
  auto* scopeRow = new QHBoxLayout;
  scopeRow->setContentsMargins(24, 0, 0, 0);
  scopeRow->addWidget(tableScope_);
  scopeRow->addStretch(1);
  formatLayout->addLayout(scopeRow);
  notice_ = new QLabel(formatBox);
  notice_->setObjectName(QStringLiteral("peftNotice"));
  notice_->setWordWrap(true);
  notice_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  formatLayout->addWidget(notice_);
  layout->addWidget(formatBox);

  auto* whereBox = new QGroupBox(tr("Where"), this);
  auto* where = new QFormLayout(whereBox);
  where->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  output_ = new QLineEdit(whereBox);
  output_->setObjectName(QStringLiteral("exportOutput"));
  auto* browseOut = new QPushButton(tr("Browse…"), whereBox);
  auto* outRow = new QHBoxLayout;
  outRow->addWidget(output_, 1);
  outRow->addWidget(browseOut);
  where->addRow(tr("Save to"), outRow);
  model_ = new QLineEdit(whereBox);
  model_->setPlaceholderText(tr("the model folder the run recorded"));
  model_->setToolTip(tr("Only needed when the model the run was trained on has moved."));
  auto* browseModelButton = new QPushButton(tr("Browse…"), whereBox);
  auto* modelRow = new QHBoxLayout;
  modelRow->addWidget(model_, 1);
  modelRow->addWidget(browseModelButton);
  where->addRow(tr("Base model"), modelRow);
  layout->addWidget(whereBox);

  auto* nearBox = new QGroupBox(tr("Nearest vocabulary tokens of the soft vectors (cosine)"), this);
  auto* nearLayout = new QVBoxLayout(nearBox);
  auto* nearRow = new QHBoxLayout;
  nearRow->addWidget(new QLabel(tr("Tokens per vector"), nearBox));
  k_ = new QSpinBox(nearBox);
  k_->setRange(1, 50);
  k_->setValue(5);
  nearRow->addWidget(k_);
  nearestButton_ = new QPushButton(tr("Show Nearest Tokens"), nearBox);
  nearestButton_->setObjectName(QStringLiteral("nearestButton"));
  nearRow->addWidget(nearestButton_);
  nearRow->addStretch(1);
  nearLayout->addLayout(nearRow);
  nearest_ = new QTableWidget(0, 3, nearBox);
  nearest_->setObjectName(QStringLiteral("nearestTable"));
  nearest_->setHorizontalHeaderLabels({tr("Vector"), tr("Norm"), tr("Nearest tokens (cosine)")});
  nearest_->verticalHeader()->setVisible(false);
  nearest_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  nearest_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  nearest_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
  nearest_->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
  nearest_->setMinimumHeight(120);
  nearLayout->addWidget(nearest_, 1);
  nearestInfo_ = new QLabel(nearBox);
  nearestInfo_->setWordWrap(true);
  nearLayout->addWidget(nearestInfo_);
  layout->addWidget(nearBox, 1);

  auto* bottom = new QHBoxLayout;
  busyBar_ = new QProgressBar(this);
  busyBar_->setRange(0, 0);
  busyBar_->setMaximumWidth(120);
  busyBar_->setVisible(false);
  status_ = new QLabel(this);
  status_->setObjectName(QStringLiteral("exportStatus"));
  status_->setWordWrap(true);
  status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  bottom->addWidget(busyBar_);
  bottom->addWidget(status_, 1);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  exportButton_ = buttons->addButton(tr("Export"), QDialogButtonBox::ActionRole);
  exportButton_->setObjectName(QStringLiteral("exportButton"));
  exportButton_->setDefault(true);
  bottom->addWidget(buttons);
  layout->addLayout(bottom);
  resize(760, 680);

  connect(run_, &QComboBox::currentIndexChanged, this, &ExportDialog::runChanged);
  connect(formats_, &QButtonGroup::idClicked, this, &ExportDialog::formatChanged);
  connect(output_, &QLineEdit::textEdited, this, [this]() { outputEdited_ = true; });
  connect(output_, &QLineEdit::textChanged, this, &ExportDialog::updateExportEnabled);
  connect(browseOut, &QPushButton::clicked, this, &ExportDialog::browseOutput);
  connect(browseModelButton, &QPushButton::clicked, this, &ExportDialog::browseModel);
  connect(nearestButton_, &QPushButton::clicked, this, &ExportDialog::showNearestTokens);
  connect(exportButton_, &QPushButton::clicked, this, &ExportDialog::startExport);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  loadRuns(runId);
}

QString ExportDialog::statusText() const {
  return status_->text();
}

QString ExportDialog::peftNotice() const {
  return notice_->text();
}

int64_t ExportDialog::currentRunId() const {
  const int i = run_->currentIndex();
  return i >= 0 && i < int(runs_.size()) ? runs_[size_t(i)].id : 0;
}

bool ExportDialog::selectRun(int64_t runId) {
  for (int i = 0; i < int(runs_.size()); ++i)
    if (runs_[size_t(i)].id == runId) {
      run_->setCurrentIndex(i);
      return true;
    }
  return false;
}

void ExportDialog::setFormat(Format format) {
  formats_->button(format)->setChecked(true);
  formatChanged();
}

ExportDialog::Format ExportDialog::format() const {
  return Format(formats_->checkedId());
}

void ExportDialog::setOutputPath(const QString& path) {
  output_->setText(path);
  outputEdited_ = true;
}

QString ExportDialog::outputPath() const {
  return output_->text().trimmed();
}

void ExportDialog::setModelDir(const QString& dir) {
  model_->setText(dir);
}

void ExportDialog::setNearestCount(int k) {
  k_->setValue(k);
}

void ExportDialog::setBusy(bool busy, const QString& message) {
  busy_ = busy;
  busyBar_->setVisible(busy);
  status_->setText(message);
  updateExportEnabled();
}

void ExportDialog::loadRuns(int64_t select) {
  if (!project_->isOpen()) {
    status_->setText(tr("✘ Open a project first."));
    updateExportEnabled();
    return;
  }
  const std::string db = project_->path().toStdString();
  const int gen = ++generation_;
  setBusy(true, tr("Reading the runs…"));
  runInBackground<RunList>(
      this,
      [db]() {
        store::RunStore s(db, readOnly());
        RunList out;
        store::RunFilter f;
        f.newestFirst = true;
        out.runs = s.listRuns(f);
        // Where each run's trained state is: its folder, "the project file" (kept inline), or "" (none).
        for (const auto& r : out.runs) out.states << q(store::stateLocation(s.listArtifacts(r.id)));
        return out;
      },
      [this, gen, select](Outcome<RunList> out) {
        if (gen != generation_) return;
        setBusy(false, QString());
        if (!out.ok()) {
          status_->setText(tr("✘ %1").arg(out.error));
          return;
        }
        runs_ = std::move(out.value->runs);
        hasState_ = out.value->states;
        {
          QSignalBlocker block(run_);
          run_->clear();
          for (int i = 0; i < int(runs_.size()); ++i) {
            const auto& r = runs_[size_t(i)];
            QString text = tr("#%1 %2 — %3").arg(r.id).arg(q(r.name), q(store::runStatusName(r.status)));
            const QString acc = percent(r.results, "test_accuracy");
            if (!acc.isEmpty()) text += tr(", test accuracy %1 %").arg(acc);
            if (hasState_[i].isEmpty()) text += tr(" (no saved prompt)");
            run_->addItem(text);
          }
          int index = 0;
          // Preselect the asked run, else the newest run that can be exported.
          for (int i = int(runs_.size()) - 1; i >= 0; --i)
            if (!hasState_[i].isEmpty()) index = i;
          for (int i = 0; i < int(runs_.size()); ++i)
            if (runs_[size_t(i)].id == select) index = i;
          run_->setCurrentIndex(runs_.empty() ? -1 : index);
        }
        if (runs_.empty()) status_->setText(tr("This project has no runs yet: train one in the Train view."));
        runChanged();
        emit runsLoaded();
      });
}

void ExportDialog::runChanged() {
  nearest_->setRowCount(0);
  nearestInfo_->clear();
  peftRefusal_.clear();
  peftNotes_.clear();
  const int i = run_->currentIndex();
  if (i < 0 || i >= int(runs_.size())) {
    runInfo_->clear();
    formatChanged();
    return;
  }
  const auto& r = runs_[size_t(i)];
  const QString state = hasState_[i];
  QString info =
      tr("Method %1 · template %2 · verbalizer %3")
          .arg(q(r.method), q(jsonString(r.config, "template")), q(jsonString(r.config, "verbalizer")));
  info += QLatin1Char('\n');
  info += state.isEmpty() ? tr("No trained prompt was kept for this run (train with “Keep the trained prompt "
                               "for export” on); only the results table can be exported.")
                          : tr("Trained state: %1").arg(QDir::toNativeSeparators(state));
  runInfo_->setText(info);
  const nlohmann::json methodConfig = r.config.is_object() && r.config.contains("method_config")
                                          ? r.config["method_config"]
                                          : nlohmann::json::object();
  try {
    peftRefusal_ = q(exporting::peftRefusal(r.method, methodConfig, jsonString(r.config, "template")));
  } catch (...) {
    peftRefusal_ = describeException(std::current_exception());
  }
  if (!outputEdited_) output_->setText(defaultOutput());
  formatChanged();
}

QString ExportDialog::defaultOutput() const {
  const QFileInfo file(project_->path());
  const QString base = file.dir().filePath(file.completeBaseName() + QStringLiteral("-exports/"));
  switch (format()) {
    case Bundle:
      return QDir::toNativeSeparators(base + QStringLiteral("run-%1-bundle").arg(currentRunId()));
    case Peft:
      return QDir::toNativeSeparators(base + QStringLiteral("run-%1-peft").arg(currentRunId()));
    case ResultsTable:
      break;
  }
  return QDir::toNativeSeparators(base + QStringLiteral("runs.md"));
}

void ExportDialog::formatChanged() {
  const Format f = format();
  tableScope_->setEnabled(f == ResultsTable);
  const int i = run_->currentIndex();
  const bool haveRun = i >= 0 && i < int(runs_.size());
  if (f == Peft && haveRun) {
    const std::string& m = runs_[size_t(i)].method;
    if (!peftRefusal_.isEmpty()) {
      notice_->setText(tr("✘ PEFT cannot hold this prompt: %1").arg(peftRefusal_));
    } else {
      const QString type = m == "prompt-tuning" ? QStringLiteral("PROMPT_TUNING")
                           : m == "p-tuning"    ? QStringLiteral("P_TUNING")
                                                : QStringLiteral("PREFIX_TUNING");
      QString text = tr("Written as PEFT %1.").arg(type);
      if (!peftNotes_.isEmpty()) text += QLatin1Char(' ') + peftNotes_.join(QLatin1Char(' '));
      notice_->setText(text);
    }
  } else if (f == Bundle && haveRun &&
             (runs_[size_t(i)].method == "prompt-ft" || runs_[size_t(i)].method == "fine-tune")) {
    notice_->setText(
        tr("This method trains the model's weights: the bundle holds them too "
           "(model.safetensors)."));
  } else {
    notice_->clear();
  }
  notice_->setVisible(!notice_->text().isEmpty());
  if (!outputEdited_ && haveRun) output_->setText(defaultOutput());
  if (!outputEdited_ && f == ResultsTable) output_->setText(defaultOutput());
  updateExportEnabled();
}

void ExportDialog::updateExportEnabled() {
  const int i = run_->currentIndex();
  const bool haveRun = i >= 0 && i < int(runs_.size());
  const bool haveState = haveRun && !hasState_[i].isEmpty();
  bool ok = !busy_ && !outputPath().isEmpty() && project_->isOpen();
  switch (format()) {
    case Bundle:
      ok = ok && haveState;
      break;
    case Peft:
      ok = ok && haveState && peftRefusal_.isEmpty();
      break;
    case ResultsTable:
      ok = ok && !runs_.empty();
      break;
  }
  exportButton_->setEnabled(ok);
  const bool vectors = haveState && hasInputVectors(runs_[size_t(i)].method);
  nearestButton_->setEnabled(!busy_ && vectors);
  nearestButton_->setToolTip(vectors ? QString()
                                     : tr("Only prompt tuning and P-tuning train vectors in the vocabulary's "
                                          "embedding space."));
}

void ExportDialog::browseOutput() {
  if (format() == ResultsTable) {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Results Table"), outputPath(),
                                                      tr("Markdown (*.md);;CSV (*.csv);;LaTeX (*.tex)"));
    if (!path.isEmpty()) setOutputPath(path);
    return;
  }
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Export Into Folder"), outputPath());
  if (!dir.isEmpty()) setOutputPath(dir);
}

void ExportDialog::browseModel() {
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Base Model Folder"), model_->text());
  if (!dir.isEmpty()) model_->setText(dir);
}

void ExportDialog::startExport() {
  if (busy_) return;
  const Format f = format();
  const QString out = outputPath();
  if (out.isEmpty()) {
    status_->setText(tr("✘ Choose where to save the export."));
    return;
  }
  const int i = run_->currentIndex();
  const bool haveRun = i >= 0 && i < int(runs_.size());
  if (f != ResultsTable && !haveRun) {
    status_->setText(tr("✘ Choose a run."));
    return;
  }
  if (f == Peft && !peftRefusal_.isEmpty()) {
    status_->setText(tr("✘ PEFT cannot hold this prompt: %1").arg(peftRefusal_));
    emit exportFinished(false, status_->text());
    return;
  }
  const std::string db = project_->path().toStdString();
  const std::string outPath = QDir::fromNativeSeparators(out).toStdString();
  const std::string modelDir = model_->text().trimmed().toStdString();
  const int64_t runId = haveRun ? runs_[size_t(i)].id : 0;
  const std::string method = haveRun ? runs_[size_t(i)].method : std::string();
  const std::string onlyMethod =
      f == ResultsTable && tableScope_->currentData().toString() == QLatin1String("method") ? method
                                                                                            : std::string();
  const int k = k_->value();
  const std::string recordedModel = haveRun ? jsonString(runs_[size_t(i)].config, "model") : std::string();
  const int gen = ++generation_;
  setBusy(true, tr("Exporting…"));
  runInBackground<ExportOutcome>(
      this,
      [f, db, outPath, modelDir, runId, method, onlyMethod, k, recordedModel]() {
        ExportOutcome o;
        if (f == ResultsTable) {
          store::RunStore s(db, readOnly());
          store::RunFilter filter;
          filter.method = onlyMethod;
          const auto runs = s.listRuns(filter);
          QDir().mkpath(QFileInfo(q(outPath)).absolutePath());
          exporting::writeTableFile(outPath, exporting::runsTable(runs));
          o.dir = QFileInfo(q(outPath)).absolutePath();
          o.files << QFileInfo(q(outPath)).fileName();
          o.notes << QObject::tr("%n run(s) in the table.", nullptr, int(runs.size()));
          return o;
        }
        exporting::RunExportRequest r;
        r.dbPath = db;
        r.runId = runId;
        r.format = f == Peft ? "peft" : "bundle";
        r.outDir = outPath;
        r.modelDir = modelDir;
        const auto res = exporting::exportRun(r);
        o.dir = q(res.dir);
        for (const auto& file : res.files) o.files << q(file);
        for (const auto& n : res.notes) o.notes << q(n);
        if (hasInputVectors(method)) {
          // The exported folder itself is inspected: what the user reads is what was written.
          try {
            const std::string model = !modelDir.empty() ? modelDir : recordedModel;
            o.inspection = exporting::inspectPrompt(outPath, model, k);
          } catch (...) {
            o.inspectionError = describeException(std::current_exception());
          }
        }
        return o;
      },
      [this, gen, f](Outcome<ExportOutcome> out) {
        if (gen != generation_) return;
        setBusy(false, QString());
        if (!out.ok()) {
          written_.clear();
          status_->setText(tr("✘ %1").arg(out.error));
          emit exportFinished(false, status_->text());
          return;
        }
        written_.clear();
        for (const QString& file : out.value->files) written_ << QDir(out.value->dir).filePath(file);
        status_->setText(
            tr("✔ Wrote %1 to %2.")
                .arg(out.value->files.join(QStringLiteral(", ")), QDir::toNativeSeparators(out.value->dir)));
        if (f == Peft) {
          peftNotes_ = out.value->notes;
          formatChanged();
        } else if (!out.value->notes.isEmpty()) {
          status_->setText(status_->text() + QLatin1Char(' ') + out.value->notes.join(QLatin1Char(' ')));
        }
        if (out.value->inspection)
          fillNearest(*out.value->inspection);
        else if (!out.value->inspectionError.isEmpty())
          nearestInfo_->setText(tr("✘ %1").arg(out.value->inspectionError));
        emit exportFinished(true, status_->text());
      });
}

void ExportDialog::showNearestTokens() {
  if (busy_) return;
  const int i = run_->currentIndex();
  if (i < 0 || i >= int(runs_.size()) || hasState_[i].isEmpty()) {
    nearestInfo_->setText(tr("✘ This run has no saved prompt."));
    emit nearestShown(false);
    return;
  }
  const std::string db = project_->path().toStdString();
  const int64_t runId = runs_[size_t(i)].id;
  const std::string modelDir = model_->text().trimmed().toStdString();
  const std::string recorded = jsonString(runs_[size_t(i)].config, "model");
  const int k = k_->value();
  const int gen = ++generation_;
  setBusy(true, tr("Finding the nearest tokens…"));
  runInBackground<exporting::PromptInspection>(
      this,
      [db, runId, modelDir, recorded, k]() {
        // Inspection reads a bundle: write one into a temporary folder, removed afterwards.
        QTemporaryDir tmp;
        if (!tmp.isValid())
          throw Error("cannot create a temporary folder: " + tmp.errorString().toStdString());
        exporting::RunExportRequest r;
        r.dbPath = db;
        r.runId = runId;
        r.format = "bundle";
        r.outDir = tmp.path().toStdString();
        r.modelDir = modelDir;
        exporting::exportRun(r);
        return exporting::inspectPrompt(r.outDir, modelDir.empty() ? recorded : modelDir, k);
      },
      [this, gen](Outcome<exporting::PromptInspection> out) {
        if (gen != generation_) return;
        setBusy(false, QString());
        if (!out.ok()) {
          nearestInfo_->setText(tr("✘ %1").arg(out.error));
          emit nearestShown(false);
          return;
        }
        fillNearest(*out.value);
        emit nearestShown(true);
      });
}

void ExportDialog::fillNearest(const exporting::PromptInspection& in) {
  nearest_->setRowCount(int(in.vectors.size()));
  for (int r = 0; r < int(in.vectors.size()); ++r) {
    const auto& v = in.vectors[size_t(r)];
    QStringList tokens;
    for (const auto& n : v.nearest)
      tokens << QStringLiteral("%1 (%2)").arg(q(n.token)).arg(n.cosine, 0, 'f', 2);
    auto* index = new QTableWidgetItem(QStringLiteral("%1").arg(v.index));
    index->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    auto* norm = new QTableWidgetItem(QString::number(v.norm, 'f', 2));
    norm->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    nearest_->setItem(r, 0, index);
    nearest_->setItem(r, 1, norm);
    nearest_->setItem(r, 2, new QTableWidgetItem(tokens.join(QStringLiteral(", "))));
  }
  QString info =
      tr("%n vector(s); mean norm of the vocabulary's embeddings %1.", nullptr, int(in.vectors.size()))
          .arg(in.meanEmbeddingNorm, 0, 'f', 2);
  for (const auto& n : in.notes) info += QLatin1Char(' ') + q(n);
  nearestInfo_->setText(info);
}

}  // namespace pwb::ui
