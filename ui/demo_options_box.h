#pragma once
// The demonstration controls (issue 14) as one group box: sampling (none, random, similar), how many per
// class, their order, how many sets are averaged at evaluation, the embedding model of similar sampling
// and LM-BFF's per-sentence limits. Fills a data::DemoOptions, the same structure `pwb train/eval/compare`
// fill from their --demos options (app/pwb/commands/demo_cli.h), so the GUI and the CLI mean the same.
#include <QGroupBox>

#include "data/demo_options.h"

class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace pwb::ui {

class DemoOptionsBox : public QGroupBox {
  Q_OBJECT

 public:
  explicit DemoOptionsBox(QWidget* parent = nullptr);

  data::DemoOptions options() const;
  void setOptions(const data::DemoOptions& options);
  // Greys the box out with a reason (e.g. a method that cannot take demonstrations); "" enables it.
  void setUnavailable(const QString& reason);

 private:
  void updateEnabled();

  QComboBox* sampling_;
  QSpinBox* perClass_;
  QComboBox* order_;
  QSpinBox* sets_;
  QLineEdit* embedder_;
  QPushButton* browse_;
  QDoubleSpinBox* fraction_;
  QSpinBox* firstLimit_;
  QSpinBox* otherLimit_;
  QString unavailable_;
};

}  // namespace pwb::ui
