#include "import_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include "background.h"
#include "data/dataset.h"
#include "data/dataset_import.h"
#include "data/format_detect.h"
#include "multilabel/multilabel_import.h"

namespace pwb::ui {

static constexpr int kPreviewRows = 200;

ImportDialog::ImportDialog(QWidget* parent, const QString& initialFile) : QDialog(parent) {
  setWindowTitle(tr("Import Data Set"));
  resize(900, 640);
  auto* layout = new QVBoxLayout(this);

  auto* form = new QFormLayout;
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  auto* fileRow = new QHBoxLayout;
  path_ = new QLineEdit(initialFile, this);
  path_->setObjectName(QStringLiteral("importPath"));
  auto* browseButton = new QPushButton(tr("Browse…"), this);
  fileRow->addWidget(path_, 1);
  fileRow->addWidget(browseButton);
  form->addRow(tr("File:"), fileRow);
  name_ = new QLineEdit(this);
  name_->setObjectName(QStringLiteral("importName"));
  form->addRow(tr("Name:"), name_);

  auto* taskRow = new QHBoxLayout;
  task_ = new QComboBox(this);
  task_->setObjectName(QStringLiteral("importTask"));
  task_->addItem(tr("Classification"), int(TaskKind::Classification));
  task_->addItem(tr("Regression (numeric target)"), int(TaskKind::Regression));
  task_->addItem(tr("Knowledge probing (answer words)"), int(TaskKind::Probing));
  task_->addItem(tr("Multiple choice (mc-jsonl)"), int(TaskKind::MultipleChoice));
  task_->addItem(tr("Multi-label (label lists)"), int(TaskKind::MultiLabel));
  task_->setToolTip(
      tr("How to read the rows. Classification and multiple choice become project data sets; a regression, "
         "probing or multi-label file opens on Compare's page for that task."));
  separator_ = new QLineEdit(QStringLiteral(","), this);
  separator_->setObjectName(QStringLiteral("importSeparator"));
  separator_->setToolTip(tr("TSV/CSV: the labels of a row are one column joined by this separator."));
  declared_ = new QLineEdit(this);
  declared_->setObjectName(QStringLiteral("importDeclared"));
  declared_->setPlaceholderText(tr("every label seen"));
  declared_->setToolTip(
      tr("The label set, joined by the separator; a row naming another label is reported by line."));
  separatorLabel_ = new QLabel(tr("Separator:"), this);
  declaredLabel_ = new QLabel(tr("Label set:"), this);
  taskRow->addWidget(task_, 2);
  taskRow->addWidget(separatorLabel_);
  taskRow->addWidget(separator_, 1);
  taskRow->addWidget(declaredLabel_);
  taskRow->addWidget(declared_, 2);
  form->addRow(tr("Task:"), taskRow);

  auto* optionsRow = new QHBoxLayout;
  format_ = new QComboBox(this);
  format_->setObjectName(QStringLiteral("importFormat"));
  format_->addItem(tr("Detect automatically"), QStringLiteral("auto"));
  for (const auto& f : data::formatNames())
    format_->addItem(QString::fromStdString(f), QString::fromStdString(f));
  // Multiple choice (ARC is detected; COPA's choice1/choice2 rows stay plain jsonl unless chosen here).
  format_->setItemData(
      format_->findData(QStringLiteral("mc-jsonl")),
      tr("Multiple choice, one JSON object per line (ARC, ARC flat, COPA): the options become "
         "the fields option_A, option_B, … and the label the answer's letter."),
      Qt::ToolTipRole);
  textColumns_ = new QLineEdit(this);
  textColumns_->setPlaceholderText(tr("default"));
  textColumns_->setToolTip(
      tr("Text columns by header name or 1-based number, comma separated "
         "(e.g. \"premise,hypothesis\" or \"2\")."));
  labelColumn_ = new QLineEdit(this);
  labelColumn_->setObjectName(QStringLiteral("importLabelColumn"));
  labelColumn_->setPlaceholderText(tr("default"));
  labelColumn_->setToolTip(tr("Label column by header name or 1-based number."));
  badRows_ = new QComboBox(this);
  badRows_->addItem(tr("Skip and report"));
  badRows_->addItem(tr("Stop at the first"));
  optionsRow->addWidget(format_, 2);
  optionsRow->addWidget(new QLabel(tr("Text columns:"), this));
  optionsRow->addWidget(textColumns_, 1);
  labelColumnLabel_ = new QLabel(tr("Label column:"), this);
  optionsRow->addWidget(labelColumnLabel_);
  optionsRow->addWidget(labelColumn_, 1);
  optionsRow->addWidget(new QLabel(tr("Bad rows:"), this));
  optionsRow->addWidget(badRows_, 1);
  form->addRow(tr("Format:"), optionsRow);
  layout->addLayout(form);

  summary_ = new QLabel(this);
  summary_->setObjectName(QStringLiteral("importSummary"));
  summary_->setWordWrap(true);
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(summary_);

  auto* split = new QSplitter(Qt::Vertical, this);
  preview_ = new QTableWidget(split);
  preview_->setObjectName(QStringLiteral("importPreview"));
  preview_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  preview_->setAlternatingRowColors(true);
  preview_->verticalHeader()->setVisible(false);
  preview_->horizontalHeader()->setStretchLastSection(false);
  auto* bottom = new QWidget(split);
  auto* bottomLayout = new QHBoxLayout(bottom);
  bottomLayout->setContentsMargins(0, 0, 0, 0);
  auto* labelBox = new QVBoxLayout;
  labelBox->addWidget(new QLabel(tr("Labels (rename to readable names):"), bottom));
  labels_ = new QTableWidget(0, 3, bottom);
  labels_->setObjectName(QStringLiteral("importLabels"));
  labels_->setHorizontalHeaderLabels({tr("Label in file"), tr("Name"), tr("Rows")});
  labels_->verticalHeader()->setVisible(false);
  labels_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
  labelBox->addWidget(labels_);
  auto* problemBox = new QVBoxLayout;
  problemBox->addWidget(new QLabel(tr("Skipped rows and warnings:"), bottom));
  problems_ = new QListWidget(bottom);
  problems_->setObjectName(QStringLiteral("importProblems"));
  problemBox->addWidget(problems_);
  bottomLayout->addLayout(labelBox, 2);
  bottomLayout->addLayout(problemBox, 3);
  split->addWidget(preview_);
  split->addWidget(bottom);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 2);
  layout->addWidget(split, 1);

  buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  buttons_->button(QDialogButtonBox::Ok)->setText(tr("Import"));
  buttons_->button(QDialogButtonBox::Ok)->setEnabled(false);
  layout->addWidget(buttons_);

  debounce_ = new QTimer(this);
  debounce_->setSingleShot(true);
  debounce_->setInterval(300);
  connect(debounce_, &QTimer::timeout, this, &ImportDialog::reimport);
  auto schedule = [this]() { debounce_->start(); };
  connect(browseButton, &QPushButton::clicked, this, &ImportDialog::browse);
  connect(path_, &QLineEdit::textChanged, this, [this, schedule]() {
    name_->setText(QFileInfo(path_->text()).fileName());
    labels_->setRowCount(0);  // a new file has its own labels
    schedule();
  });
  connect(format_, &QComboBox::currentIndexChanged, this, schedule);
  connect(task_, &QComboBox::currentIndexChanged, this, [this, schedule]() {
    labels_->setRowCount(0);  // renames belong to one reading of the file
    updateTaskFields();
    schedule();
  });
  connect(separator_, &QLineEdit::textChanged, this, schedule);
  connect(declared_, &QLineEdit::textChanged, this, schedule);
  connect(textColumns_, &QLineEdit::textChanged, this, schedule);
  connect(labelColumn_, &QLineEdit::textChanged, this, schedule);
  connect(badRows_, &QComboBox::currentIndexChanged, this, schedule);
  connect(labels_, &QTableWidget::itemChanged, this, [this, schedule](QTableWidgetItem* item) {
    if (!updatingLabels_ && item->column() == 1) schedule();
  });
  connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
  updateTaskFields();
  if (!initialFile.isEmpty()) {
    name_->setText(QFileInfo(initialFile).fileName());
    reimport();
  }
}

QString ImportDialog::filePath() const {
  return path_->text().trimmed();
}
QString ImportDialog::datasetName() const {
  const QString n = name_->text().trimmed();
  return n.isEmpty() ? QFileInfo(filePath()).fileName() : n;
}

