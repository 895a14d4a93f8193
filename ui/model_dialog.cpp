#include "model_dialog.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

#include "background.h"
#include "model/model_info.h"

namespace pwb::ui {

static QString describe(const model::ModelInfo& m) {
  const QLocale loc;
  QStringList lines;
  lines << QObject::tr("Architecture: %1 (%2)")
               .arg(QString::fromStdString(m.architecture.empty() ? m.config.modelType : m.architecture),
                    QString::fromStdString(m.config.modelType));
  lines << QObject::tr("Layers %1, hidden %2, heads %3, vocabulary %4, max positions %5")
               .arg(m.config.numLayers)
               .arg(m.config.hiddenSize)
               .arg(m.config.numHeads)
               .arg(loc.toString(qlonglong(m.config.vocabSize)))
               .arg(m.config.maxPositions);
  lines << QObject::tr("Parameters: %1 (%2 MB stored as %3)")
               .arg(loc.toString(qlonglong(m.parameterCount)))
               .arg(double(m.weightBytes) / 1e6, 0, 'f', 1)
               .arg(QString::fromStdString(m.storedDtype));
  QStringList files;
  for (const auto& f : m.weightFiles) files << QString::fromStdString(f);
  lines << QObject::tr("Weights: %1%2")
               .arg(files.join(QStringLiteral(", ")), m.sharded ? QObject::tr(" (sharded)") : QString());
  lines << QObject::tr("Tokenizer: %1").arg(QString::fromStdString(m.tokenizerKind));
  for (const auto& w : m.warnings) lines << QObject::tr("Note: %1").arg(QString::fromStdString(w));
  return lines.join(QLatin1Char('\n'));
}

QString ModelDialog::validate(const QString& dir, QString* summary) {
  try {
    const model::ModelInfo info = model::inspectModel(dir.toStdString());
    if (summary) *summary = describe(info);
    return {};
  } catch (...) {
    return describeException(std::current_exception());
  }
}

ModelDialog::ModelDialog(const QString& initialDir, QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Choose Model"));
  setMinimumWidth(620);
  auto* layout = new QVBoxLayout(this);
  auto* intro = new QLabel(tr("A Hugging Face masked language model folder (BERT or RoBERTa): config.json, "
                              "safetensors weights and tokenizer files."),
                           this);
  intro->setWordWrap(true);
  layout->addWidget(intro);

  auto* row = new QHBoxLayout;
  path_ = new QLineEdit(initialDir, this);
  path_->setObjectName(QStringLiteral("modelPath"));
  path_->setPlaceholderText(tr("Model folder"));
  auto* browseButton = new QPushButton(tr("Browse…"), this);
  row->addWidget(path_, 1);
  row->addWidget(browseButton);
  layout->addLayout(row);

  status_ = new QLabel(this);
  status_->setObjectName(QStringLiteral("modelStatus"));
  status_->setWordWrap(true);
  status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(status_);

  details_ = new QPlainTextEdit(this);
  details_->setReadOnly(true);
  details_->setMinimumHeight(140);
  layout->addWidget(details_, 1);

  buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  buttons_->button(QDialogButtonBox::Ok)->setText(tr("Use This Model"));
  buttons_->button(QDialogButtonBox::Ok)->setEnabled(false);
  layout->addWidget(buttons_);

  connect(browseButton, &QPushButton::clicked, this, &ModelDialog::browse);
  connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* debounce = new QTimer(this);
  debounce->setSingleShot(true);
  debounce->setInterval(250);
  connect(debounce, &QTimer::timeout, this, &ModelDialog::startValidation);
  connect(path_, &QLineEdit::textChanged, debounce, qOverload<>(&QTimer::start));
  if (!initialDir.isEmpty()) startValidation();
}

QString ModelDialog::modelDir() const {
  return validDir_;
}

void ModelDialog::browse() {
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Model Folder"), path_->text());
  if (!dir.isEmpty()) path_->setText(dir);
}

void ModelDialog::startValidation() {
  validDir_.clear();
  buttons_->button(QDialogButtonBox::Ok)->setEnabled(false);
  const QString dir = path_->text().trimmed();
  if (dir.isEmpty()) {
    showResult(false, tr("Choose a folder."));
    return;
  }
  status_->setText(tr("Checking %1 …").arg(dir));
  const int gen = ++generation_;
  struct Result {
    QString error, summary;
  };
  runInBackground<Result>(
      this,
      [dir]() {
        Result r;
        r.error = validate(dir, &r.summary);
        return r;
      },
      [this, gen, dir](Outcome<Result> out) {
        if (gen != generation_) return;
        const QString error = out.ok() ? out.value->error : out.error;
        if (!error.isEmpty()) {
          showResult(false, error);
          return;
        }
        validDir_ = dir;
        showResult(true, out.value->summary);
      });
}

void ModelDialog::showResult(bool ok, const QString& text) {
  if (ok) {
    status_->setText(tr("✔ This folder is a usable masked language model."));
    details_->setPlainText(text);
  } else {
    status_->setText(tr("✘ %1").arg(text));
    details_->clear();
  }
  QPalette pal = status_->palette();
  pal.setColor(QPalette::WindowText, ok ? QColor(0x2e, 0x9d, 0x5b) : QColor(0xd9, 0x48, 0x48));
  status_->setPalette(pal);
  buttons_->button(QDialogButtonBox::Ok)->setEnabled(ok);
}

}  // namespace pwb::ui
