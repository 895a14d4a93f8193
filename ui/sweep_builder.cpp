#include "sweep_builder.h"

#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QVBoxLayout>
#include <cmath>

#include "common/error.h"
#include "data/dataset.h"
#include "project.h"
#include "sweep/sweep_cost.h"
#include "sweep/sweep_expand.h"
#include "sweep/sweep_spec.h"

namespace pwb::ui {

namespace {

const std::pair<const char*, const char*> kMethods[] = {
    {"prompt-ft", QT_TRANSLATE_NOOP("SweepBuilder", "Prompt-based fine-tuning")},
    {"prompt-tuning", QT_TRANSLATE_NOOP("SweepBuilder", "Prompt tuning")},
    {"p-tuning", QT_TRANSLATE_NOOP("SweepBuilder", "P-tuning v1")},
    {"p-tuning-v2", QT_TRANSLATE_NOOP("SweepBuilder", "P-tuning v2")},
    {"fine-tune", QT_TRANSLATE_NOOP("SweepBuilder", "Fine-tuning ([CLS] head)")}};

QListWidget* checkList(QWidget* parent, const char* objectName) {
  auto* list = new QListWidget(parent);
  list->setObjectName(QString::fromLatin1(objectName));
  list->setMaximumHeight(96);
  return list;
}

void addCheckItem(QListWidget* list, const QString& text, const QString& value, const QString& tip,
                  bool checked) {
  auto* item = new QListWidgetItem(text, list);
  item->setData(Qt::UserRole, value);
  item->setToolTip(tip);
  item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
  item->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
}

std::vector<std::string> checkedValues(const QListWidget* list) {
  std::vector<std::string> out;
  for (int i = 0; i < list->count(); ++i)
    if (list->item(i)->checkState() == Qt::Checked)
      out.push_back(list->item(i)->data(Qt::UserRole).toString().toStdString());
  return out;
}

// "1e-5, 2e-5 5e-5" → numbers; the field's name in the error.
nlohmann::json numberList(const QLineEdit* edit, const char* field, bool integers) {
  nlohmann::json out = nlohmann::json::array();
  for (const QString& s :
       edit->text().split(QRegularExpression(QStringLiteral("[,;\\s]+")), Qt::SkipEmptyParts)) {
    bool ok = false;
    if (integers) {
      const qlonglong v = s.toLongLong(&ok);
      if (!ok) throw Error(std::string(field) + ": '" + s.toStdString() + "' is not a whole number");
      out.push_back(v);
    } else {
      const double v = s.toDouble(&ok);
      if (!ok || !std::isfinite(v))
        throw Error(std::string(field) + ": '" + s.toStdString() + "' is not a number");
      out.push_back(v);
    }
  }
  if (out.empty()) throw Error(std::string(field) + ": give at least one value");
  return out;
}

QString duration(double seconds) {
  if (seconds < 90) return QObject::tr("%1 s").arg(seconds, 0, 'f', 0);
  if (seconds < 5400) return QObject::tr("%1 min").arg(seconds / 60, 0, 'f', 0);
  return QObject::tr("%1 h").arg(seconds / 3600, 0, 'f', 1);
}

}  // namespace

SweepBuilder::SweepBuilder(Project* project, QWidget* parent) : QWidget(parent), project_(project) {
  setObjectName(QStringLiteral("sweepBuilder"));
  auto* form = new QFormLayout;
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  name_ = new QLineEdit(QStringLiteral("sweep"), this);
  name_->setObjectName(QStringLiteral("sweepName"));
  form->addRow(tr("Name"), name_);
  train_ = new QComboBox(this);
  test_ = new QComboBox(this);
  train_->setToolTip(tr("K-shot train and dev examples are drawn from this data set."));
  form->addRow(tr("Train data"), train_);
  form->addRow(tr("Test data"), test_);
  methods_ = checkList(this, "sweepMethods");
  for (const auto& [id, title] : kMethods)
    addCheckItem(methods_, tr(title), QString::fromLatin1(id), QString::fromLatin1(id),
                 QLatin1String(id) == QLatin1String("prompt-ft"));
  form->addRow(tr("Methods"), methods_);
  templates_ = checkList(this, "sweepTemplates");
  form->addRow(tr("Templates"), templates_);
  verbalizers_ = checkList(this, "sweepVerbalizers");
  form->addRow(tr("Verbalizers"), verbalizers_);
  auto list = [this](const QString& text, const QString& tip) {
    auto* e = new QLineEdit(text, this);
    e->setToolTip(tip);
    return e;
  };
  seeds_ = list(QStringLiteral("13, 21, 42"), tr("The runs' seeds (each configuration runs once per seed)"));
  k_ = list(QStringLiteral("16"), tr("Examples per class (K-shot), one or more"));
  lr_ = list(QStringLiteral("1e-5, 2e-5, 5e-5"), tr("Learning rates (LM-BFF: 1e-5, 2e-5, 5e-5)"));
  batch_ = list(QStringLiteral("2, 4, 8"), tr("Batch sizes (LM-BFF: 2, 4, 8)"));
  promptLength_ = list(QStringLiteral("8"),
                       tr("Soft-prompt length (prompt tuning, P-tuning) and prefix length (P-tuning v2)"));
  form->addRow(tr("Seeds"), seeds_);
  form->addRow(tr("K"), k_);
  form->addRow(tr("Learning rates"), lr_);
  form->addRow(tr("Batch sizes"), batch_);
  form->addRow(tr("Prompt length"), promptLength_);
  steps_ = new QSpinBox(this);
  steps_->setRange(1, 1000000);
  steps_->setValue(100);
  evalEvery_ = new QSpinBox(this);
  evalEvery_->setRange(0, 1000000);
  evalEvery_->setValue(20);
  evalEvery_->setToolTip(
      tr("Dev evaluation period in steps: the dev accuracy that picks the best configuration"));
  form->addRow(tr("Steps"), steps_);
  form->addRow(tr("Dev every"), evalEvery_);
  mode_ = new QComboBox(this);
  mode_->setObjectName(QStringLiteral("sweepMode"));
  mode_->addItem(tr("Grid"), QStringLiteral("grid"));
  mode_->addItem(tr("Random"), QStringLiteral("random"));
  mode_->setToolTip(tr("Grid: every combination. Random: count of them, drawn with the seed."));
  count_ = new QSpinBox(this);
  count_->setRange(1, 1000000);
  count_->setValue(20);
  count_->setPrefix(tr("count "));
  drawSeed_ = new QSpinBox(this);
  drawSeed_->setRange(0, 1000000000);
  drawSeed_->setPrefix(tr("seed "));
  drawSeed_->setToolTip(tr("Seed of the random draw (not the runs' seeds)"));
  form->addRow(tr("Mode"), mode_);
  auto* drawRow = new QHBoxLayout;
  drawRow->addWidget(count_);
  drawRow->addWidget(drawSeed_);
  form->addRow(QString(), drawRow);

  result_ = new QLabel(this);
  result_->setObjectName(QStringLiteral("sweepPlan"));
  result_->setWordWrap(true);
  result_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  auto* save = new QPushButton(tr("Save Sweep File…"), this);
  save->setObjectName(QStringLiteral("saveSweep"));
  connect(save, &QPushButton::clicked, this, &SweepBuilder::saveAs);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(form);
  layout->addWidget(result_);
  auto* buttons = new QHBoxLayout;
  buttons->addStretch(1);
  buttons->addWidget(save);
  layout->addLayout(buttons);
  layout->addStretch(1);

  for (QLineEdit* e : {name_, seeds_, k_, lr_, batch_, promptLength_})
    connect(e, &QLineEdit::textChanged, this, &SweepBuilder::check);
  for (QSpinBox* s : {steps_, evalEvery_, count_, drawSeed_})
    connect(s, &QSpinBox::valueChanged, this, &SweepBuilder::check);
  for (QComboBox* c : {train_, test_, mode_})
    connect(c, &QComboBox::currentIndexChanged, this, &SweepBuilder::check);
  for (QListWidget* l : {methods_, templates_, verbalizers_})
    connect(l, &QListWidget::itemChanged, this, &SweepBuilder::check);
  connect(mode_, &QComboBox::currentIndexChanged, this, [this]() {
    count_->setEnabled(mode_->currentIndex() == 1), drawSeed_->setEnabled(mode_->currentIndex() == 1);
  });
  count_->setEnabled(false);
  drawSeed_->setEnabled(false);
  connect(project_, &Project::templatesChanged, this, &SweepBuilder::reloadProject);
  connect(project_, &Project::verbalizersChanged, this, &SweepBuilder::reloadProject);
  connect(project_, &Project::datasetsChanged, this, &SweepBuilder::reloadProject);
  connect(project_, &Project::opened, this, &SweepBuilder::reloadProject);
  reloadProject();
}

void SweepBuilder::reloadProject() {
  const QSignalBlocker b1(templates_), b2(verbalizers_), b3(train_), b4(test_);
  // Keep what was checked (by value) across reloads; the first entry is checked in a new list.
  auto refill = [](QListWidget* list, const QList<std::pair<QString, QString>>& items) {
    QStringList checked;
    for (int i = 0; i < list->count(); ++i)
      if (list->item(i)->checkState() == Qt::Checked) checked << list->item(i)->data(Qt::UserRole).toString();
    const bool fresh = list->count() == 0;
    list->clear();
    for (int i = 0; i < items.size(); ++i)
      addCheckItem(list, items[i].first, items[i].second, items[i].second,
                   checked.contains(items[i].second) || (fresh && i == 0));
  };
  QList<std::pair<QString, QString>> items;
  for (const auto& t : project_->templates()) items.append({t.name, t.text});
  refill(templates_, items);
  items.clear();
  for (const auto& v : project_->verbalizers()) items.append({v.name, v.toSpec()});
  refill(verbalizers_, items);
  const QString trainWas = train_->currentData().toString(), testWas = test_->currentData().toString();
  train_->clear();
  test_->clear();
  int trainGuess = -1, testGuess = -1;
  for (int i = 0; i < project_->datasets().size(); ++i) {
    const auto& d = project_->datasets()[i];
    train_->addItem(d.name, i);
    test_->addItem(d.name, i);
    train_->setItemData(i, d.path, Qt::ToolTipRole);
    test_->setItemData(i, d.path, Qt::ToolTipRole);
    if (d.name == trainWas ||
        (trainGuess < 0 && d.name.contains(QLatin1String("train"), Qt::CaseInsensitive)))
      trainGuess = i;
    if (d.name == testWas || (testGuess < 0 && d.name.contains(QLatin1String("test"), Qt::CaseInsensitive)))
      testGuess = i;
  }
  train_->setCurrentIndex(std::max(0, trainGuess));
  test_->setCurrentIndex(std::max(0, testGuess));
  check();
}

void SweepBuilder::setDatasets(int train, int test) {
  train_->setCurrentIndex(train);
  test_->setCurrentIndex(test);
}

nlohmann::json SweepBuilder::sweepJson() const {
  const std::string name = name_->text().trimmed().toStdString();
  if (name.empty()) throw Error("name: give the sweep a name");
  if (project_->modelDir().isEmpty()) throw Error("no model is chosen: use File ▸ Choose Model");
  const int tr_ = train_->currentIndex(), te = test_->currentIndex();
  if (tr_ < 0 || te < 0 || tr_ >= project_->datasets().size() || te >= project_->datasets().size())
    throw Error("no data set: import the training and test data in the Project view");
  const auto& trainSet = project_->datasets()[tr_];
  const auto& testSet = project_->datasets()[te];
  nlohmann::json fixed = {{"model", project_->modelDir().toStdString()},
                          {"train", trainSet.path.toStdString()},
                          {"test", testSet.path.toStdString()},
                          {"train-format", trainSet.format.toStdString()},
                          {"test-format", testSet.format.toStdString()},
                          {"steps", steps_->value()},
                          {"eval-every", evalEvery_->value()}};
  const auto methods = checkedValues(methods_);
  if (methods.empty()) throw Error("methods: pick at least one method");
  nlohmann::json axes = {{"method", methods}};
  const auto has = [&](const char* m) {
    return std::find(methods.begin(), methods.end(), m) != methods.end();
  };
  const bool usesTemplate = methods.size() > size_t(has("fine-tune"));
  if (usesTemplate) {
    const auto templates = checkedValues(templates_);
    if (templates.empty())
      throw Error("templates: pick at least one template (add one in the Templates view)");
    axes["template"] = templates;
    const auto verbalizers = checkedValues(verbalizers_);
    if (verbalizers.empty())
      throw Error("verbalizers: pick at least one verbalizer (add one in the Verbalizers view)");
    axes["verbalizer"] = verbalizers;
  }
  axes["k"] = numberList(k_, "K", true);
  axes["lr"] = numberList(lr_, "learning rates", false);
  axes["batch"] = numberList(batch_, "batch sizes", true);
  // One prompt-length field for both settings: soft tokens for the prompt-vector methods, the prefix
  // length for P-tuning v2 (an axis only for the methods it applies to, see SWEEPS.md).
  if (has("prompt-tuning") || has("p-tuning"))
    axes["soft-tokens"] = numberList(promptLength_, "prompt length", true);
  if (has("p-tuning-v2")) axes["prefix-length"] = numberList(promptLength_, "prompt length", true);
  axes["seed"] = numberList(seeds_, "seeds", true);
  nlohmann::json spec = {{"name", name},
                         {"mode", mode_->currentData().toString().toStdString()},
                         {"fixed", fixed},
                         {"axes", axes}};
  if (mode_->currentIndex() == 1) {
    spec["count"] = count_->value();
    spec["seed"] = drawSeed_->value();
  }
  return spec;
}

void SweepBuilder::check() {
  runCount_ = -1;
  seconds_ = 0;
  try {
    const nlohmann::json j = sweepJson();
    const auto spec = sweep::parseSweepText(j.dump(2), "sweep builder");
    const auto tasks = sweep::expandSweep(spec);
    runCount_ = int64_t(tasks.size());
    int64_t testRows = 0;
    const int te = test_->currentIndex();
    if (te >= 0 && te < project_->datasets().size() && project_->datasets()[te].data)
      testRows = int64_t(project_->datasets()[te].data->examples.size());
    for (const auto& t : tasks) seconds_ += sweep::estimateTask(t, spec, testRows).total();
    summary_ =
        tr("%n run(s); estimated %1 of training and evaluation on one worker (%2).", nullptr, int(runCount_))
            .arg(duration(seconds_), QString::fromStdString(sweep::builtinCostFigures().source));
    if (runCount_ > spec.maxRuns)
      summary_ +=
          QLatin1Char(' ') + tr("More than %1 runs: running asks for confirmation.").arg(spec.maxRuns);
  } catch (const std::exception& e) {
    summary_ = tr("✘ %1").arg(QString::fromStdString(e.what()));
  }
  result_->setText(summary_);
  emit changed();
}

QString SweepBuilder::summary() const {
  return summary_;
}

QString SweepBuilder::saveTo(const QString& path) const {
  std::string text;
  try {
    text = sweepJson().dump(2) + "\n";
  } catch (const std::exception& e) {
    return QString::fromStdString(e.what());
  }
  QFile file(path);
  if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
      file.write(text.data(), qint64(text.size())) != qint64(text.size()))
    return tr("Could not write %1: %2").arg(path, file.errorString());
  return {};
}

void SweepBuilder::saveAs() {
  const QString path = QFileDialog::getSaveFileName(this, tr("Save Sweep File"), name_->text() + ".json",
                                                    tr("Sweep files (*.json)"));
  if (path.isEmpty()) return;
  const QString error = saveTo(path);
  if (!error.isEmpty()) QMessageBox::warning(this, tr("Save Sweep File"), error);
}

}  // namespace pwb::ui
