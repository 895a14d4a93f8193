#include "project_view.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

#include "background.h"
#include "data/dataset.h"
#include "examples_model.h"
#include "model_dialog.h"
#include "project.h"

namespace pwb::ui {

ProjectView::ProjectView(Project* project, QWidget* parent) : QWidget(parent), project_(project) {
  setObjectName(QStringLiteral("projectView"));
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(16, 12, 16, 12);

  auto* modelBox = new QGroupBox(tr("Model"), this);
  auto* modelLayout = new QHBoxLayout(modelBox);
  auto* modelText = new QVBoxLayout;
  modelPath_ = new QLabel(modelBox);
  modelPath_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  QFont bold = modelPath_->font();
  bold.setBold(true);
  modelPath_->setFont(bold);
  modelSummary_ = new QLabel(modelBox);
  modelSummary_->setObjectName(QStringLiteral("modelSummary"));
  modelSummary_->setWordWrap(true);
  modelSummary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  modelText->addWidget(modelPath_);
  modelText->addWidget(modelSummary_);
  auto* chooseModel = new QPushButton(tr("Choose Model…"), modelBox);
  modelLayout->addLayout(modelText, 1);
  modelLayout->addWidget(chooseModel, 0, Qt::AlignTop);
  layout->addWidget(modelBox);

  auto* split = new QSplitter(Qt::Vertical, this);
  auto* dataBox = new QGroupBox(tr("Data sets"), split);
  auto* dataLayout = new QHBoxLayout(dataBox);
  datasets_ = new QTableWidget(0, 4, dataBox);
  datasets_->setObjectName(QStringLiteral("datasetTable"));
  datasets_->setHorizontalHeaderLabels({tr("Name"), tr("Rows"), tr("Format"), tr("Labels / status")});
  datasets_->verticalHeader()->setVisible(false);
  datasets_->setSelectionBehavior(QAbstractItemView::SelectRows);
  datasets_->setSelectionMode(QAbstractItemView::SingleSelection);
  datasets_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  datasets_->horizontalHeader()->setSectionResizeMode(3, QHeaderView::Stretch);
  // Room for four data sets before the table scrolls (train, dev, test and one more).
  datasets_->setMinimumHeight(datasets_->horizontalHeader()->sizeHint().height() +
                              4 * datasets_->verticalHeader()->defaultSectionSize() +
                              2 * datasets_->frameWidth());
  dataLayout->addWidget(datasets_, 1);
  auto* buttons = new QVBoxLayout;
  auto* importButton = new QPushButton(tr("Import…"), dataBox);
  auto* removeButton = new QPushButton(tr("Remove"), dataBox);
  buttons->addWidget(importButton);
  buttons->addWidget(removeButton);
  buttons->addStretch(1);
  dataLayout->addLayout(buttons);

  auto* examplesBox = new QGroupBox(tr("Examples"), split);
  auto* exLayout = new QVBoxLayout(examplesBox);
  auto* exTop = new QHBoxLayout;
  examplesCaption_ = new QLabel(examplesBox);
  examplesCaption_->setObjectName(QStringLiteral("examplesCaption"));
  filter_ = new QLineEdit(examplesBox);
  filter_->setPlaceholderText(tr("Filter examples…"));
  filter_->setClearButtonEnabled(true);
  exTop->addWidget(examplesCaption_, 1);
  exTop->addWidget(filter_, 1);
  exLayout->addLayout(exTop);
  examplesModel_ = new ExamplesModel(this);
  proxy_ = new QSortFilterProxyModel(this);
  proxy_->setSourceModel(examplesModel_);
  proxy_->setFilterKeyColumn(-1);
  proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
  examples_ = new QTableView(examplesBox);
  examples_->setObjectName(QStringLiteral("examplesTable"));
  examples_->setModel(proxy_);
  examples_->setAlternatingRowColors(true);
  examples_->setSelectionBehavior(QAbstractItemView::SelectRows);
  examples_->verticalHeader()->setVisible(false);
  examples_->horizontalHeader()->setStretchLastSection(false);
  examples_->setWordWrap(false);
  exLayout->addWidget(examples_);
  split->addWidget(dataBox);
  split->addWidget(examplesBox);
  split->setStretchFactor(0, 1);
  split->setStretchFactor(1, 3);
  layout->addWidget(split, 1);

  connect(chooseModel, &QPushButton::clicked, this, &ProjectView::chooseModelRequested);
  connect(importButton, &QPushButton::clicked, this, &ProjectView::importRequested);
  connect(removeButton, &QPushButton::clicked, this, [this]() {
    const int row = datasets_->currentRow();
    if (row < 0) return;
    if (QMessageBox::question(this, tr("Remove Data Set"),
                              tr("Remove '%1' from the project? The file itself is not touched.")
                                  .arg(project_->datasets()[row].name)) == QMessageBox::Yes)
      project_->removeDataset(row);
  });
  connect(datasets_, &QTableWidget::itemSelectionChanged, this, [this]() {
    const int row = datasets_->currentRow();
    if (row >= 0 && row != project_->currentDataset()) project_->setCurrentDataset(row);
  });
  connect(filter_, &QLineEdit::textChanged, proxy_, &QSortFilterProxyModel::setFilterFixedString);
  connect(project_, &Project::modelChanged, this, &ProjectView::refreshModel);
  connect(project_, &Project::datasetsChanged, this, &ProjectView::refreshDatasets);
  connect(project_, &Project::currentDatasetChanged, this, &ProjectView::refreshExamples);
  connect(project_, &Project::currentDatasetChanged, this, &ProjectView::refreshDatasets);
  refreshModel();
  refreshDatasets();
  refreshExamples();
}

void ProjectView::refreshModel() {
  const QString dir = project_->modelDir();
  modelPath_->setText(dir.isEmpty() ? tr("No model chosen") : dir);
  if (dir.isEmpty()) {
    modelSummary_->setText(
        tr("Choose a Hugging Face BERT or RoBERTa masked-LM folder (File ▸ Choose Model)."));
    return;
  }
  modelSummary_->setText(tr("Checking…"));
  const int gen = ++modelGeneration_;
  struct Result {
    QString error, summary;
  };
  runInBackground<Result>(
      this,
      [dir]() {
        Result r;
        r.error = ModelDialog::validate(dir, &r.summary);
        return r;
      },
      [this, gen](Outcome<Result> out) {
        if (gen != modelGeneration_) return;
        const QString error = out.ok() ? out.value->error : out.error;
        modelSummary_->setText(error.isEmpty() ? out.value->summary : tr("✘ %1").arg(error));
      });
}

void ProjectView::refreshDatasets() {
  const auto& items = project_->datasets();
  QSignalBlocker block(datasets_);
  datasets_->setRowCount(int(items.size()));
  for (int r = 0; r < items.size(); ++r) {
    const auto& d = items[r];
    QString rows, status;
    if (d.data) {
      rows = QLocale().toString(qulonglong(d.data->examples.size()));
      QStringList labels;
      for (const auto& [label, n] : d.data->labelCounts())
        labels << QStringLiteral("%1: %2").arg(QString::fromStdString(label)).arg(qulonglong(n));
      status = labels.join(QStringLiteral(", "));
      if (!d.data->problems.empty())
        status += tr(" — %n row(s) skipped", nullptr, int(d.data->problems.size()));
    } else {
      status = d.error.isEmpty() ? tr("loading…") : tr("✘ %1").arg(d.error);
    }
    auto* name = new QTableWidgetItem(d.name);
    if (r == project_->currentDataset()) {
      QFont f = name->font();
      f.setBold(true);
      name->setFont(f);
    }
    name->setToolTip(d.path);
    datasets_->setItem(r, 0, name);
    auto* rowsItem = new QTableWidgetItem(rows);
    rowsItem->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    datasets_->setItem(r, 1, rowsItem);
    datasets_->setItem(r, 2, new QTableWidgetItem(d.format));
    auto* statusItem = new QTableWidgetItem(status);
    statusItem->setToolTip(d.error.isEmpty() ? status : d.error);
    datasets_->setItem(r, 3, statusItem);
  }
  datasets_->resizeColumnsToContents();
  datasets_->horizontalHeader()->setSectionResizeMode(3, QHeaderView::Stretch);
  if (project_->currentDataset() >= 0) datasets_->selectRow(project_->currentDataset());
}

// Dataset::summary() in the interface language: rows, labels with their counts, skipped rows, format.
QString ProjectView::summaryOf(const data::Dataset& data) const {
  // Words as the core writes them (no English translation file: %n plurals would print "row(s)").
  QString s = tr("%1 rows").arg(qulonglong(data.examples.size()));
  if (data.unlabeled) {
    s += tr(", unlabeled");
  } else {
    QStringList labels;
    for (const auto& [label, n] : data.labelCounts())
      labels << QStringLiteral("%1: %2").arg(QString::fromStdString(label)).arg(qulonglong(n));
    s += tr(", labels %1").arg(labels.join(QStringLiteral(", ")));
  }
  s += (data.problems.size() == 1 ? tr(", %1 row skipped") : tr(", %1 rows skipped"))
           .arg(qulonglong(data.problems.size()));
  s += tr(" (%1, %2)").arg(QString::fromStdString(data.format), QString::fromStdString(data.encoding));
  return s;
}

void ProjectView::refreshExamples() {
  const auto data = project_->currentData();
  if (data == examplesModel_->dataset() && data) return;
  examplesModel_->setDataset(data);
  const int d = project_->currentDataset();
  examplesCaption_->setText(
      d >= 0 ? tr("%1 — %2").arg(project_->datasets()[d].name, data ? summaryOf(*data) : tr("loading…"))
             : tr("No data set: import one."));
  if (data) {
    examples_->resizeColumnToContents(0);
    const int cols = examplesModel_->columnCount();
    examples_->resizeColumnToContents(cols - 1);
    for (int c = 1; c < cols - 1; ++c)
      examples_->horizontalHeader()->setSectionResizeMode(c, QHeaderView::Stretch);
  }
}

}  // namespace pwb::ui
