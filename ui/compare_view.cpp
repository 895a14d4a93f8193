// CompareView: building the view (the form of templates, verbalizers and options, the grid, the detail
// tabs), its setters and device report, and handing a task's data file to its page. Running the grid is in
// compare_view_evaluate.cpp, the selected cell's details in compare_view_details.cpp.
#include "compare_view.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QShortcut>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

#include "background.h"
#include "choice_panel.h"
#include "data/dataset.h"
#include "eval_host.h"
#include "grid_model.h"
#include "model/device_report.h"
#include "multilabel_panel.h"
#include "probe/probe_import.h"
#include "probe_panel.h"
#include "project.h"
#include "regression_panel.h"
#include "run_controls.h"
#include "task_import.h"

namespace pwb::ui {

namespace {
QListWidget* checkList(QWidget* parent, const QString& name) {
  auto* l = new QListWidget(parent);
  l->setObjectName(name);
  l->setSelectionMode(QAbstractItemView::NoSelection);
  return l;
}
}  // namespace

CompareView::CompareView(Project* project, EvalHost* host, QWidget* parent)
    : QWidget(parent), project_(project), host_(host) {
  setObjectName(QStringLiteral("compareView"));
  connect(host_, &EvalHost::closing, this, &CompareView::cancel);
  auto* outer = new QHBoxLayout(this);
  outer->setContentsMargins(16, 12, 16, 12);
  // Two pages: the classification grid (templates x verbalizers) and knowledge probing (templates x the
  // whole vocabulary, P@1), which has no verbalizer and reads its own facts file.
  modes_ = new QTabWidget(this);
  modes_->setObjectName(QStringLiteral("compareModes"));
  outer->addWidget(modes_);
  auto* split = new QSplitter(Qt::Horizontal, modes_);
  modes_->addTab(split, tr("Templates × verbalizers"));
  probe_ = new ProbePanel(host_, modes_);
  modes_->addTab(probe_, tr("Knowledge probing (P@1)"));
  choice_ = new ChoicePanel(host_, modes_);
  modes_->addTab(choice_, tr("Multiple choice (option text)"));
  multiLabel_ = new MultiLabelPanel(host_, modes_);
  modes_->addTab(multiLabel_, tr("Multi-label (F1)"));
  regression_ = new RegressionPanel(host_, modes_);
  modes_->addTab(regression_, tr("Regression (Pearson)"));

  // Left: what to compare.
  auto* left = new QWidget(split);
  auto* leftLayout = new QVBoxLayout(left);
  leftLayout->setContentsMargins(0, 0, 8, 0);
  auto* tBox = new QGroupBox(tr("Templates"), left);
  auto* tLayout = new QVBoxLayout(tBox);
  templates_ = checkList(tBox, QStringLiteral("compareTemplates"));
  tLayout->addWidget(templates_);
  auto* vBox = new QGroupBox(tr("Verbalizers"), left);
  auto* vLayout = new QVBoxLayout(vBox);
  verbalizers_ = checkList(vBox, QStringLiteral("compareVerbalizers"));
  vLayout->addWidget(verbalizers_);
  leftLayout->addWidget(tBox, 1);
  leftLayout->addWidget(vBox, 1);
  auto* optBox = new QGroupBox(tr("Options"), left);
  auto* form = new QFormLayout(optBox);
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  calibration_ = new QComboBox(optBox);
  calibration_->setObjectName(QStringLiteral("calibration"));
  calibration_->addItem(tr("Off"));
  calibration_->addItem(tr("Content-free input"));
  calibration_->addItem(tr("Template only"));
  calibration_->setToolTip(
      tr("Divide the class probabilities by the model's prior for the template "
         "(Zhao et al. 2021) and renormalise."));
  form->addRow(tr("Calibration"), calibration_);
  dataMode_ = new QComboBox(optBox);
  dataMode_->addItem(tr("Current data set"));
  dataMode_->addItem(tr("K-shot samples, 5 seeds"));
  dataMode_->setToolTip(
      tr("K-shot: each cell is evaluated on the K-per-class dev sample of seeds 13, 21, 42, "
         "87 and 100 drawn from the current data set (LM-BFF), and shows mean (std)."));
  form->addRow(tr("Evaluate on"), dataMode_);
  k_ = new QSpinBox(optBox);
  k_->setRange(1, 4096);
  k_->setValue(16);
  k_->setEnabled(false);
  form->addRow(tr("K per class"), k_);
  demoSampling_ = new QComboBox(optBox);
  demoSampling_->setObjectName(QStringLiteral("demoSampling"));
  demoSampling_->addItem(tr("None"));
  demoSampling_->addItem(tr("Random per class"));
  demoSampling_->addItem(tr("Similar (LM-BFF filter)"));
  demoSampling_->setToolTip(
      tr("In-context demonstrations (GPT-3, LM-BFF): solved training examples placed in each input where the "
         "template's [DEMOS] block says. Random: uniform per class; Similar: per example, only among the "
         "most similar half of each class (sentence embeddings of the model). Drawn from the K-shot train "
         "split of the chosen data set, per seed."));
  form->addRow(tr("Demonstrations"), demoSampling_);
  demoSource_ = new QComboBox(optBox);
  demoSource_->setObjectName(QStringLiteral("demoSource"));
  demoSource_->setToolTip(
      tr("The data set whose K-shot train split (K per class, each seed) the demonstrations come from. "
         "An example is never its own demonstration."));
  form->addRow(tr("Demonstrations from"), demoSource_);
  demoSets_ = new QSpinBox(optBox);
  demoSets_->setObjectName(QStringLiteral("demoSets"));
  demoSets_->setRange(1, 256);
  demoSets_->setValue(16);
  demoSets_->setToolTip(
      tr("Demonstration sets drawn per example; its class scores are averaged over the sets "
         "(LM-BFF: 16). Each set costs one forward pass."));
  form->addRow(tr("Sets per example"), demoSets_);
  demoPerClass_ = new QSpinBox(optBox);
  demoPerClass_->setObjectName(QStringLiteral("demosPerClass"));
  demoPerClass_->setRange(1, 16);
  demoPerClass_->setValue(1);
  demoPerClass_->setToolTip(tr("Demonstrations of each class in every set (placed in class order)."));
  form->addRow(tr("Per class"), demoPerClass_);
  limit_ = new QSpinBox(optBox);
  limit_->setObjectName(QStringLiteral("limit"));
  limit_->setRange(0, 10000000);
  limit_->setSpecialValueText(tr("all"));
  limit_->setToolTip(tr("Evaluate only the first N examples (0 = all)."));
  form->addRow(tr("Examples"), limit_);
  device_ = new QComboBox(optBox);
  device_->setObjectName(QStringLiteral("evalDevice"));
  device_->addItem(tr("Automatic"), QStringLiteral("auto"));
  device_->addItem(tr("CPU"), QStringLiteral("cpu"));
  device_->addItem(tr("CUDA GPU"), QStringLiteral("cuda"));
  device_->setCurrentIndex(device_->findData(host_->device()));
  device_->setToolTip(
      tr("Where the model runs (Automatic: a CUDA GPU when there is one). Also used by the Verbalizers "
         "view's mask top-k and label-word search; a change loads the model again."));
  form->addRow(tr("Device"), device_);
  bf16_ = new QCheckBox(tr("bf16 inference"), optBox);
  bf16_->setObjectName(QStringLiteral("evalBf16"));
  bf16_->setChecked(host_->bf16());
  bf16_->setToolTip(
      tr("Weights and activations in bfloat16: faster on GPUs and on CPUs with AMX, "
         "accuracies may differ slightly from fp32."));
  form->addRow(QString(), bf16_);
  leftLayout->addWidget(optBox);
  auto* runRow = new QHBoxLayout;
  evaluate_ = new QPushButton(tr("Evaluate"), left);
  evaluate_->setObjectName(QStringLiteral("evaluateButton"));
  evaluate_->setToolTip(tr("Evaluate the checked templates × verbalizers (Ctrl+E)"));
  evaluate_->setDefault(true);
  cancel_ = new QPushButton(tr("Cancel"), left);
  cancel_->setEnabled(false);
  cancel_->setToolTip(tr("Stop the evaluation (Esc)"));
  runRow->addWidget(evaluate_, 1);
  runRow->addWidget(cancel_);
  leftLayout->addLayout(runRow);
  progress_ = makeThinProgressBar(left, QStringLiteral("compareProgress"));
  leftLayout->addWidget(progress_);
  status_ = new QLabel(left);
  status_->setObjectName(QStringLiteral("compareStatus"));
  status_->setWordWrap(true);
  leftLayout->addWidget(status_);
  split->addWidget(left);

  // Right: grid and details.
  auto* right = new QSplitter(Qt::Vertical, split);
  auto* gridBox = new QGroupBox(tr("Accuracy (%) — rows: templates, columns: verbalizers"), right);
  auto* gridLayout = new QVBoxLayout(gridBox);
  model_ = new GridModel(this);
  grid_ = new QTableView(gridBox);
  grid_->setObjectName(QStringLiteral("gridView"));
  grid_->setModel(model_);
  grid_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  grid_->setSelectionBehavior(QAbstractItemView::SelectItems);
  grid_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  grid_->horizontalHeader()->setMinimumSectionSize(90);
  grid_->verticalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  grid_->verticalHeader()->setMinimumSectionSize(34);
  grid_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  grid_->setWordWrap(true);
  gridLayout->addWidget(grid_, 1);
  auto* gridHint =
      new QLabel(tr("<span style='opacity:0.7'>Click a cell for its confusion matrix and "
                    "predictions; Ctrl+click a second cell to list the examples that flip.</span>"),
                 gridBox);
  gridHint->setWordWrap(true);
  gridLayout->addWidget(gridHint);
  right->addWidget(gridBox);

  auto* detail = new QWidget(right);
  auto* detailLayout = new QVBoxLayout(detail);
  detailLayout->setContentsMargins(0, 0, 0, 0);
  auto* infoRow = new QHBoxLayout;
  cellInfo_ = new QLabel(detail);
  cellInfo_->setObjectName(QStringLiteral("cellInfo"));
  cellInfo_->setWordWrap(true);
  runChoice_ = new QComboBox(detail);
  runChoice_->setVisible(false);
  infoRow->addWidget(cellInfo_, 1);
  infoRow->addWidget(runChoice_);
  detailLayout->addLayout(infoRow);
  tabs_ = new QTabWidget(detail);
  auto* predPage = new QWidget(tabs_);
  auto* predLayout = new QVBoxLayout(predPage);
  errorsOnly_ = new QCheckBox(tr("Only misclassified examples"), predPage);
  predLayout->addWidget(errorsOnly_);
  predictions_ = new QTableWidget(predPage);
  predictions_->setObjectName(QStringLiteral("predictionsTable"));
  predictions_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  predictions_->setSelectionBehavior(QAbstractItemView::SelectRows);
  predictions_->verticalHeader()->setVisible(false);
  predictions_->setWordWrap(false);
  predLayout->addWidget(predictions_);
  tabs_->addTab(predPage, tr("Predictions"));
  confusion_ = new QTableWidget(tabs_);
  confusion_->setObjectName(QStringLiteral("confusionTable"));
  confusion_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  tabs_->addTab(confusion_, tr("Confusion matrix"));
  auto* flipPage = new QWidget(tabs_);
  auto* flipLayout = new QVBoxLayout(flipPage);
  flipsInfo_ = new QLabel(tr("Select two cells (Ctrl+click) to compare them example by example."), flipPage);
  flipsInfo_->setWordWrap(true);
  flipLayout->addWidget(flipsInfo_);
  flips_ = new QTableWidget(flipPage);
  flips_->setObjectName(QStringLiteral("flipsTable"));
  flips_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  flips_->verticalHeader()->setVisible(false);
  flips_->setWordWrap(false);
  flipLayout->addWidget(flips_);
  tabs_->addTab(flipPage, tr("Flips between two cells"));
  detailLayout->addWidget(tabs_, 1);
  right->addWidget(detail);
  right->setStretchFactor(0, 2);
  right->setStretchFactor(1, 3);
  split->addWidget(right);
  split->setStretchFactor(0, 1);
  split->setStretchFactor(1, 4);
  split->setSizes({270, 900});

  connect(evaluate_, &QPushButton::clicked, this, &CompareView::evaluate);
  connect(cancel_, &QPushButton::clicked, this, &CompareView::cancel);
  auto* cancelShortcut = new QShortcut(QKeySequence(Qt::Key_Escape), this);
  cancelShortcut->setContext(Qt::WidgetWithChildrenShortcut);
  connect(cancelShortcut, &QShortcut::activated, this, &CompareView::cancel);
  connect(dataMode_, &QComboBox::currentIndexChanged, this, &CompareView::demoControlsChanged);
  connect(demoSampling_, &QComboBox::currentIndexChanged, this, &CompareView::demoControlsChanged);
  connect(device_, &QComboBox::currentIndexChanged, this,
          [this]() { host_->setDevice(device_->currentData().toString()); });
  connect(bf16_, &QCheckBox::toggled, host_, &EvalHost::setBf16);
  connect(grid_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
          &CompareView::selectionChanged);
  connect(runChoice_, &QComboBox::currentIndexChanged, this, [this]() {
    if (shownRow_ >= 0) showCell(shownRow_, shownColumn_);
  });
  connect(errorsOnly_, &QCheckBox::toggled, this, [this]() {
    if (shownRow_ >= 0) showCell(shownRow_, shownColumn_);
  });
  connect(project_, &Project::templatesChanged, this, &CompareView::refreshChoices);
  connect(project_, &Project::verbalizersChanged, this, &CompareView::refreshChoices);
  connect(project_, &Project::opened, this, [this]() {
    model_->clear();
    refreshChoices();
  });
  connect(project_, &Project::datasetsChanged, this, &CompareView::refreshDemoSources);
  connect(project_, &Project::currentDatasetChanged, this, &CompareView::offerProbing);
  refreshChoices();
  refreshDemoSources();
  demoControlsChanged();
  offerProbing();
  // CUDA's first query can take a second or more (driver start-up): never on the GUI thread.
  runInBackground<model::DeviceReport>(
      this, []() { return model::deviceReport(); },
      [this](Outcome<model::DeviceReport> out) {
        if (out.ok()) showDeviceReport(*out.value);
      });
}

void CompareView::showDeviceReport(const model::DeviceReport& r) {
  auto* items = qobject_cast<QStandardItemModel*>(device_->model());
  QStandardItem* cuda = items ? items->item(device_->findData(QStringLiteral("cuda"))) : nullptr;
  if (!cuda) return;
  const bool usable = r.cudaAvailable && r.cudaDeviceCount > 0;
  cuda->setEnabled(usable);
  if (usable) {
    QStringList names;
    for (const auto& d : r.cudaDevices)
      names << QStringLiteral("cuda:%1 %2").arg(d.index).arg(QString::fromStdString(d.name));
    cuda->setToolTip(names.join(QLatin1Char('\n')));
  } else {
    cuda->setToolTip(r.cudaBuilt ? tr("No CUDA GPU or driver was found: evaluation runs on the CPU.")
                                 : tr("This LibTorch was built without CUDA: evaluation runs on the CPU."));
    if (device_->currentData().toString() == QStringLiteral("cuda"))
      device_->setCurrentIndex(device_->findData(QStringLiteral("auto")));
  }
  const QString cpu = r.cpuBf16Native ? tr("native on this CPU")
                      : r.cpuBf16     ? tr("emulated on this CPU (slow)")
                                      : tr("not on this CPU");
  bf16_->setToolTip(
      tr("Weights and activations in bfloat16: faster on GPUs and on CPUs with AMX, "
         "accuracies may differ slightly from fp32.") +
      QLatin1Char('\n') +
      (r.cudaBf16 ? tr("bf16: %1; CUDA autocast available") : tr("bf16: %1; no CUDA autocast")).arg(cpu));
  emit deviceReportShown();
}

void CompareView::setDevice(const QString& device) {
  device_->setCurrentIndex(device_->findData(device));
}
void CompareView::setBf16(bool bf16) {
  bf16_->setChecked(bf16);
}

void CompareView::changeEvent(QEvent* event) {
  // Cell colours are derived from the palette: redraw the details when the theme changes.
  if (event->type() == QEvent::PaletteChange && shownRow_ >= 0) showCell(shownRow_, shownColumn_);
  QWidget::changeEvent(event);
}

QString CompareView::statusText() const {
  return status_->text();
}
void CompareView::setLimit(int examples) {
  limit_->setValue(examples);
}
void CompareView::setKShot(bool kshot, int k) {
  dataMode_->setCurrentIndex(kshot ? 1 : 0);
  k_->setValue(k);
}
void CompareView::setCalibration(int index) {
  calibration_->setCurrentIndex(index);
}
void CompareView::setDemonstrations(int sampling, int sets, int perClass) {
  demoSampling_->setCurrentIndex(sampling);
  demoSets_->setValue(sets);
  demoPerClass_->setValue(perClass);
}

void CompareView::refreshDemoSources() {
  const int keep = demoSource_->currentData().isValid() ? demoSource_->currentData().toInt() : -1;
  QSignalBlocker block(demoSource_);
  demoSource_->clear();
  demoSource_->addItem(tr("The evaluated data set"), -1);
  for (int i = 0; i < project_->datasets().size(); ++i) demoSource_->addItem(project_->datasets()[i].name, i);
  const int at = demoSource_->findData(keep);
  demoSource_->setCurrentIndex(at >= 0 ? at : 0);
}

void CompareView::demoControlsChanged() {
  const bool demos = demoSampling_->currentIndex() > 0;
  k_->setEnabled(dataMode_->currentIndex() == 1 || demos);
  demoSource_->setEnabled(demos);
  demoSets_->setEnabled(demos);
  demoPerClass_->setEnabled(demos);
}

void CompareView::refreshChoices() {
  auto fill = [](QListWidget* list, const QStringList& names, const QStringList& tips) {
    QMap<QString, Qt::CheckState> keep;
    for (int i = 0; i < list->count(); ++i) keep[list->item(i)->text()] = list->item(i)->checkState();
    list->clear();
    for (int i = 0; i < names.size(); ++i) {
      auto* item = new QListWidgetItem(names[i], list);
      item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
      item->setCheckState(keep.value(names[i], Qt::Checked));
      item->setToolTip(tips[i]);
    }
  };
  QStringList names, tips;
  for (const auto& t : project_->templates()) names << t.name, tips << t.text;
  fill(templates_, names, tips);
  names.clear();
  tips.clear();
  for (const auto& v : project_->verbalizers()) names << v.name, tips << v.toSpec();
  fill(verbalizers_, names, tips);
}

CompareView::~CompareView() {
  if (cancelFlag_) cancelFlag_->store(true);
}

}  // namespace pwb::ui

