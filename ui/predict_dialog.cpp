#include "predict_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

#include "background.h"
#include "export/predict_stream.h"
#include "progress_relay.h"
#include "project.h"
#include "store/run_store.h"

namespace pwb::ui {

namespace {
QString q(const std::string& s) {
  return QString::fromStdString(s);
}

// A line edit with a Browse… button beside it.
QWidget* withBrowse(QLineEdit* edit, QWidget* parent, const std::function<void()>& browse) {
  auto* row = new QWidget(parent);
  auto* h = new QHBoxLayout(row);
  h->setContentsMargins(0, 0, 0, 0);
  h->addWidget(edit, 1);
  auto* b = new QPushButton(QObject::tr("Browse…"), row);
  QObject::connect(b, &QPushButton::clicked, row, browse);
  h->addWidget(b);
  return row;
}
}  // namespace

PredictDialog::PredictDialog(Project* project, const QString& templateText, const QString& verbalizer,
                             QWidget* parent)
    : QDialog(parent), project_(project), cancelFlag_(std::make_shared<std::atomic<bool>>(false)) {
  setObjectName(QStringLiteral("predictDialog"));
  setWindowTitle(tr("Predict on File"));
  auto* layout = new QVBoxLayout(this);
  auto* form = new QFormLayout;
  source_ = new QComboBox(this);
  source_->setObjectName(QStringLiteral("predictSource"));
  source_->addItems({tr("Current template and verbalizer (zero-shot)"), tr("A finished run"),
                     tr("A bundle, training state or PEFT adapter folder")});
  form->addRow(tr("Classifier"), source_);

  sourcePages_ = new QStackedWidget(this);
  auto* pvpPage = new QWidget(sourcePages_);
  auto* pvpForm = new QFormLayout(pvpPage);
  pvpForm->setContentsMargins(0, 0, 0, 0);
  template_ = new QLineEdit(templateText, pvpPage);
  template_->setObjectName(QStringLiteral("predictTemplate"));
  verbalizer_ = new QLineEdit(verbalizer, pvpPage);
  verbalizer_->setObjectName(QStringLiteral("predictVerbalizer"));
  verbalizer_->setPlaceholderText(QStringLiteral("0=terrible;1=great"));
  pvpForm->addRow(tr("Template"), template_);
  pvpForm->addRow(tr("Verbalizer"), verbalizer_);
  sourcePages_->addWidget(pvpPage);
  run_ = new QComboBox(sourcePages_);
  run_->setObjectName(QStringLiteral("predictRun"));
  sourcePages_->addWidget(run_);
  promptDir_ = new QLineEdit(sourcePages_);
  promptDir_->setObjectName(QStringLiteral("predictPromptDir"));
  sourcePages_->addWidget(withBrowse(promptDir_, sourcePages_, [this]() {
    const QString d = QFileDialog::getExistingDirectory(this, tr("Prompt Folder"), promptDir_->text());
    if (!d.isEmpty()) promptDir_->setText(d);
  }));
  form->addRow(QString(), sourcePages_);

  input_ = new QLineEdit(this);
  input_->setObjectName(QStringLiteral("predictInput"));
  input_->setPlaceholderText(tr("plain lines, TSV, CSV or JSONL; no label column needed"));
  form->addRow(tr("Input file"), withBrowse(input_, this, [this]() {
                 const QString f =
                     QFileDialog::getOpenFileName(this, tr("Texts to Classify"), input_->text());
                 if (!f.isEmpty()) input_->setText(f);
               }));
  output_ = new QLineEdit(this);
  output_->setObjectName(QStringLiteral("predictOutput"));
  form->addRow(tr("Output file"), withBrowse(output_, this, [this]() {
                 const QString f = QFileDialog::getSaveFileName(this, tr("Predictions"), output_->text(),
                                                                tr("CSV (*.csv);;JSON Lines (*.jsonl)"));
                 if (!f.isEmpty()) setOutputPath(f);
               }));
  format_ = new QComboBox(this);
  format_->setObjectName(QStringLiteral("predictFormat"));
  format_->addItem(tr("CSV"), QStringLiteral("csv"));
  format_->addItem(tr("JSON Lines"), QStringLiteral("jsonl"));
  form->addRow(tr("Format"), format_);
  layout->addLayout(form);

  progress_ = new QProgressBar(this);
  progress_->setObjectName(QStringLiteral("predictProgress"));
  progress_->setRange(0, 1000);
  progress_->setValue(0);
  progress_->setFormat(tr("%p % of the input"));
  layout->addWidget(progress_);
  status_ = new QLabel(this);
  status_->setObjectName(QStringLiteral("predictStatus"));
  status_->setWordWrap(true);
  status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(status_);

  auto* buttons = new QDialogButtonBox(this);
  start_ = buttons->addButton(tr("Predict"), QDialogButtonBox::AcceptRole);
  start_->setObjectName(QStringLiteral("predictStart"));
  cancel_ = buttons->addButton(tr("Cancel"), QDialogButtonBox::ActionRole);
  cancel_->setObjectName(QStringLiteral("predictCancel"));
  cancel_->setEnabled(false);
  auto* close = buttons->addButton(QDialogButtonBox::Close);
  layout->addWidget(buttons);
  connect(start_, &QPushButton::clicked, this, &PredictDialog::start);
  connect(cancel_, &QPushButton::clicked, this, &PredictDialog::cancel);
  connect(close, &QPushButton::clicked, this, &PredictDialog::reject);
  connect(source_, &QComboBox::currentIndexChanged, sourcePages_, &QStackedWidget::setCurrentIndex);
  resize(640, sizeHint().height());
  loadRuns();
}

PredictDialog::~PredictDialog() {
  cancelFlag_->store(true);  // a prediction still running stops at its next chunk
}

void PredictDialog::loadRuns() {
  if (!project_->isOpen()) return;
  const std::string path = project_->path().toStdString();
  runInBackground<std::vector<store::RunRecord>>(
      this,
      [path]() {
        store::StoreOptions o;
        o.recoverInterrupted = false;
        store::RunStore s(path, o);
        store::RunFilter f;
        f.status = store::RunStatus::Finished;
        f.newestFirst = true;
        std::vector<store::RunRecord> out;
        for (auto& r : s.listRuns(f))
          if (r.method != "ensemble") out.push_back(std::move(r));  // ensembles have no model to apply
        return out;
      },
      [this](Outcome<std::vector<store::RunRecord>> out) {
        if (!out.ok()) {
          status_->setText(tr("✘ %1").arg(out.error));
          return;
        }
        runs_ = std::move(*out.value);
        run_->clear();
        for (const auto& r : runs_)
          run_->addItem(QStringLiteral("#%1 %2 (%3)").arg(r.id).arg(q(r.name), q(r.method)), qint64(r.id));
        emit runsLoaded();
      });
}

void PredictDialog::setSource(Source source) {
  source_->setCurrentIndex(int(source));
}
void PredictDialog::setTemplateText(const QString& text) {
  template_->setText(text);
}
void PredictDialog::setVerbalizer(const QString& spec) {
  verbalizer_->setText(spec);
}
bool PredictDialog::selectRun(int64_t runId) {
  const int i = run_->findData(qint64(runId));
  if (i < 0) return false;
  run_->setCurrentIndex(i);
  return true;
}
void PredictDialog::setPromptDir(const QString& dir) {
  promptDir_->setText(dir);
}
void PredictDialog::setInputPath(const QString& path) {
  input_->setText(path);
}
void PredictDialog::setOutputPath(const QString& path) {
  output_->setText(path);
  setOutputFormat(q(exporting::predictFormatFor(path.toStdString())));
}
void PredictDialog::setOutputFormat(const QString& format) {
  const int i = format_->findData(format);
  if (i >= 0) format_->setCurrentIndex(i);
}
QString PredictDialog::statusText() const {
  return status_->text();
}

void PredictDialog::setBusy(bool busy) {
  busy_ = busy;
  start_->setEnabled(!busy);
  cancel_->setEnabled(busy);
  source_->setEnabled(!busy);
  sourcePages_->setEnabled(!busy);
  input_->setEnabled(!busy);
  output_->setEnabled(!busy);
  format_->setEnabled(!busy);
}

void PredictDialog::start() {
  if (busy_) return;
  exporting::PredictRequest r;
  const auto source = Source(source_->currentIndex());
  if (source == CurrentPvp) {
    r.source = exporting::PredictSourceKind::ZeroShot;
    r.modelDir = project_->modelDir().toStdString();
    r.templateText = template_->text().toStdString();
    r.verbalizer = verbalizer_->text().trimmed().toStdString();
    if (r.modelDir.empty()) {
      status_->setText(tr("✘ Choose a model first (File ▸ Choose Model)."));
      emit finished(false, status_->text());
      return;
    }
  } else if (source == FinishedRun) {
    r.source = exporting::PredictSourceKind::Run;
    r.dbPath = project_->path().toStdString();
    r.runId = run_->currentData().toLongLong();
    if (r.runId <= 0) {
      status_->setText(tr("✘ The project has no finished run to apply."));
      emit finished(false, status_->text());
      return;
    }
  } else {
    r.source = exporting::PredictSourceKind::Prompt;
    r.promptDir = promptDir_->text().trimmed().toStdString();
    r.modelDir = project_->modelDir().toStdString();
  }
  r.inputPath = input_->text().trimmed().toStdString();
  r.outputPath = output_->text().trimmed().toStdString();
  r.outputFormat = format_->currentData().toString().toStdString();
  r.device = "auto";
  cancelFlag_ = std::make_shared<std::atomic<bool>>(false);
  auto flag = cancelFlag_;
  auto bar = progressTo(progress_);
  progress_->setValue(0);
  status_->setText(tr("Predicting…"));
  setBusy(true);
  runInBackground<exporting::PredictSummary>(
      this,
      [r, flag, bar]() {
        return exporting::predictFile(
            r,
            [bar](const exporting::PredictProgress& p) { bar(int64_t(p.bytesRead), int64_t(p.totalBytes)); },
            flag.get());
      },
      [this](Outcome<exporting::PredictSummary> out) {
        setBusy(false);
        if (!out.ok()) {
          status_->setText(tr("✘ %1").arg(out.error));
          emit finished(false, out.error);
          return;
        }
        const auto& s = *out.value;
        QStringList counts;
        if (s.task == "regression") {
          // A regression run or bundle: each row is the expectation between its poles, no classes to count.
          counts << tr("regression, poles %1").arg(q(s.poles));
        } else {
          for (size_t c = 0; c < s.labels.size(); ++c)
            counts << QStringLiteral("%1: %2").arg(q(s.labels[c])).arg(s.perClass[c]);
        }
        QStringList lines;
        lines << (s.cancelled ? tr("Cancelled: %n row(s) written before the cancel (%1).", nullptr,
                                   int(s.rowsWritten))
                              : tr("%n row(s) predicted (%1).", nullptr, int(s.rowsWritten)))
                     .arg(counts.join(QStringLiteral(", ")));
        if (!s.cancelled) progress_->setValue(progress_->maximum());
        for (const auto& n : s.notices) lines << tr("Note: %1").arg(q(n));
        if (s.badRows > 0) {
          lines << tr("%n row(s) skipped:", nullptr, int(s.badRows));
          for (const auto& p : s.problems) lines << QStringLiteral("  ") + q(p.text());
        }
        status_->setText(lines.join(QLatin1Char('\n')));
        emit finished(!s.cancelled, status_->text());
      });
}

void PredictDialog::cancel() {
  cancelFlag_->store(true);
}

void PredictDialog::reject() {
  if (busy_) cancel();
  QDialog::reject();
}

}  // namespace pwb::ui
