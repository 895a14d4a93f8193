#include "train_view.h"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QDoubleSpinBox>
#include <QDoubleValidator>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QShortcut>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "background.h"
#include "common/error.h"
#include "demo_options_box.h"
#include "form_pane.h"
#include "loss_smoothing.h"
#include "multilabel_train_fields.h"
#include "pet_panel.h"
#include "pet_runner.h"
#include "plot_style.h"
#include "project.h"
#include "theme.h"
#include "train_runner.h"

namespace pwb::ui {

namespace {
struct MethodInfo {
  const char* id;
  const char* title;
  const char* help;
};
const MethodInfo kMethods[] = {
    {"prompt-ft", QT_TRANSLATE_NOOP("TrainView", "Prompt-based fine-tuning (PET / LM-BFF)"),
     QT_TRANSLATE_NOOP("TrainView", "All weights, cross-entropy over the label words at [MASK].")},
    {"prompt-tuning", QT_TRANSLATE_NOOP("TrainView", "Prompt Tuning (Lester et al.)"),
     QT_TRANSLATE_NOOP("TrainView", "Trainable soft tokens; the model stays frozen.")},
    {"p-tuning", QT_TRANSLATE_NOOP("TrainView", "P-tuning v1"),
     QT_TRANSLATE_NOOP("TrainView",
                       "Pseudo tokens from a BiLSTM/MLP prompt encoder; the model stays frozen.")},
    {"p-tuning-v2", QT_TRANSLATE_NOOP("TrainView", "P-tuning v2 (deep prompts)"),
     QT_TRANSLATE_NOOP("TrainView", "Trainable key/value prefixes in every layer; the model stays frozen.")},
    {"fine-tune", QT_TRANSLATE_NOOP("TrainView", "Fine-tuning, classification head on [CLS]"),
     QT_TRANSLATE_NOOP("TrainView", "The standard baseline: all weights and a new classifier.")},
    {"pet", QT_TRANSLATE_NOOP("TrainView", "PET / iPET (ensemble of templates, distilled)"),
     QT_TRANSLATE_NOOP("TrainView",
                       "One prompt-based fine-tuning run per template × verbalizer; their ensemble labels "
                       "unlabeled data and a [CLS] classifier learns from it (Schick & Schütze 2021).")},
};

}  // namespace

TrainView::TrainView(Project* project, QWidget* parent)
    : QWidget(parent), project_(project), runner_(new TrainRunner(this)), petRunner_(new PetRunner(this)) {
  setObjectName(QStringLiteral("trainView"));
  qRegisterMetaType<pwb::train::TrainResult>();
  qRegisterMetaType<pwb::train::SeedResult>();
  // Left: the form, scrollable, with the buttons below it, always in view (form_pane.h).
  const FormPane pane = makeFormPane(this);
  QSplitter* split = pane.split;
  QWidget* leftPane = pane.leftPane;
  QVBoxLayout* leftLayout = pane.leftLayout;
  QScrollArea* scroll = pane.scroll;
  QWidget* formHost = pane.formHost;
  QVBoxLayout* formLayout = pane.formLayout;

  auto* whatBox = new QGroupBox(tr("Method and task"), formHost);
  auto* what = new QFormLayout(whatBox);
  what->setVerticalSpacing(4);
  what->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  method_ = new QComboBox(whatBox);
  method_->setObjectName(QStringLiteral("method"));
  for (const auto& m : kMethods)
    method_->addItem(QCoreApplication::translate("TrainView", m.title), QString::fromLatin1(m.id));
  method_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  method_->setMinimumContentsLength(16);
  what->addRow(tr("Method"), method_);
  preset_ = new QComboBox(whatBox);
  preset_->addItem(tr("(keep the values below)"), QString());
  preset_->addItem(tr("Demo model README"), QStringLiteral("demo"));
  preset_->addItem(tr("LM-BFF (Gao et al.)"), QStringLiteral("lmbff"));
  preset_->addItem(tr("Lester et al. (prompt tuning)"), QStringLiteral("lester"));
  preset_->addItem(tr("P-tuning v2 paper"), QStringLiteral("ptv2"));
  preset_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  preset_->setMinimumContentsLength(16);
  what->addRow(tr("Preset"), preset_);
  template_ = new QComboBox(whatBox);
  template_->setObjectName(QStringLiteral("template"));
  template_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  template_->setMinimumContentsLength(16);
  what->addRow(tr("Template"), template_);
  verbalizer_ = new QComboBox(whatBox);
  verbalizer_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  verbalizer_->setMinimumContentsLength(16);
  what->addRow(tr("Verbalizer"), verbalizer_);
  task_ = new QComboBox(whatBox);
  task_->setObjectName(QStringLiteral("task"));
  task_->addItem(tr("Classification"), QStringLiteral("classification"));
  task_->addItem(tr("Regression (two poles, LM-BFF)"), QStringLiteral("regression"));
  task_->addItem(tr("Multi-label (F1)"), QStringLiteral("multilabel"));
  task_->addItem(tr("Knowledge probing (P@1)"), QStringLiteral("probe"));
  task_->setToolTip(
      tr("Regression: every row has a numeric target; two pole words are scored at [MASK] and "
         "the prediction is VL + (VU − VL) · p(upper). Trained with LM-BFF's KL loss; the "
         "metrics are Pearson, Spearman and MSE.\nMulti-label: rows with several labels; one label word "
         "per label (binary cross-entropy) or one yes/no cloze per label; micro-F1 picks the checkpoint "
         "and the threshold.\nKnowledge probing: rows of fields and an answer word; "
         "the loss is the cross-entropy over the whole vocabulary at [MASK] (P-tuning's LAMA "
         "experiments); the whole training set is trained on, the dev set's P@1 picks the checkpoint, "
         "the test set gives P@1, P@10 and MRR. Prompt-based fine-tuning, prompt tuning or P-tuning."));
  what->addRow(tr("Task"), task_);
  poles_ = new QLineEdit(whatBox);
  poles_->setObjectName(QStringLiteral("poles"));
  poles_->setPlaceholderText(tr("0=terrible;4=great  (or terrible;great: range from the data)"));
  what->addRow(tr("Poles"), poles_);
  target_ = new QLineEdit(whatBox);
  target_->setObjectName(QStringLiteral("target"));
  target_->setPlaceholderText(tr("score  (empty: the \"label\" column, or the last one)"));
  what->addRow(tr("Target column"), target_);
  multiLabel_ = new MultiLabelTrainFields(whatBox);
  what->addRow(tr("Multi-label"), multiLabel_);
  connect(multiLabel_, &MultiLabelTrainFields::schemeChanged, this, &TrainView::taskChanged);
  connect(task_, qOverload<int>(&QComboBox::currentIndexChanged), this, &TrainView::taskChanged);
  train_ = new QComboBox(whatBox);
  train_->setToolTip(tr("K-shot train and dev examples are sampled from this data set."));
  test_ = new QComboBox(whatBox);
  for (QComboBox* c : {train_, test_}) {
    c->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    c->setMinimumContentsLength(16);
  }
  what->addRow(tr("Train from"), train_);
  what->addRow(tr("Test on"), test_);
  dev_ = new QComboBox(whatBox);
  dev_->setObjectName(QStringLiteral("dev"));
  dev_->setToolTip(tr("Knowledge probing: the dev set whose P@1 picks the checkpoint."));
  dev_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  dev_->setMinimumContentsLength(16);
  dev_->setEnabled(false);
  what->addRow(tr("Dev (probing)"), dev_);
  formLayout->addWidget(whatBox);
  pet_ = new PetPanel(project_, formHost);
  formLayout->addWidget(pet_);

  auto* hpBox = new QGroupBox(tr("Protocol"), formHost);
  auto* hp = new QFormLayout(hpBox);
  hp->setVerticalSpacing(4);  // the whole form fits a 800 px high window without scrolling
  hp->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  train::TrainRequest defaults;
  k_ = new QSpinBox(hpBox);
  k_->setRange(1, 100000);
  k_->setValue(defaults.k);
  hp->addRow(tr("K per class"), k_);
  seeds_ = new QLineEdit(QStringLiteral("13, 21, 42, 87, 100"), hpBox);
  seeds_->setObjectName(QStringLiteral("seeds"));
  hp->addRow(tr("Seeds"), seeds_);
  steps_ = new QSpinBox(hpBox);
  steps_->setRange(1, 1000000);
  steps_->setValue(defaults.steps);
  hp->addRow(tr("Steps"), steps_);
  batch_ = new QSpinBox(hpBox);
  batch_->setRange(1, 4096);
  batch_->setValue(defaults.batchSize);
  hp->addRow(tr("Batch size"), batch_);
  lr_ = new QLineEdit(QString::number(defaults.lr), hpBox);
  lr_->setObjectName(QStringLiteral("lr"));
  auto* lrValidator = new QDoubleValidator(1e-9, 10.0, 12, lr_);
  lrValidator->setNotation(QDoubleValidator::ScientificNotation);
  lr_->setValidator(lrValidator);
  hp->addRow(tr("Learning rate"), lr_);
  evalEvery_ = new QSpinBox(hpBox);
  evalEvery_->setRange(0, 1000000);
  evalEvery_->setValue(defaults.evalEvery);
  evalEvery_->setSpecialValueText(tr("at the end"));
  hp->addRow(tr("Dev every (steps)"), evalEvery_);
  warmup_ = new QDoubleSpinBox(hpBox);
  warmup_->setRange(0, 1);
  warmup_->setSingleStep(0.05);
  warmup_->setValue(defaults.warmupRatio);
  hp->addRow(tr("Warm-up ratio"), warmup_);
  weightDecay_ = new QDoubleSpinBox(hpBox);
  weightDecay_->setDecimals(5);
  weightDecay_->setRange(0, 1);
  weightDecay_->setSingleStep(0.01);
  weightDecay_->setValue(defaults.weightDecay);
  hp->addRow(tr("Weight decay"), weightDecay_);
  maxLength_ = new QSpinBox(hpBox);
  maxLength_->setRange(8, 4096);
  maxLength_->setValue(defaults.maxLength);
  hp->addRow(tr("Max length"), maxLength_);
  softTokens_ = new QSpinBox(hpBox);
  softTokens_->setRange(1, 512);
  softTokens_->setValue(defaults.options.numSoftTokens);
  hp->addRow(tr("Soft / pseudo tokens"), softTokens_);
  prefixLength_ = new QSpinBox(hpBox);
  prefixLength_->setRange(1, 512);
  prefixLength_->setValue(defaults.options.prefixLength);
  hp->addRow(tr("Prefix length"), prefixLength_);
  device_ = new QComboBox(hpBox);
  device_->addItem(tr("Automatic"), QStringLiteral("auto"));
  device_->addItem(tr("CPU"), QStringLiteral("cpu"));
  device_->addItem(tr("CUDA GPU"), QStringLiteral("cuda"));
  device_->setObjectName(QStringLiteral("device"));
  hp->addRow(tr("Device"), device_);
  bf16_ = new QCheckBox(tr("bf16 mixed precision"), hpBox);  // its tooltip follows the device report
  bf16_->setObjectName(QStringLiteral("trainBf16"));
  hp->addRow(QString(), bf16_);
  deviceInfo_ = new QLabel(tr("Asking the engine which devices it can use…"), hpBox);
  deviceInfo_->setObjectName(QStringLiteral("deviceInfo"));
  deviceInfo_->setWordWrap(true);
  deviceInfo_->setTextFormat(Qt::RichText);
  deviceInfo_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  hp->addRow(deviceInfo_);  // the full width: two lines instead of five
  saveState_ = new QCheckBox(tr("Keep the trained prompt for export"), hpBox);
  saveState_->setObjectName(QStringLiteral("saveState"));
  saveState_->setChecked(true);
  saveState_->setToolTip(
      tr("Saves each seed's trained state in a folder next to the project file, so that the run can be "
         "exported (File ▸ Export Trained Prompt). On by default for the methods that train only a prompt; "
         "methods that train the model's weights save a copy of the whole model per seed."));
  // Until the user decides, the default follows the method (see methodChanged).
  connect(saveState_, &QCheckBox::clicked, this, [this]() { saveStateChosen_ = true; });
  hp->addRow(saveState_);
  formLayout->addWidget(hpBox);
  demos_ = new DemoOptionsBox(formHost);
  formLayout->addWidget(demos_);

  auto* buttons = new QHBoxLayout;
  addButton_ = new QPushButton(tr("Add to Queue"), leftPane);
  addButton_->setToolTip(tr("Queue this configuration (Ctrl+Shift+Return)"));
  startButton_ = new QPushButton(tr("Start"), leftPane);
  startButton_->setObjectName(QStringLiteral("startTraining"));
  startButton_->setToolTip(
      tr("Train the queue, or this configuration when the queue is empty (Ctrl+Return)"));
  cancelButton_ = new QPushButton(tr("Cancel"), leftPane);
  cancelButton_->setToolTip(tr("Stop the current run and the queue (Esc)"));
  cancelButton_->setEnabled(false);
  buttons->addWidget(addButton_);
  buttons->addWidget(startButton_);
  buttons->addWidget(cancelButton_);
  buttons->setContentsMargins(0, 0, 8, 0);
  formLayout->addStretch(1);
  scroll->setWidget(formHost);
  scroll->setMinimumWidth(400);  // method names and the device report on one line each
  leftLayout->addWidget(scroll, 1);
  leftLayout->addLayout(buttons);
  split->addWidget(leftPane);

  // Right: queue, live plot, progress, log.
  auto* right = new QSplitter(Qt::Vertical, split);
  auto* queueBox = new QGroupBox(tr("Queue"), right);
  auto* queueLayout = new QVBoxLayout(queueBox);
  queue_ = new QTableWidget(0, 3, queueBox);
  queue_->setObjectName(QStringLiteral("trainQueue"));
  queue_->setHorizontalHeaderLabels({tr("Run"), tr("State"), tr("Test accuracy, mean (std)")});
  queue_->verticalHeader()->setVisible(false);
  queue_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  queue_->setWordWrap(false);
  queue_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
  queue_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
  queue_->horizontalHeader()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
  // Three queued runs visible without scrolling.
  queue_->setMinimumHeight(queue_->horizontalHeader()->sizeHint().height() +
                           3 * queue_->verticalHeader()->defaultSectionSize() + 2 * queue_->frameWidth());
  queueLayout->addWidget(queue_);
  right->addWidget(queueBox);

  auto* plotBox = new QGroupBox(tr("Training loss (left) and dev accuracy (right), per seed"), right);
  auto* plotLayout = new QVBoxLayout(plotBox);
  plot_ = new QCustomPlot(plotBox);
  plot_->setObjectName(QStringLiteral("lossPlot"));
  plot_->setMinimumHeight(240);
  stylePlot(plot_);
  plot_->xAxis->setLabel(tr("step"));
  plot_->yAxis->setLabel(tr("loss"));
  plot_->yAxis2->setLabel(tr("dev accuracy (%)"));
  plot_->yAxis2->setVisible(true);
  plot_->yAxis2->setRange(0, 100);
  plot_->legend->setVisible(true);
  plot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
  plotLayout->addWidget(plot_, 1);
  auto* smoothRow = new QHBoxLayout;
  auto* smoothLabel = new QLabel(tr("Smoothing"), plotBox);
  smoothing_ = new QSlider(Qt::Horizontal, plotBox);
  smoothing_->setObjectName(QStringLiteral("lossSmoothing"));
  smoothing_->setRange(0, 99);
  smoothing_->setValue(60);  // TensorBoard's default
  smoothing_->setToolTip(
      tr("Exponential moving average of the loss, as TensorBoard smooths it (debiased, so the first steps "
         "are not pulled towards zero). The raw loss is drawn faintly behind."));
  smoothLabel->setBuddy(smoothing_);
  smoothingValue_ = new QLabel(plotBox);
  smoothingValue_->setMinimumWidth(smoothingValue_->fontMetrics().horizontalAdvance(QStringLiteral("0.00")) +
                                   4);
  smoothRow->addWidget(smoothLabel);
  smoothRow->addWidget(smoothing_, 1);
  smoothRow->addWidget(smoothingValue_);
  smoothRow->addStretch(2);
  plotLayout->addLayout(smoothRow);
  auto* progressRow = new QHBoxLayout;
  progress_ = new QProgressBar(plotBox);
  progress_->setObjectName(QStringLiteral("trainProgress"));
  progress_->setRange(0, 1000);
  progress_->setValue(0);
  progress_->setFormat(QStringLiteral("%p%"));
  eta_ = new QLabel(plotBox);
  eta_->setObjectName(QStringLiteral("trainEta"));
  eta_->setMinimumWidth(260);
  progressRow->addWidget(progress_, 1);
  progressRow->addWidget(eta_);
  plotLayout->addLayout(progressRow);
  status_ = new QLabel(plotBox);
  status_->setObjectName(QStringLiteral("trainStatus"));
  status_->setWordWrap(true);
  plotLayout->addWidget(status_);
  right->addWidget(plotBox);
  log_ = new QPlainTextEdit(right);
  log_->setObjectName(QStringLiteral("trainLog"));
  log_->setReadOnly(true);
  log_->setMaximumBlockCount(5000);
  log_->setPlaceholderText(tr("Log of the runs"));
  right->addWidget(log_);
  right->setStretchFactor(0, 1);
  right->setStretchFactor(1, 4);
  right->setStretchFactor(2, 1);
  split->addWidget(right);
  split->setStretchFactor(0, 0);
  split->setSizes({420, 860});
  split->setStretchFactor(1, 1);

  connect(smoothing_, &QSlider::valueChanged, this, &TrainView::resmooth);
  smoothingValue_->setText(QString::number(smoothing(), 'f', 2));
  connect(method_, &QComboBox::currentIndexChanged, this, &TrainView::methodChanged);
  connect(preset_, &QComboBox::currentIndexChanged, this, &TrainView::applyPreset);
  connect(addButton_, &QPushButton::clicked, this, &TrainView::enqueue);
  connect(startButton_, &QPushButton::clicked, this, &TrainView::startQueue);
  connect(cancelButton_, &QPushButton::clicked, this, &TrainView::cancel);
  auto shortcut = [this](QKeySequence key, void (TrainView::*fn)()) {
    auto* s = new QShortcut(key, this);
    s->setContext(Qt::WidgetWithChildrenShortcut);
    connect(s, &QShortcut::activated, this, fn);
  };
  shortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), &TrainView::startQueue);
  shortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Return), &TrainView::enqueue);
  shortcut(QKeySequence(Qt::Key_Escape), &TrainView::cancel);
  connect(runner_, &TrainRunner::steps, this, &TrainView::onSteps);
  connect(runner_, &TrainRunner::evaluations, this, &TrainView::onEvals);
  connect(runner_, &TrainRunner::seedStarted, this, &TrainView::onSeedStarted);
  connect(runner_, &TrainRunner::logLines, this, [this](const QStringList& lines) {
    for (const QString& l : lines) log_->appendPlainText(l);
  });
  connect(runner_, &TrainRunner::seedFinished, this, [this](int, const train::SeedResult& r) {
    if (r.hasTestMultiLabel) {
      log_->appendPlainText(
          tr("seed %1: test micro-F1 %2 %, macro-F1 %3 %, subset accuracy %4 % at threshold %5 "
             "(best dev micro-F1 %6 % at step %7)")
              .arg(r.seed)
              .arg(r.testMicroF1 * 100, 0, 'f', 1)
              .arg(r.testMacroF1 * 100, 0, 'f', 1)
              .arg(r.testSubsetAccuracy * 100, 0, 'f', 1)
              .arg(r.threshold, 0, 'f', 2)
              .arg(r.bestDevAccuracy * 100, 0, 'f', 1)
              .arg(r.bestStep));
      return;
    }
    if (r.hasTestRegression) {
      log_->appendPlainText(
          tr("seed %1: test Pearson %2, Spearman %3, MSE %4 (best dev Pearson %5 at step %6)")
              .arg(r.seed)
              .arg(r.testPearson, 0, 'f', 4)
              .arg(r.testSpearman, 0, 'f', 4)
              .arg(r.testMse, 0, 'f', 4)
              .arg(r.bestDevAccuracy, 0, 'f', 4)
              .arg(r.bestStep));
      return;
    }
    // A knowledge-probing run's accuracy is P@1 (the whole vocabulary as the classes; train/probe_task.h).
    const bool probe = currentJob_ >= 0 && jobs_[currentJob_].request.task == "probe";
    log_->appendPlainText(
        r.hasTestAccuracy
            ? (probe ? tr("seed %1: test P@1 %2 % (best dev P@1 %3 % at step %4)")
                     : tr("seed %1: test accuracy %2 % (best dev %3 % at step %4)"))
                  .arg(r.seed)
                  .arg(r.testAccuracy * 100, 0, 'f', 1)
                  .arg(r.bestDevAccuracy * 100, 0, 'f', 1)
                  .arg(r.bestStep)
            : tr("seed %1: %2 — %3")
                  .arg(r.seed)
                  .arg(QString::fromLatin1(train::statusName(r.status)), QString::fromStdString(r.message)));
  });
  connect(runner_, &TrainRunner::finished, this, &TrainView::onFinished);
  connect(petRunner_, &PetRunner::logLines, this, [this](const QStringList& lines) {
    for (const QString& l : lines) log_->appendPlainText(l);
  });
  connect(petRunner_, &PetRunner::stage, this, &TrainView::onPetStage);
  connect(petRunner_, &PetRunner::stepProgress, this, &TrainView::onPetStep);
  connect(petRunner_, &PetRunner::finished, this, &TrainView::onPetFinished);
  for (auto sig : {&Project::templatesChanged, &Project::verbalizersChanged, &Project::datasetsChanged,
                   &Project::opened})
    connect(project_, sig, this, &TrainView::refreshChoices);
  refreshChoices();
  methodChanged();
  taskChanged();
  // CUDA's first query can take a second or more (driver start-up): never on the GUI thread.
  runInBackground<model::DeviceReport>(
      this, []() { return model::deviceReport(); },
      [this](Outcome<model::DeviceReport> out) {
        if (out.ok())
          showDeviceReport(*out.value);
        else
          deviceInfo_->setText(tr("✘ %1").arg(out.error.toHtmlEscaped()));
      });
}