namespace pwb::ui {

// A data set with an answer column ("answer", LAMA's "obj_label") among its text fields is a probing set:
// a classification grid over it makes no sense, so the probing page opens on its file.
void CompareView::offerProbing() {
  const auto data = project_->currentData();
  if (!data) return;
  // A multiple-choice set is classified by letter in the grid as it is; the option-text page gets its file.
  if (data->format == "mc-jsonl") choice_->setDataFile(QString::fromStdString(data->path));
  for (const auto& name : probe::defaultAnswerColumns()) {
    if (data->fieldIndex(name) < 0) continue;
    probe_->setDataFile(QString::fromStdString(data->path));
    modes_->setCurrentWidget(probe_);
    return;
  }
}

}  // namespace pwb::ui

namespace pwb::ui {

void CompareView::openTaskData(const TaskImport& request) {
  const QString path = QString::fromStdString(request.path);
  const QString column = QString::fromStdString(request.options.labelColumn);
  switch (request.task) {
    case TaskKind::Regression:
      regression_->setDataFile(path);
      regression_->setTargetColumn(column);
      modes_->setCurrentWidget(regression_);
      break;
    case TaskKind::Probing:
      probe_->setDataFile(path);
      probe_->setAnswerColumn(column);
      modes_->setCurrentWidget(probe_);
      break;
    case TaskKind::MultipleChoice:
      choice_->setDataFile(path);
      modes_->setCurrentWidget(choice_);
      break;
    case TaskKind::MultiLabel: {
      multiLabel_->setDataFile(path);
      multiLabel_->setLabelColumn(column);
      multiLabel_->setSeparator(QString::fromStdString(request.separator));
      QStringList declared;
      for (const auto& l : request.declaredLabels) declared << QString::fromStdString(l);
      multiLabel_->setDeclaredLabels(declared.join(QString::fromStdString(request.separator)));
      modes_->setCurrentWidget(multiLabel_);
      break;
    }
    case TaskKind::Classification:
      modes_->setCurrentIndex(0);
      break;
  }
}

}  // namespace pwb::ui