void ImportDialog::browse() {
  const QString f = QFileDialog::getOpenFileName(this, tr("Data File"), QFileInfo(filePath()).absolutePath());
  if (!f.isEmpty()) path_->setText(f);
}

TaskKind ImportDialog::task() const {
  return TaskKind(task_->currentData().toInt());
}

void ImportDialog::setTask(TaskKind task) {
  task_->setCurrentIndex(task_->findData(int(task)));
}

QString ImportDialog::summaryText() const {
  return summary_->text();
}

TaskImport ImportDialog::taskImport() const {
  return currentRequest();
}

void ImportDialog::updateTaskFields() {
  const TaskKind t = task();
  const bool multiLabel = t == TaskKind::MultiLabel;
  separatorLabel_->setVisible(multiLabel);
  separator_->setVisible(multiLabel);
  declaredLabel_->setVisible(multiLabel);
  declared_->setVisible(multiLabel);
  // The column the task reads its gold from, named as the task calls it.
  switch (t) {
    case TaskKind::Regression:
      labelColumnLabel_->setText(tr("Target column:"));
      labelColumn_->setPlaceholderText(tr("label, else the last"));
      break;
    case TaskKind::Probing:
      labelColumnLabel_->setText(tr("Answer column:"));
      labelColumn_->setPlaceholderText(tr("answer, else obj_label"));
      break;
    case TaskKind::MultiLabel:
      labelColumnLabel_->setText(tr("Labels column:"));
      labelColumn_->setPlaceholderText(QStringLiteral("labels"));
      break;
    default:
      labelColumnLabel_->setText(tr("Label column:"));
      labelColumn_->setPlaceholderText(tr("default"));
  }
  // Multiple choice has one format; label renames only apply to classes.
  format_->setEnabled(t != TaskKind::MultipleChoice);
  labels_->setEnabled(t == TaskKind::Classification || t == TaskKind::MultipleChoice);
}