void TrainView::methodChanged() {
  const QString m = method_->currentData().toString();
  for (const auto& info : kMethods)
    if (m == QLatin1String(info.id)) method_->setToolTip(QCoreApplication::translate("TrainView", info.help));
  softTokens_->setEnabled(m == QLatin1String("prompt-tuning") || m == QLatin1String("p-tuning"));
  prefixLength_->setEnabled(m == QLatin1String("p-tuning-v2"));
  const bool pet = m == QLatin1String("pet");  // PET takes its templates/verbalizers from its panel
  pet_->setVisible(pet);
  template_->setEnabled(!pet);
  const QString task = task_->currentData().toString();
  verbalizer_->setEnabled(!pet && task != QLatin1String("regression") && task != QLatin1String("probe"));
  saveState_->setEnabled(!pet);
  if (demos_) {
    train::TrainRequest probe;
    probe.method = m.toStdString();
    const std::string why =
        pet ? std::string("PET/iPET takes no demonstrations") : train::demonstrationsUnsupported(probe);
    demos_->setUnavailable(QString::fromStdString(why));
  }
  // A prompt is kilobytes; the weights of prompt-ft / fine-tune are the size of the model, per seed.
  if (!saveStateChosen_)
    saveState_->setChecked(m != QLatin1String("prompt-ft") && m != QLatin1String("fine-tune"));
  if (!preset_->currentData().toString().isEmpty()) applyPreset();
}

