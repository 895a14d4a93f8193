#include "demo_options_box.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace pwb::ui {

DemoOptionsBox::DemoOptionsBox(QWidget* parent) : QGroupBox(tr("Demonstrations"), parent) {
  setObjectName(QStringLiteral("demoOptions"));
  const data::DemoOptions d;
  auto* form = new QFormLayout(this);
  form->setVerticalSpacing(4);
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  sampling_ = new QComboBox(this);
  sampling_->setObjectName(QStringLiteral("demoSampling"));
  sampling_->addItem(tr("None"), QStringLiteral("none"));
  sampling_->addItem(tr("Random (uniform per class)"), QStringLiteral("random"));
  sampling_->addItem(tr("Similar (LM-BFF filter)"), QStringLiteral("similar"));
  sampling_->setToolTip(
      tr("Solved training examples placed in the input, one block of the template's [DEMOS] … [/DEMOS] "
         "each. Random: drawn uniformly per class. Similar: drawn among the most similar examples of each "
         "class to the input (cosine of mean-pooled sentence embeddings), as LM-BFF."));
  form->addRow(tr("Sampling"), sampling_);
  perClass_ = new QSpinBox(this);
  perClass_->setObjectName(QStringLiteral("demoPerClass"));
  perClass_->setRange(1, 64);
  perClass_->setValue(d.perClass);
  form->addRow(tr("Per class"), perClass_);
  order_ = new QComboBox(this);
  order_->setObjectName(QStringLiteral("demoOrder"));
  order_->addItem(tr("By class (LM-BFF)"), QStringLiteral("class"));
  order_->addItem(tr("Shuffled"), QStringLiteral("shuffle"));
  form->addRow(tr("Order"), order_);
  sets_ = new QSpinBox(this);
  sets_->setObjectName(QStringLiteral("demoSets"));
  sets_->setRange(1, 256);
  sets_->setValue(d.sets);
  sets_->setToolTip(
      tr("Demonstration sets per test example; their class logits are averaged (LM-BFF "
         "num_sample, 16). Training draws a new set at every step."));
  form->addRow(tr("Sets at evaluation"), sets_);
  auto* embedRow = new QHBoxLayout;
  embedder_ = new QLineEdit(this);
  embedder_->setObjectName(QStringLiteral("demoEmbedder"));
  embedder_->setPlaceholderText(tr("the task model"));
  embedder_->setToolTip(
      tr("A Hugging Face BERT/RoBERTa folder (e.g. a sentence-transformers model) whose "
         "mean-pooled embeddings rank the examples; empty = the model being trained. "
         "Embeddings are cached, a second run does not recompute them."));
  browse_ = new QPushButton(tr("Browse…"), this);
  connect(browse_, &QPushButton::clicked, this, [this]() {
    const QString dir =
        QFileDialog::getExistingDirectory(this, tr("Embedding model folder"), embedder_->text());
    if (!dir.isEmpty()) embedder_->setText(dir);
  });
  embedRow->addWidget(embedder_, 1);
  embedRow->addWidget(browse_);
  form->addRow(tr("Embedding model"), embedRow);
  fraction_ = new QDoubleSpinBox(this);
  fraction_->setObjectName(QStringLiteral("demoFraction"));
  fraction_->setRange(0.01, 1.0);
  fraction_->setSingleStep(0.05);
  fraction_->setValue(d.similarFraction);
  fraction_->setToolTip(tr("Similar: draw among this top fraction of each class (LM-BFF demo_filter_rate)."));
  form->addRow(tr("Similar top fraction"), fraction_);
  firstLimit_ = new QSpinBox(this);
  firstLimit_->setObjectName(QStringLiteral("demoFirstLimit"));
  firstLimit_->setRange(0, 4096);
  firstLimit_->setSpecialValueText(tr("no limit"));
  firstLimit_->setToolTip(tr("Tokens kept of the input's sentence (LM-BFF --first_sent_limit)."));
  form->addRow(tr("Input sentence limit"), firstLimit_);
  otherLimit_ = new QSpinBox(this);
  otherLimit_->setObjectName(QStringLiteral("demoOtherLimit"));
  otherLimit_->setRange(0, 4096);
  otherLimit_->setSpecialValueText(tr("no limit"));
  otherLimit_->setToolTip(tr("Tokens kept of each demonstration sentence (LM-BFF --other_sent_limit)."));
  form->addRow(tr("Demonstration sentence limit"), otherLimit_);
  connect(sampling_, &QComboBox::currentIndexChanged, this, &DemoOptionsBox::updateEnabled);
  updateEnabled();
}

data::DemoOptions DemoOptionsBox::options() const {
  data::DemoOptions o;
  if (!unavailable_.isEmpty()) return o;  // None
  o.sampling = data::parseDemoSampling(sampling_->currentData().toString().toStdString());
  o.perClass = perClass_->value();
  o.order = data::parseDemoOrder(order_->currentData().toString().toStdString());
  o.sets = sets_->value();
  o.embeddingModel = embedder_->text().trimmed().toStdString();
  o.similarFraction = fraction_->value();
  o.firstSentenceTokens = firstLimit_->value();
  o.otherSentenceTokens = otherLimit_->value();
  if (o.sampling != data::DemoSampling::Similar) o.embeddingModel.clear();
  return o;
}

void DemoOptionsBox::setOptions(const data::DemoOptions& o) {
  sampling_->setCurrentIndex(sampling_->findData(QString::fromLatin1(data::demoSamplingName(o.sampling))));
  perClass_->setValue(o.perClass);
  order_->setCurrentIndex(order_->findData(QString::fromLatin1(data::demoOrderName(o.order))));
  sets_->setValue(o.sets);
  embedder_->setText(QString::fromStdString(o.embeddingModel));
  fraction_->setValue(o.similarFraction);
  firstLimit_->setValue(o.firstSentenceTokens);
  otherLimit_->setValue(o.otherSentenceTokens);
  updateEnabled();
}

void DemoOptionsBox::setUnavailable(const QString& reason) {
  unavailable_ = reason;
  setToolTip(reason);
  updateEnabled();
}

void DemoOptionsBox::updateEnabled() {
  const bool available = unavailable_.isEmpty();
  sampling_->setEnabled(available);
  const bool on = available && sampling_->currentData().toString() != QLatin1String("none");
  const bool similar = on && sampling_->currentData().toString() == QLatin1String("similar");
  for (QWidget* w : std::initializer_list<QWidget*>{perClass_, order_, sets_, firstLimit_, otherLimit_})
    w->setEnabled(on);
  for (QWidget* w : std::initializer_list<QWidget*>{embedder_, browse_, fraction_}) w->setEnabled(similar);
}

}  // namespace pwb::ui
