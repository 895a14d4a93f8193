#include "pet_panel.h"

#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QListWidget>
#include <QSpinBox>

#include "common/error.h"
#include "project.h"

namespace pwb::ui {
namespace {

QStringList checkedNames(const QListWidget* list) {
  QStringList out;
  for (int i = 0; i < list->count(); ++i)
    if (list->item(i)->checkState() == Qt::Checked) out << list->item(i)->text();
  return out;
}

void checkByName(QListWidget* list, const QStringList& names) {
  for (int i = 0; i < list->count(); ++i)
    list->item(i)->setCheckState(names.contains(list->item(i)->text()) ? Qt::Checked : Qt::Unchecked);
}

}  // namespace

PetPanel::PetPanel(Project* project, QWidget* parent)
    : QGroupBox(tr("PET / iPET"), parent), project_(project) {
  setObjectName(QStringLiteral("petPanel"));
  auto* form = new QFormLayout(this);
  form->setVerticalSpacing(4);
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  templates_ = new QListWidget(this);
  templates_->setObjectName(QStringLiteral("petTemplates"));
  templates_->setToolTip(
      tr("Every checked template is paired with every checked verbalizer; each pair is "
         "trained with prompt-based fine-tuning (a run each)."));
  verbalizers_ = new QListWidget(this);
  verbalizers_->setObjectName(QStringLiteral("petVerbalizers"));
  verbalizers_->setToolTip(tr("All checked verbalizers must name the same labels."));
  for (QListWidget* l : {templates_, verbalizers_}) l->setMaximumHeight(96);
  form->addRow(tr("Templates"), templates_);
  form->addRow(tr("Verbalizers"), verbalizers_);
  train::pet::PetRequest defaults;
  poolSize_ = new QSpinBox(this);
  poolSize_->setRange(0, 10000000);
  poolSize_->setValue(defaults.poolSize);
  poolSize_->setSpecialValueText(tr("all"));
  poolSize_->setToolTip(
      tr("Unlabeled examples the members label: the training data set without the K-shot "
         "examples, shuffled with the seed and cut to this many rows."));
  form->addRow(tr("Unlabeled pool"), poolSize_);
  temperature_ = new QDoubleSpinBox(this);
  temperature_->setRange(0.05, 100);
  temperature_->setSingleStep(0.5);
  temperature_->setValue(defaults.temperature);
  temperature_->setToolTip(tr("Soft labels are softmax(ensemble logits / T); PET uses T = 2."));
  form->addRow(tr("Temperature"), temperature_);
  weighting_ = new QComboBox(this);
  weighting_->addItem(tr("PET: accuracy on the training set before training"), QStringLiteral("pet"));
  weighting_->addItem(tr("Uniform"), QStringLiteral("uniform"));
  form->addRow(tr("Ensemble weights"), weighting_);
  generations_ = new QSpinBox(this);
  generations_->setObjectName(QStringLiteral("petGenerations"));
  generations_->setRange(1, 20);
  generations_->setValue(defaults.generations);
  generations_->setToolTip(
      tr("1 = PET. More = iPET: each generation's members learn from examples the "
         "previous generation labelled."));
  form->addRow(tr("Generations"), generations_);
  growth_ = new QDoubleSpinBox(this);
  growth_->setRange(1, 100);
  growth_->setValue(defaults.growth);
  growth_->setToolTip(tr("iPET: the labelled set grows by this factor per generation (PET: 5)."));
  form->addRow(tr("iPET growth"), growth_);
  connect(generations_, &QSpinBox::valueChanged, this, [this](int g) { growth_->setEnabled(g > 1); });
  growth_->setEnabled(false);
  for (auto sig : {&Project::templatesChanged, &Project::verbalizersChanged, &Project::opened})
    connect(project_, sig, this, &PetPanel::refresh);
  refresh();
}

void PetPanel::refresh() {
  auto refill = [](QListWidget* list, const QStringList& names, const QStringList& tips, int checkFirst) {
    QStringList keep = checkedNames(list);
    const bool fresh = list->count() == 0;
    list->clear();
    for (int i = 0; i < names.size(); ++i) {
      auto* item = new QListWidgetItem(names[i], list);
      item->setToolTip(tips[i]);
      item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
      const bool on = fresh ? i < checkFirst : keep.contains(names[i]);
      item->setCheckState(on ? Qt::Checked : Qt::Unchecked);
    }
  };
  QStringList names, tips;
  for (const auto& t : project_->templates()) names << t.name, tips << t.text;
  refill(templates_, names, tips, 4);
  names.clear(), tips.clear();
  for (const auto& v : project_->verbalizers()) names << v.name, tips << v.toSpec();
  refill(verbalizers_, names, tips, 1);
}

int PetPanel::checkedPairs() const {
  return int(checkedNames(templates_).size() * checkedNames(verbalizers_).size());
}

void PetPanel::checkTemplates(const QStringList& names) {
  checkByName(templates_, names);
}

void PetPanel::checkVerbalizers(const QStringList& names) {
  checkByName(verbalizers_, names);
}

void PetPanel::setPoolSize(int rows) {
  poolSize_->setValue(rows);
}

void PetPanel::setGenerations(int generations) {
  generations_->setValue(generations);
}

train::pet::PetRequest PetPanel::request(const train::TrainRequest& base) const {
  train::pet::PetRequest r;
  r.base = base;
  r.base.method = "prompt-ft";
  r.base.outputDir.clear();
  for (int i = 0; i < templates_->count(); ++i)
    if (templates_->item(i)->checkState() == Qt::Checked && i < project_->templates().size())
      r.templates.push_back(project_->templates()[i].text.toStdString());
  for (int i = 0; i < verbalizers_->count(); ++i)
    if (verbalizers_->item(i)->checkState() == Qt::Checked && i < project_->verbalizers().size())
      r.verbalizers.push_back(project_->verbalizers()[i].toSpec().toStdString());
  if (r.templates.empty()) throw Error("PET: check at least one template");
  if (r.verbalizers.empty()) throw Error("PET: check at least one verbalizer");
  if (project_->path().isEmpty()) throw Error("PET stores its members as runs: save the project first");
  r.poolSize = poolSize_->value();
  r.temperature = temperature_->value();
  r.weighting = weighting_->currentData().toString().toStdString();
  r.generations = generations_->value();
  r.growth = growth_->value();
  // <project>-pet/<time>/: the job's work folder (members' logits and markers, soft labels, the classifier).
  const QFileInfo file(project_->path());
  r.workDir =
      QDir::toNativeSeparators(
          file.dir().filePath(file.completeBaseName() + QStringLiteral("-pet/") +
                              QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz"))))
          .toStdString();
  return r;
}

}  // namespace pwb::ui