void TrainView::enqueue() {
  try {
    if (method_->currentData().toString() == QLatin1String("pet")) {
      enqueuePet(requestFromForm());
      return;
    }
    const train::TrainRequest r = requestFromForm();
    train::validateRequest(r);
    Job job;
    job.request = r;
    job.label =
        tr("%1 · %2 × %3 · K=%4 · %n seed(s) · %5 steps", nullptr, int(r.seeds.size()))
            .arg(method_->currentData().toString(), template_->currentText(), verbalizer_->currentText())
            .arg(r.k)
            .arg(r.steps);
    job.state = tr("queued");
    jobs_ << job;
    refreshQueueTable();
    status_->setText(tr("Queued. Press Start to train the queue."));
  } catch (...) {
    status_->setText(tr("✘ %1").arg(describeException(std::current_exception())));
  }
}

void TrainView::startQueue() {
  if (isRunning()) return;
  bool pending = false;
  for (const auto& j : jobs_) pending |= j.state == tr("queued");
  if (!pending) {
    enqueue();
    for (const auto& j : jobs_) pending |= j.state == tr("queued");
    if (!pending) return;
  }
  stopQueue_ = false;
  startNext();
}

void TrainView::cancel() {
  stopQueue_ = true;
  if (isRunning()) {
    runner_->cancel();
    petRunner_->cancel();
    status_->setText(tr("Cancelling after the current step…"));
  }
}

