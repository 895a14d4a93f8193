#include "example_picker.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QRandomGenerator>
#include <QSpinBox>
#include <QToolButton>

#include "data/dataset.h"
#include "project.h"

namespace pwb::ui {

ExamplePicker::ExamplePicker(Project* project, QWidget* parent) : QWidget(parent), project_(project) {
  setObjectName(QStringLiteral("examplePicker"));
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(new QLabel(tr("Example"), this));
  spin_ = new QSpinBox(this);
  spin_->setObjectName(QStringLiteral("exampleIndex"));
  spin_->setMinimum(1);
  spin_->setKeyboardTracking(false);
  count_ = new QLabel(this);
  auto* random = new QToolButton(this);
  random->setText(tr("Random"));
  random->setToolTip(tr("Pick a random example (Ctrl+R)"));
  random->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
  text_ = new QLabel(this);
  text_->setObjectName(QStringLiteral("exampleText"));
  text_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  text_->setWordWrap(true);
  text_->setMinimumWidth(100);
  layout->addWidget(spin_);
  layout->addWidget(count_);
  layout->addWidget(random);
  layout->addSpacing(8);
  layout->addWidget(text_, 1);

  connect(spin_, &QSpinBox::valueChanged, this, [this]() {
    refreshText();
    emit exampleChanged();
  });
  connect(random, &QToolButton::clicked, this, [this]() {
    if (dataset_ && !dataset_->examples.empty())
      spin_->setValue(1 + int(QRandomGenerator::global()->bounded(quint32(dataset_->examples.size()))));
  });
  connect(project_, &Project::currentDatasetChanged, this, &ExamplePicker::refreshDataset);
  refreshDataset();
}

const data::Example* ExamplePicker::example() const {
  if (!dataset_ || dataset_->examples.empty()) return nullptr;
  const int i = index();
  return i >= 0 && size_t(i) < dataset_->examples.size() ? &dataset_->examples[size_t(i)] : nullptr;
}

int ExamplePicker::index() const {
  return spin_->value() - 1;
}
void ExamplePicker::setIndex(int index) {
  spin_->setValue(index + 1);
}

void ExamplePicker::refreshDataset() {
  const auto data = project_->currentData();
  if (data == dataset_) return;
  dataset_ = data;
  const int n = dataset_ ? int(dataset_->examples.size()) : 0;
  {
    QSignalBlocker block(spin_);
    spin_->setMaximum(std::max(1, n));
    spin_->setEnabled(n > 0);
  }
  count_->setText(tr("of %1").arg(QLocale().toString(n)));
  refreshText();
  emit exampleChanged();
}

void ExamplePicker::refreshText() {
  const data::Example* ex = example();
  if (!ex) {
    text_->setText(tr("No examples: import a data set in the Project view."));
    text_->setToolTip(QString());
    return;
  }
  QStringList fields;
  for (const auto& f : ex->fields) fields << QString::fromStdString(f);
  const QString joined = fields.join(QStringLiteral("  ‖  "));
  const QString label = tr("label %1").arg(QString::fromStdString(ex->label));
  text_->setText(QStringLiteral("<span style='opacity:0.7'>[%1]</span> %2")
                     .arg(label.toHtmlEscaped(), joined.toHtmlEscaped()));
  text_->setToolTip(joined);
}

}  // namespace pwb::ui
