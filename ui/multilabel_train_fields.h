#pragma once
// The Train view's multi-label fields (task "Multi-label (F1)", train/multilabel_task.h): the declared
// labels, the scheme (label words or PET-style yes/no clozes) and the threshold (0 = chosen on dev).
#include <QWidget>

#include "train/train_request.h"

class QComboBox;
class QDoubleSpinBox;
class QLineEdit;

namespace pwb::ui {

class MultiLabelTrainFields : public QWidget {
  Q_OBJECT
 public:
  explicit MultiLabelTrainFields(QWidget* parent = nullptr);
  // Fills request.multilabel (labels, scheme, threshold; the separator stays ",").
  void apply(train::TrainRequest& request) const;
  bool yesNo() const;  // the yes/no scheme reads no verbalizer

 signals:
  void schemeChanged();

 private:
  QLineEdit* labels_;
  QComboBox* scheme_;
  QDoubleSpinBox* threshold_;
};

}  // namespace pwb::ui
