#pragma once
// The Train view's PET / iPET settings (shown when the method is "PET / iPET"): which of the project's
// templates and verbalizers make the pattern-verbalizer pairs (every checked template with every checked
// verbalizer), the unlabeled pool's size, the soft-label temperature, the ensemble weighting and the iPET
// generations. The rest of the protocol (data, K, seeds, steps, ...) comes from the view's form.
#include <QGroupBox>

#include "train/pet/pet_request.h"

class QComboBox;
class QDoubleSpinBox;
class QListWidget;
class QSpinBox;

namespace pwb::ui {

class Project;

class PetPanel : public QGroupBox {
  Q_OBJECT
 public:
  PetPanel(Project* project, QWidget* parent = nullptr);

  // The job for `base` (the form's request: its template and verbalizer are replaced by the checked
  // ones); the work folder is next to the project file. Throws pwb::Error when fewer than one template or
  // verbalizer is checked or the project is not saved.
  train::pet::PetRequest request(const train::TrainRequest& base) const;
  int checkedPairs() const;

  // Tests and scripts.
  void checkTemplates(const QStringList& names);  // exactly these (by name)
  void checkVerbalizers(const QStringList& names);
  void setPoolSize(int rows);
  void setGenerations(int generations);

 private:
  void refresh();  // the project's templates/verbalizers changed; keeps the checks by name

  Project* project_;
  QListWidget* templates_;
  QListWidget* verbalizers_;
  QSpinBox* poolSize_;
  QDoubleSpinBox* temperature_;
  QComboBox* weighting_;
  QSpinBox* generations_;
  QDoubleSpinBox* growth_;
};

}  // namespace pwb::ui
