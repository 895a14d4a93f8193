// TrainView's form: the task, dataset and method choices, presets, the device line, the setters tests and
// the tour use, and requestFromForm() — the train::TrainRequest the queue runs.
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
#include "train_view.h"

namespace pwb::ui {

QString TrainView::deviceInfoText() const {
  return deviceInfo_->text();
}

void TrainView::showDeviceReport(const model::DeviceReport& r) {
  auto* items = qobject_cast<QStandardItemModel*>(device_->model());
  const int cudaRow = device_->findData(QStringLiteral("cuda"));
  QStringList lines;
  lines << tr("LibTorch %1 · %n CPU thread(s)", nullptr, r.cpuThreads)
               .arg(QString::fromStdString(r.torchVersion).toHtmlEscaped());
  lines << (r.blasCore.empty()
                ? tr("BLAS: not OpenBLAS")
                : tr("OpenBLAS kernels: %1").arg(QString::fromStdString(r.blasCore).toHtmlEscaped()));
  QString cudaTip;
  if (r.cudaAvailable && r.cudaDeviceCount > 0) {
    QStringList names;
    for (const auto& d : r.cudaDevices) {
      QString n = QStringLiteral("cuda:%1 %2").arg(d.index).arg(QString::fromStdString(d.name));
      if (d.memoryGiB > 0) n += tr(" (%1 GiB)").arg(d.memoryGiB, 0, 'f', 0);
      names << n;
    }
    lines << tr("CUDA: %n device(s): %1", nullptr, r.cudaDeviceCount)
                 .arg(names.join(QStringLiteral(", ")).toHtmlEscaped());
    cudaTip = names.join(QLatin1Char('\n'));
  } else {
    cudaTip = r.cudaBuilt ? tr("No CUDA GPU or driver was found: training runs on the CPU.")
                          : tr("This LibTorch was built without CUDA: training runs on the CPU.");
    lines << tr("CUDA: not available");
  }
  const QString cpuBf16 = r.cpuBf16Native ? tr("native on this CPU")
                          : r.cpuBf16     ? tr("emulated on this CPU (slow)")
                                          : tr("not on this CPU");
  lines << (r.cudaBf16 ? tr("bf16: %1; CUDA autocast available") : tr("bf16: %1; no CUDA autocast"))
               .arg(cpuBf16);
  bf16_->setToolTip(
      tr("Mixed precision for training and its evaluations; the run records the choice and its accuracy "
         "may differ slightly from fp32.\nOn a CUDA GPU: bf16 autocast.\nOn the CPU: the encoder's matrix "
         "products in bf16 with fp32 accumulation; the weights and everything else stay fp32. %1")
          .arg(r.cpuBf16Native
                   ? tr("This CPU has native bf16 instructions: training steps run about 1.7-1.9x faster.")
                   : tr("This CPU has no AVX512-BF16 or AMX: bf16 is emulated and slower than fp32 here.")));
  // Engine and CPU on the first line, GPU and bf16 on the second.
  deviceInfo_->setText(QStringLiteral("<span style='opacity:0.8'>%1 · %2<br>%3 · %4</span>")
                           .arg(lines[0], lines[1], lines[2], lines[3]));
  deviceInfo_->setToolTip(QString::fromStdString(model::deviceReportText(r)));
  if (items && cudaRow >= 0) {
    const bool usable = r.cudaAvailable && r.cudaDeviceCount > 0;
    QStandardItem* item = items->item(cudaRow);
    item->setEnabled(usable);
    item->setToolTip(cudaTip);
    if (!usable && device_->currentIndex() == cudaRow) device_->setCurrentIndex(0);
  }
  emit deviceReportShown();
}

QString TrainView::statusText() const {
  return status_->text();
}
bool TrainView::isRunning() const {
  return runner_->isRunning() || petRunner_->isRunning();
}

void TrainView::setMethod(const QString& method) {
  method_->setCurrentIndex(method_->findData(method));
}
void TrainView::setSteps(int steps, int evalEvery) {
  steps_->setValue(steps);
  evalEvery_->setValue(evalEvery);
}
void TrainView::setK(int k) {
  k_->setValue(k);
}
void TrainView::setSeeds(const QString& seeds) {
  seeds_->setText(seeds);
}
void TrainView::setBatchSize(int batch) {
  batch_->setValue(batch);
}
void TrainView::setMaxLength(int tokens) {
  maxLength_->setValue(tokens);
}
void TrainView::setSoftTokens(int count) {
  softTokens_->setValue(count);
}
void TrainView::setModelOverride(const QString& modelDir) {
  modelOverride_ = modelDir;
}
void TrainView::setDevice(const QString& device) {
  device_->setCurrentIndex(device_->findData(device));
}
bool TrainView::savesState() const {
  return saveState_->isChecked();
}
void TrainView::setSaveState(bool save) {
  saveStateChosen_ = true;
  saveState_->setChecked(save);
}
void TrainView::setDatasets(int train, int test) {
  train_->setCurrentIndex(train);
  test_->setCurrentIndex(test);
}

void TrainView::refreshChoices() {
  auto refill = [](QComboBox* box, const QStringList& names, const QStringList& tips, int preferred) {
    const QString keep = box->currentText();
    QSignalBlocker block(box);
    box->clear();
    for (int i = 0; i < names.size(); ++i) {
      box->addItem(names[i]);
      box->setItemData(i, tips[i], Qt::ToolTipRole);
    }
    const int i = box->findText(keep);
    box->setCurrentIndex(i >= 0 ? i : std::min(preferred, int(names.size()) - 1));
  };
  QStringList names, tips;
  for (const auto& t : project_->templates()) names << t.name, tips << t.text;
  refill(template_, names, tips, 0);
  names.clear(), tips.clear();
  for (const auto& v : project_->verbalizers()) names << v.name, tips << v.toSpec();
  refill(verbalizer_, names, tips, 0);
  names.clear(), tips.clear();
  int trainGuess = 0, testGuess = 0;
  for (int i = 0; i < project_->datasets().size(); ++i) {
    const auto& d = project_->datasets()[i];
    names << d.name, tips << d.path;
    if (d.name.contains(QLatin1String("train"), Qt::CaseInsensitive)) trainGuess = i;
    if (d.name.contains(QLatin1String("test"), Qt::CaseInsensitive)) testGuess = i;
  }
  refill(train_, names, tips, trainGuess);
  refill(test_, names, tips, testGuess);
  refill(dev_, names, tips, testGuess);
}

void TrainView::applyPreset() {
  const QString preset = preset_->currentData().toString();
  if (preset.isEmpty()) return;
  train::TrainRequest r;
  r.method = method_->currentData().toString().toStdString();
  r.k = k_->value();
  r.steps = steps_->value();
  r.batchSize = batch_->value();
  r.lr = lr_->text().toDouble();
  r.evalEvery = evalEvery_->value();
  try {
    train::applyPreset(preset.toStdString(), r);
  } catch (const Error& e) {
    status_->setText(tr("✘ %1").arg(QString::fromStdString(e.what())));
    return;
  }
  k_->setValue(r.k);
  steps_->setValue(r.steps);
  batch_->setValue(r.batchSize);
  lr_->setText(QString::number(r.lr));
  evalEvery_->setValue(r.evalEvery);
  warmup_->setValue(r.warmupRatio);
  weightDecay_->setValue(r.weightDecay);
  softTokens_->setValue(r.options.numSoftTokens);
  prefixLength_->setValue(r.options.prefixLength);
  QString note = tr("Preset applied.");
  if (!r.lrGrid.empty()) {
    QStringList lrs, bs;
    for (double v : r.lrGrid) lrs << QString::number(v);
    for (int v : r.batchGrid) bs << QString::number(v);
    note += tr(" Grid per seed: lr {%1}%2, best dev wins.")
                .arg(lrs.join(QStringLiteral(", ")),
                     bs.isEmpty() ? QString() : tr(" × batch {%1}").arg(bs.join(QStringLiteral(", "))));
  }
  status_->setText(note);
}

train::TrainRequest TrainView::requestFromForm() const {
  train::TrainRequest r;
  r.modelDir = (modelOverride_.isEmpty() ? project_->modelDir() : modelOverride_).toStdString();
  if (r.modelDir.empty()) throw Error("no model is chosen: use File ▸ Choose Model");
  r.method = method_->currentData().toString().toStdString();
  const int t = template_->currentIndex(), v = verbalizer_->currentIndex();
  if (t < 0 || t >= project_->templates().size()) throw Error("no template: add one in the Templates view");
  r.templateText = project_->templates()[t].text.toStdString();
  r.task = task_->currentData().toString().toStdString();
  if (r.task == "regression") {
    // The poles replace the verbalizer (the run records the two-pole verbalizer made from them).
    r.poles = poles_->text().trimmed().toStdString();
    r.targetColumn = target_->text().trimmed().toStdString();
    r.verbalizer.clear();
  } else if (r.task == "multilabel" && multiLabel_->yesNo()) {
    // The yes/no scheme scores the words yes/no (TrainRequest::multilabel.yesNoWords), no verbalizer.
    multiLabel_->apply(r);
    r.targetColumn = target_->text().trimmed().toStdString();
  } else if (r.task == "probe") {
    // The whole vocabulary is the target: no verbalizer (train/probe_task.h).
    r.verbalizer.clear();
  } else {
    if (r.task == "multilabel") {
      multiLabel_->apply(r);
      r.targetColumn = target_->text().trimmed().toStdString();  // the labels' column
    }
    if (v < 0 || v >= project_->verbalizers().size())
      throw Error("no verbalizer: add one in the Verbalizers view");
    r.verbalizer = project_->verbalizers()[v].toSpec().toStdString();
  }
  const int tr_ = train_->currentIndex(), te = test_->currentIndex();
  if (tr_ < 0 || te < 0 || tr_ >= project_->datasets().size() || te >= project_->datasets().size())
    throw Error("no data set: import the training and test data in the Project view");
  r.trainPath = project_->datasets()[tr_].path.toStdString();
  r.trainFormat = project_->datasets()[tr_].format.toStdString();
  r.testPath = project_->datasets()[te].path.toStdString();
  r.testFormat = project_->datasets()[te].format.toStdString();
  if (r.task == "probe") {
    const int d = dev_->currentIndex();
    if (d < 0 || d >= project_->datasets().size()) throw Error("knowledge probing needs a dev data set");
    r.devPath = project_->datasets()[d].path.toStdString();
    r.devFormat = project_->datasets()[d].format.toStdString();
    // The answer column the training set was imported with (its label column), for all three files.
    r.targetColumn = project_->datasets()[tr_].options.labelColumn;
  }
  r.k = k_->value();
  r.seeds.clear();
  for (const QString& s :
       seeds_->text().split(QRegularExpression(QStringLiteral("[,;\\s]+")), Qt::SkipEmptyParts)) {
    bool ok = false;
    const qlonglong seed = s.toLongLong(&ok);
    if (!ok) throw Error("seeds: '" + s.toStdString() + "' is not a whole number (write e.g. 13, 21, 42)");
    r.seeds.push_back(seed);
  }
  if (r.seeds.empty()) throw Error("seeds: give at least one seed");
  r.steps = steps_->value();
  r.batchSize = batch_->value();
  bool ok = false;
  r.lr = lr_->text().toDouble(&ok);
  if (!ok || r.lr <= 0)
    throw Error("learning rate: '" + lr_->text().toStdString() + "' is not a positive number");
  r.evalEvery = evalEvery_->value();
  r.warmupRatio = warmup_->value();
  r.weightDecay = weightDecay_->value();
  r.maxLength = maxLength_->value();
  r.options.numSoftTokens = softTokens_->value();
  r.options.prefixLength = prefixLength_->value();
  r.demos = demos_->options();
  const QString preset = preset_->currentData().toString();
  if (!preset.isEmpty()) {
    // Grids of the preset (lr x batch) are not in the form: take them from the preset itself.
    train::TrainRequest p = r;
    train::applyPreset(preset.toStdString(), p);
    r.lrGrid = p.lrGrid;
    r.batchGrid = p.batchGrid;
  }
  r.device = device_->currentData().toString().toStdString();
  r.bf16 = bf16_->isChecked();
  r.dbPath = project_->path().toStdString();
  if (saveState_->isChecked() && !project_->path().isEmpty()) {
    // <project>-prompts/<time>/<method>-seed<S>/: one folder per queued run, found again through the
    // run store's "train-state" artifact.
    const QFileInfo file(project_->path());
    const QString folder =
        file.dir().filePath(file.completeBaseName() + QStringLiteral("-prompts/") +
                            QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz")));
    r.outputDir = QDir::toNativeSeparators(folder).toStdString();
  }
  return r;
}

void TrainView::taskChanged() {
  const bool regression = task_->currentData().toString() == QLatin1String("regression");
  const bool multilabel = task_->currentData().toString() == QLatin1String("multilabel");
  const bool probe = task_->currentData().toString() == QLatin1String("probe");
  poles_->setEnabled(regression);
  target_->setEnabled(regression || multilabel);  // multi-label: the labels' column
  multiLabel_->setEnabled(multilabel);
  dev_->setEnabled(probe);
  k_->setEnabled(!probe);  // probing trains on the whole training set
  verbalizer_->setEnabled(!regression && !probe && !(multilabel && multiLabel_->yesNo()) &&
                          method_->currentData().toString() != QLatin1String("pet"));
  // The right axis shows dev Pearson x 100 for regression (it may be negative), dev micro-F1 for
  // multi-label, dev P@1 for probing, dev accuracy otherwise.
  plot_->yAxis2->setLabel(regression   ? tr("dev Pearson (×100)")
                          : multilabel ? tr("dev micro-F1 (%)")
                          : probe      ? tr("dev P@1 (%)")
                                       : tr("dev accuracy (%)"));
  plot_->yAxis2->setRange(regression ? -100 : 0, 100);
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace pwb::ui
