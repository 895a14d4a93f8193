#pragma once
// The sweep builder: a form for a sweep file (SWEEPS.md) over the project's model and data sets — methods,
// templates and verbalizers picked from the project, lists of seeds, K, learning rates, batch sizes and
// prompt lengths, the steps, grid or random (count + seed). As the form changes it shows the number of
// runs the sweep expands to and the cost estimate of `pwb sweep plan` (core/sweep: parseSweepText,
// expandSweep, estimateTask), or the sweep file's error. The file can be saved; the Sweeps view runs it.
#include <QWidget>
#include <nlohmann/json.hpp>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QSpinBox;

namespace pwb::ui {

class Project;

class SweepBuilder : public QWidget {
  Q_OBJECT
 public:
  explicit SweepBuilder(Project* project, QWidget* parent = nullptr);

  // The sweep file for the form (throws pwb::Error naming the field that is wrong).
  nlohmann::json sweepJson() const;
  // What the last check of the form found: number of runs (-1 when the sweep is invalid) and the text.
  int64_t runCount() const { return runCount_; }
  double estimatedSeconds() const { return seconds_; }
  QString summary() const;
  // Writes the sweep file (JSON); "" or the error.
  QString saveTo(const QString& path) const;

  // Form access for tests and the screenshot tour.
  void setDatasets(int train, int test);  // indices into the project's data sets
  QLineEdit* nameEdit() const { return name_; }
  QListWidget* methodList() const { return methods_; }
  QListWidget* templateList() const { return templates_; }
  QListWidget* verbalizerList() const { return verbalizers_; }
  QLineEdit* seedsEdit() const { return seeds_; }
  QLineEdit* kEdit() const { return k_; }
  QLineEdit* lrEdit() const { return lr_; }
  QLineEdit* batchEdit() const { return batch_; }
  QLineEdit* promptLengthEdit() const { return promptLength_; }
  QSpinBox* stepsSpin() const { return steps_; }
  QComboBox* modeBox() const { return mode_; }
  QSpinBox* countSpin() const { return count_; }
  QSpinBox* drawSeedSpin() const { return drawSeed_; }

 public slots:
  void reloadProject();  // templates, verbalizers, data sets changed
  void check();          // recomputes the run count and estimate

 signals:
  void changed();  // after every check()

 private:
  void saveAs();

  Project* project_;
  QLineEdit* name_;
  QComboBox* train_;
  QComboBox* test_;
  QListWidget* methods_;
  QListWidget* templates_;
  QListWidget* verbalizers_;
  QLineEdit* seeds_;
  QLineEdit* k_;
  QLineEdit* lr_;
  QLineEdit* batch_;
  QLineEdit* promptLength_;
  QSpinBox* steps_;
  QSpinBox* evalEvery_;
  QComboBox* mode_;
  QSpinBox* count_;
  QSpinBox* drawSeed_;
  QLabel* result_;
  int64_t runCount_ = -1;
  double seconds_ = 0;
  QString summary_;
};

}  // namespace pwb::ui