void TrainView::startNext() {
  currentJob_ = -1;
  for (int i = 0; i < jobs_.size(); ++i)
    if (jobs_[i].state == tr("queued")) {
      currentJob_ = i;
      break;
    }
  if (currentJob_ < 0 || stopQueue_) {
    startButton_->setEnabled(true);
    cancelButton_->setEnabled(false);
    emit queueFinished();
    return;
  }
  Job& job = jobs_[currentJob_];
  plot_->clearGraphs();
  plot_->legend->clearItems();
  lossGraphs_.clear();
  smoothGraphs_.clear();
  smoothers_.clear();
  devGraphs_.clear();
  lossLow_ = INFINITY;
  lossHigh_ = -INFINITY;
  seedCount_ = int(job.request.seeds.size());
  currentSeed_ = 0;
  progress_->setValue(0);
  eta_->clear();
  if (job.isPet) {
    if (startPet(currentJob_)) return;
    startNext();
    return;
  }
  QString error;
  if (!runner_->start(job.request, &error)) {
    job.state = tr("failed");
    job.result = error;
    status_->setText(tr("✘ %1").arg(error));
    refreshQueueTable();
    startNext();
    return;
  }
  job.state = tr("running");
  refreshQueueTable();
  startButton_->setEnabled(false);
  cancelButton_->setEnabled(true);
  status_->setText(tr("Training %1…").arg(job.label));
  log_->appendPlainText(tr("== %1").arg(job.label));
}