TaskImport ImportDialog::currentRequest() const {
  TaskImport r;
  r.task = task();
  r.path = filePath().toStdString();
  data::ImportOptions& options = r.options;
  options.format = format_->currentData().toString().toStdString();
  for (const QString& c : textColumns_->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
    options.textColumns.push_back(c.trimmed().toStdString());
  options.labelColumn = labelColumn_->text().trimmed().toStdString();
  options.onBadRow = badRows_->currentIndex() == 1 ? data::OnBadRow::Stop : data::OnBadRow::Skip;
  if (r.task == TaskKind::Classification || r.task == TaskKind::MultipleChoice) {
    for (int row = 0; row < labels_->rowCount(); ++row) {
      const QString from = labels_->item(row, 0)->data(Qt::UserRole).toString();
      const QString to = labels_->item(row, 1)->text().trimmed();
      if (!to.isEmpty() && to != from) options.labelNames[from.toStdString()] = to.toStdString();
    }
  }
  if (r.task == TaskKind::MultipleChoice) options.format = "mc-jsonl";
  r.separator = separator_->text().toStdString();
  if (r.task == TaskKind::MultiLabel && !declared_->text().trimmed().isEmpty() && !r.separator.empty())
    r.declaredLabels = multilabel::splitLabels(declared_->text().toStdString(), r.separator);
  return r;
}

void ImportDialog::reimport() {
  const QString file = filePath();
  dataset_.reset();
  taskSummary_.clear();
  buttons_->button(QDialogButtonBox::Ok)->setEnabled(false);
  if (file.isEmpty()) return;
  const TaskImport request = currentRequest();
  summary_->setText(tr("Reading %1 …").arg(file));
  const int gen = ++generation_;
  runInBackground<std::shared_ptr<TaskPreview>>(
      this, [request]() { return std::make_shared<TaskPreview>(importForTask(request)); },
      [this, gen](Outcome<std::shared_ptr<TaskPreview>> out) {
        if (gen != generation_) return;
        if (!out.ok()) {
          showError(out.error);
          return;
        }
        taskSummary_ = (*out.value)->summary;
        dataset_ = std::make_shared<const data::Dataset>(std::move((*out.value)->data));
        showDataset();
      });
}

void ImportDialog::showError(const QString& message) {
  summary_->setText(tr("✘ %1").arg(message));
  preview_->clear();
  preview_->setRowCount(0);
  preview_->setColumnCount(0);
  problems_->clear();
}

void ImportDialog::showDataset() {
  const data::Dataset& ds = *dataset_;
  summary_->setText(tr("Format <b>%1</b>, encoding <b>%2</b>: %3")
                        .arg(QString::fromStdString(ds.format).toHtmlEscaped(),
                             QString::fromStdString(ds.encoding).toHtmlEscaped(),
                             QString::fromStdString(taskSummary_).toHtmlEscaped()));
  QStringList headers{tr("Line")};
  for (const auto& c : ds.columns) headers << QString::fromStdString(c);
  switch (task()) {
    case TaskKind::Regression:
      headers << tr("Target");
      break;
    case TaskKind::Probing:
      headers << tr("Answer");
      break;
    case TaskKind::MultiLabel:
      headers << tr("Labels");
      break;
    default:
      headers << tr("Label");
  }
  preview_->clear();
  preview_->setColumnCount(headers.size());
  preview_->setHorizontalHeaderLabels(headers);
  const int rows = int(std::min<size_t>(ds.examples.size(), kPreviewRows));
  preview_->setRowCount(rows);
  for (int r = 0; r < rows; ++r) {
    const auto& ex = ds.examples[size_t(r)];
    preview_->setItem(r, 0, new QTableWidgetItem(QString::number(ex.line)));
    for (size_t c = 0; c < ex.fields.size() && int(c) + 1 < headers.size() - 1; ++c)
      preview_->setItem(r, int(c) + 1, new QTableWidgetItem(QString::fromStdString(ex.fields[c])));
    preview_->setItem(r, headers.size() - 1, new QTableWidgetItem(QString::fromStdString(ex.label)));
  }
  preview_->resizeColumnToContents(0);
  preview_->resizeColumnToContents(headers.size() - 1);
  for (int c = 1; c < headers.size() - 1; ++c)
    preview_->setColumnWidth(c,
                             std::max(200, (preview_->viewport()->width() - 160) / int(headers.size() - 2)));

  problems_->clear();
  for (const auto& w : ds.warnings) problems_->addItem(tr("warning: %1").arg(QString::fromStdString(w)));
  for (const auto& p : ds.problems) problems_->addItem(QString::fromStdString(p.text()));
  if (problems_->count() == 0) problems_->addItem(tr("No rows skipped."));
  if (labels_->isEnabled())
    updateLabelTable();
  else
    labels_->setRowCount(0);
  buttons_->button(QDialogButtonBox::Ok)->setEnabled(!ds.examples.empty());
}

void ImportDialog::updateLabelTable() {
  // Keeps the user's renames: rows are keyed by the label as read from the file (before renaming).
  updatingLabels_ = true;
  QMap<QString, QString> renamed;
  for (int r = 0; r < labels_->rowCount(); ++r)
    renamed[labels_->item(r, 0)->data(Qt::UserRole).toString()] = labels_->item(r, 1)->text();
  if (labels_->rowCount() == 0 || renamed.isEmpty()) {
    const auto counts = dataset_->labelCounts();
    labels_->setRowCount(int(counts.size()));
    int r = 0;
    for (const auto& [label, n] : counts) {
      const QString l = QString::fromStdString(label);
      auto* from = new QTableWidgetItem(l);
      from->setData(Qt::UserRole, l);
      from->setFlags(from->flags() & ~Qt::ItemIsEditable);
      auto* count = new QTableWidgetItem(QString::number(qulonglong(n)));
      count->setFlags(count->flags() & ~Qt::ItemIsEditable);
      labels_->setItem(r, 0, from);
      labels_->setItem(r, 1, new QTableWidgetItem(l));
      labels_->setItem(r, 2, count);
      ++r;
    }
  } else {
    // Renamed labels: refresh the counts under the new names.
    const auto counts = dataset_->labelCounts();
    for (int r = 0; r < labels_->rowCount(); ++r) {
      const auto it = counts.find(labels_->item(r, 1)->text().trimmed().toStdString());
      labels_->item(r, 2)->setText(it == counts.end() ? QStringLiteral("0")
                                                      : QString::number(qulonglong(it->second)));
    }
  }
  labels_->resizeColumnToContents(0);
  labels_->resizeColumnToContents(2);
  updatingLabels_ = false;
}

}  // namespace pwb::ui
