#include "multilabel_train_fields.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLineEdit>

namespace pwb::ui {

MultiLabelTrainFields::MultiLabelTrainFields(QWidget* parent) : QWidget(parent) {
  auto* row = new QHBoxLayout(this);
  row->setContentsMargins(0, 0, 0, 0);
  labels_ = new QLineEdit(this);
  labels_->setObjectName(QStringLiteral("multilabelLabels"));
  labels_->setPlaceholderText(tr("labels: food,sports,music  (empty: every label of the training file)"));
  labels_->setToolTip(
      tr("The declared label set, comma-separated. Rows with another label are skipped and reported by line. "
         "The label column is the Target column (empty: \"labels\")."));
  scheme_ = new QComboBox(this);
  scheme_->setObjectName(QStringLiteral("multilabelScheme"));
  scheme_->addItem(tr("Label words (BCE)"), QStringLiteral("label-words"));
  scheme_->addItem(tr("Yes/no per label (PET)"), QStringLiteral("yes-no"));
  scheme_->setToolTip(
      tr("Label words: one [MASK], the verbalizer's word per label, binary cross-entropy of sigmoid(logit). "
         "Yes/no: one cloze per label with its name in {label}, the words yes/no."));
  threshold_ = new QDoubleSpinBox(this);
  threshold_->setObjectName(QStringLiteral("multilabelThreshold"));
  threshold_->setRange(0.0, 0.99);
  threshold_->setSingleStep(0.05);
  threshold_->setDecimals(2);
  threshold_->setSpecialValueText(tr("threshold on dev"));
  threshold_->setToolTip(
      tr("A label is predicted when its probability reaches the threshold; at its minimum "
         "the threshold is chosen per seed on dev (best dev micro-F1 of 0.05 … 0.95)."));
  row->addWidget(labels_, 3);
  row->addWidget(scheme_, 1);
  row->addWidget(threshold_, 1);
  connect(scheme_, qOverload<int>(&QComboBox::currentIndexChanged), this,
          &MultiLabelTrainFields::schemeChanged);
}

void MultiLabelTrainFields::apply(train::TrainRequest& r) const {
  r.multilabel.labels = labels_->text().trimmed().toStdString();
  r.multilabel.scheme = scheme_->currentData().toString().toStdString();
  r.multilabel.threshold = threshold_->value();
}

bool MultiLabelTrainFields::yesNo() const {
  return scheme_->currentData().toString() == QLatin1String("yes-no");
}

}  // namespace pwb::ui