void TrainView::onFinished(const train::TrainResult& result) {
  results_ << result;
  if (!result.device.empty())
    status_->setToolTip(tr("Last run trained on %1.").arg(QString::fromStdString(result.device)));
  if (currentJob_ >= 0) {
    Job& job = jobs_[currentJob_];
    job.state = QString::fromLatin1(train::statusName(result.status));
    const bool regression = !result.seeds.empty() && result.seeds.front().regression;
    if (job.request.task == "probe" && result.summary.runs > 0)
      job.result = tr("P@1 %1 (%2), n=%3")
                       .arg(result.summary.mean * 100, 0, 'f', 1)
                       .arg(result.summary.populationStd * 100, 0, 'f', 1)
                       .arg(result.summary.runs);
    else if (regression && result.summary.runs > 0)
      job.result = tr("Pearson %1 (%2), n=%3")
                       .arg(result.summary.mean, 0, 'f', 4)
                       .arg(result.summary.populationStd, 0, 'f', 4)
                       .arg(result.summary.runs);
    else if (!result.seeds.empty() && result.seeds.front().multilabel && result.summary.runs > 0)
      job.result = tr("micro-F1 %1 (%2), n=%3")
                       .arg(result.summary.mean * 100, 0, 'f', 1)
                       .arg(result.summary.populationStd * 100, 0, 'f', 1)
                       .arg(result.summary.runs);
    else
      job.result = result.summary.runs > 0 ? QStringLiteral("%1 (%2), n=%3")
                                                 .arg(result.summary.mean * 100, 0, 'f', 1)
                                                 .arg(result.summary.populationStd * 100, 0, 'f', 1)
                                                 .arg(result.summary.runs)
                                           : QString::fromStdString(result.message);
  }
  refreshQueueTable();
  if (result.status == train::RunStatus::Finished) {
    progress_->setValue(1000);
    const bool regression = !result.seeds.empty() && result.seeds.front().regression;
    const bool multilabel = !result.seeds.empty() && result.seeds.front().multilabel;
    const bool probe = currentJob_ >= 0 && jobs_[currentJob_].request.task == "probe";
    status_->setText((regression || multilabel || probe
                          ? tr("✔ Finished in %1 s: test %2 (population std). Recorded in the project.")
                          : tr("✔ Finished in %1 s: test accuracy %2 (population std). Recorded in the "
                               "project."))
                         .arg(result.seconds, 0, 'f', 1)
                         .arg(currentJob_ >= 0 ? jobs_[currentJob_].result : QString()));
  } else {
    status_->setText(tr("%1: %2").arg(QString::fromLatin1(train::statusName(result.status)),
                                      QString::fromStdString(result.message)));
  }
  emit runFinished(result);
  startNext();
}

void TrainView::refreshQueueTable() {
  queue_->setRowCount(int(jobs_.size()));
  for (int i = 0; i < jobs_.size(); ++i) {
    auto* label = new QTableWidgetItem(jobs_[i].label);
    label->setToolTip(jobs_[i].label);  // elided in narrow windows
    queue_->setItem(i, 0, label);
    queue_->setItem(i, 1, new QTableWidgetItem(jobs_[i].state));
    queue_->setItem(i, 2, new QTableWidgetItem(jobs_[i].result));
    queue_->item(i, 2)->setToolTip(jobs_[i].result);
  }
}

}  // namespace pwb::ui
