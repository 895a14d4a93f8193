#include "task_page.h"

#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include "eval_host.h"
#include "run_controls.h"

namespace pwb::ui {

TaskPage::TaskPage(EvalHost* host, const QString& prefix, QWidget* parent)
    : QWidget(parent), host_(host), prefix_(prefix) {
  setObjectName(prefix + QStringLiteral("Panel"));
  connect(host_, &EvalHost::closing, this, &TaskPage::cancel);
  auto* outer = new QHBoxLayout(this);
  outer->setContentsMargins(0, 0, 0, 0);
  split_ = new QSplitter(Qt::Horizontal, this);
  outer->addWidget(split_);
  left_ = new QWidget(split_);
  leftLayout_ = new QVBoxLayout(left_);
  leftLayout_->setContentsMargins(0, 0, 8, 0);
  split_->addWidget(left_);
}

TaskPage::~TaskPage() {
  cancel();
}

QFormLayout* TaskPage::addDataBox(const QString& title, const QString& fileToolTip,
                                  const QString& browseFilter, const QString& initialFile) {
  auto* box = new QGroupBox(title, left_);
  auto* form = new QFormLayout(box);
  auto* fileRow = new QHBoxLayout;
  file_ = new QLineEdit(initialFile, box);
  file_->setObjectName(prefix_ + QStringLiteral("File"));
  file_->setToolTip(fileToolTip);
  auto* browse = new QPushButton(tr("Browse…"), box);
  fileRow->addWidget(file_, 1);
  fileRow->addWidget(browse);
  form->addRow(tr("File"), fileRow);
  leftLayout_->addWidget(box);
  connect(browse, &QPushButton::clicked, this, [this, title, browseFilter]() {
    const QString path = QFileDialog::getOpenFileName(this, title, file_->text(), browseFilter);
    if (!path.isEmpty()) file_->setText(path);
  });
  return form;
}

void TaskPage::addTemplatesBox(const QString& title, const QString& initialText) {
  auto* box = new QGroupBox(title, left_);
  auto* layout = new QVBoxLayout(box);
  templates_ = new QPlainTextEdit(box);
  templates_->setObjectName(prefix_ + QStringLiteral("Templates"));
  templates_->setPlainText(initialText);
  layout->addWidget(templates_);
  leftLayout_->addWidget(box, 1);
}

QFormLayout* TaskPage::addOptionsBox(const QString& title) {
  auto* box = new QGroupBox(title, left_);
  auto* form = new QFormLayout(box);
  leftLayout_->addWidget(box);
  return form;
}

void TaskPage::addRunRow(const QString& runText, const QString& runToolTip) {
  auto* row = new QHBoxLayout;
  run_ = new QPushButton(runText, left_);
  run_->setObjectName(prefix_ + QStringLiteral("Button"));
  if (!runToolTip.isEmpty()) run_->setToolTip(runToolTip);
  cancel_ = new QPushButton(tr("Cancel"), left_);
  cancel_->setEnabled(false);
  row->addWidget(run_, 1);
  row->addWidget(cancel_);
  leftLayout_->addLayout(row);
  progress_ = makeThinProgressBar(left_, prefix_ + QStringLiteral("Progress"));
  leftLayout_->addWidget(progress_);
  status_ = new QLabel(left_);
  status_->setObjectName(prefix_ + QStringLiteral("Status"));
  status_->setWordWrap(true);
  leftLayout_->addWidget(status_);
  // Without a templates box nothing else stretches: keep the column packed at the top.
  if (templates_ == nullptr) leftLayout_->addStretch(1);
  connect(run_, &QPushButton::clicked, this, &TaskPage::run);
  connect(cancel_, &QPushButton::clicked, this, &TaskPage::cancel);
}

TaskPage::GridAndRows TaskPage::addGridAndRows(const QString& gridTitle, const QStringList& resultHeaders,
                                               const QString& rowsName, const QStringList& rowHeaders) {
  auto* right = new QSplitter(Qt::Vertical, split_);
  auto* gridBox = new QGroupBox(gridTitle, right);
  auto* gridLayout = new QVBoxLayout(gridBox);
  GridAndRows out{};
  out.results = new QTableWidget(0, int(resultHeaders.size()), gridBox);
  out.results->setObjectName(prefix_ + QStringLiteral("Results"));
  out.results->setHorizontalHeaderLabels(resultHeaders);
  out.results->setEditTriggers(QAbstractItemView::NoEditTriggers);
  out.results->setSelectionBehavior(QAbstractItemView::SelectRows);
  out.results->setSelectionMode(QAbstractItemView::SingleSelection);
  out.results->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  gridLayout->addWidget(out.results, 1);
  out.details = new QLabel(gridBox);
  out.details->setObjectName(prefix_ + QStringLiteral("Details"));
  out.details->setWordWrap(true);
  out.details->setTextInteractionFlags(Qt::TextSelectableByMouse);
  gridLayout->addWidget(out.details);
  right->addWidget(gridBox);
  out.rows = new QTableWidget(0, int(rowHeaders.size()), right);
  out.rows->setObjectName(rowsName);
  out.rows->setHorizontalHeaderLabels(rowHeaders);
  out.rows->setEditTriggers(QAbstractItemView::NoEditTriggers);
  out.rows->verticalHeader()->setVisible(false);
  out.rows->horizontalHeader()->setStretchLastSection(true);
  right->addWidget(out.rows);
  split_->addWidget(right);
  split_->setStretchFactor(0, 1);
  split_->setStretchFactor(1, 3);
  return out;
}

QTableWidgetItem* TaskPage::cell(const QString& text, Qt::Alignment align) {
  auto* item = new QTableWidgetItem(text);
  item->setTextAlignment(align);
  return item;
}

void TaskPage::setDataFile(const QString& path) {
  file_->setText(path);
}
QString TaskPage::dataFile() const {
  return file_->text();
}
QString TaskPage::trimmedFile() const {
  return file_->text().trimmed();
}
void TaskPage::setTemplates(const QStringList& templates) {
  if (templates_ != nullptr) templates_->setPlainText(templates.join('\n'));
}
QString TaskPage::statusText() const {
  return status_->text();
}

void TaskPage::cancel() {
  if (cancelFlag_) cancelFlag_->store(true);
}

bool TaskPage::beginRun(const QString& missingText, const QString& busyText, QStringList* templates) {
  if (running_) return false;
  const QStringList lines = templates_ != nullptr ? nonEmptyLines(templates_) : QStringList();
  if ((templates_ != nullptr && lines.isEmpty()) || trimmedFile().isEmpty()) {
    status_->setText(missingText);
    Q_EMIT finished(false);
    return false;
  }
  if (!host_->hasModel()) {
    status_->setText(tr("The project has no model."));
    Q_EMIT finished(false);
    return false;
  }
  if (templates != nullptr) *templates = lines;
  cancelFlag_ = std::make_shared<std::atomic<bool>>(false);
  running_ = true;
  run_->setEnabled(false);
  cancel_->setEnabled(true);
  progress_->setValue(0);
  status_->setText(busyText);
  return true;
}

void TaskPage::endRun() {
  running_ = false;
  run_->setEnabled(true);
  cancel_->setEnabled(false);
  cancelFlag_.reset();
}

void TaskPage::failRun(const QString& error) {
  status_->setText(error);
  Q_EMIT finished(false);
}

}  // namespace pwb::ui
