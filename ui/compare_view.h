#pragma once
// Compare: templates x verbalizers (x calibration) evaluated in the background with progress and cancel;
// a heat-map grid of accuracy (mean (std) over K-shot seeds); clicking a cell shows its confusion matrix
// and per-example predictions with class probabilities; selecting two cells lists the examples that flip.
// Device (auto/CPU/CUDA) and bf16 are chosen here for every evaluation of the shared EvalHost.
// The grid fills row by row as templates finish. Every evaluated cell is saved to the project file as an
// evaluation with its predictions. A second page probes knowledge (probe_panel.h): templates x the whole
// vocabulary, P@1; it opens by itself when the current data set has an answer column (a probing set).
// Three more pages: multiple choice scored by the option text (choice_panel.h; an mc-jsonl data set fills
// in its file), multi-label evaluation with micro/macro-F1 (multilabel_panel.h) and regression, templates x
// pole pairs with Pearson per cell (regression_panel.h).
#include <QStringList>
#include <QWidget>
#include <atomic>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "eval/eval_types.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableView;
class QTableWidget;
class QTabWidget;

namespace pwb::model {
struct DeviceReport;
}

namespace pwb::ui {

class Project;
class EvalHost;
class GridModel;
class ProbePanel;
class ChoicePanel;
class MultiLabelPanel;
class RegressionPanel;
struct TaskImport;

class CompareView : public QWidget {
  Q_OBJECT
 public:
  CompareView(Project* project, EvalHost* host, QWidget* parent = nullptr);
  // Cancels a grid still running: closing the window must not wait for the whole grid on the host's worker.
  ~CompareView() override;

  void evaluate();  // Evaluate button / Ctrl+E
  void cancel();
  bool isRunning() const { return running_; }
  void setLimit(int examples);  // 0 = all
  void setKShot(bool kshot, int k = 16);
  void setCalibration(int index);  // 0 none, 1 content-free, 2 template-only
  // In-context demonstrations (issue 14): sampling 0 none, 1 random, 2 similar; `sets` demonstration sets
  // averaged per example, `perClass` demonstrations of each class per set. They come from the K-shot train
  // split (K per class, see setKShot) of the data set chosen in demoSourceCombo() — by default the
  // evaluated one — for each seed (seed 13 when the current data set is evaluated as a whole).
  void setDemonstrations(int sampling, int sets = 16, int perClass = 1);
  QComboBox* demoSamplingCombo() const { return demoSampling_; }
  QComboBox* demoSourceCombo() const { return demoSource_; }
  // Device ("auto", "cpu", "cuda") and bf16 of the evaluation; they apply to the shared EvalHost.
  void setDevice(const QString& device);
  void setBf16(bool bf16);
  QComboBox* deviceCombo() const { return device_; }
  // CUDA offered only when usable (disabled with the reason otherwise); bf16's support in its tooltip.
  void showDeviceReport(const model::DeviceReport& report);

  GridModel* gridModel() const { return model_; }
  // The knowledge-probing page (probe_panel.h) and the tab widget holding it beside the grid.
  ProbePanel* probePanel() const { return probe_; }
  // Multiple choice by option text (choice_panel.h) and multi-label (multilabel_panel.h) pages.
  ChoicePanel* choicePanel() const { return choice_; }
  MultiLabelPanel* multiLabelPanel() const { return multiLabel_; }
  // Regression: templates x pole pairs, Pearson per cell (regression_panel.h).
  RegressionPanel* regressionPanel() const { return regression_; }
  // A file the import dialog read as a regression, probing, multiple-choice or multi-label set: the
  // task's page gets the file and its column settings and is shown.
  void openTaskData(const TaskImport& request);
  QTabWidget* modeTabs() const { return modes_; }
  QTableView* gridView() const { return grid_; }
  QTableWidget* confusionTable() const { return confusion_; }
  QTableWidget* predictionsTable() const { return predictions_; }
  QTableWidget* flipsTable() const { return flips_; }
  QString statusText() const;
  // The request of the last evaluation (tests compare against core's grid call with it).
  const eval::GridRequest& lastRequest() const { return request_; }
  void showCell(int row, int column);
  void showFlips(int rowA, int columnA, int rowB, int columnB);

 signals:
  void finished(bool ok);
  void rowFinished(int row);
  void deviceReportShown();  // a template's cells are in the grid (the evaluation may still run)

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void refreshChoices();
  void offerProbing();
  void selectionChanged();
  void rowReady(int row, const std::vector<eval::GridCell>& cells);
  void clearDetails();
  QString exampleText(const std::string& id) const;
  QString demoSummary(const std::vector<std::vector<std::string>>& sets) const;
  QString demoDetails(const std::vector<std::vector<std::string>>& sets, size_t run) const;
  void refreshDemoSources();
  void demoControlsChanged();
  bool buildDemoRuns(eval::GridRequest& req, const std::shared_ptr<const data::Dataset>& data);

  Project* project_;
  EvalHost* host_;
  QListWidget* templates_;
  QListWidget* verbalizers_;
  QComboBox* calibration_;
  QComboBox* dataMode_;
  QSpinBox* k_;
  QComboBox* demoSampling_;
  QComboBox* demoSource_;
  QSpinBox* demoSets_;
  QSpinBox* demoPerClass_;
  QSpinBox* limit_;
  QComboBox* device_;
  QCheckBox* bf16_;
  QPushButton* evaluate_;
  QPushButton* cancel_;
  QProgressBar* progress_;
  QLabel* status_;
  GridModel* model_;
  QTableView* grid_;
  QComboBox* runChoice_;
  QLabel* cellInfo_;
  QTabWidget* tabs_;
  QTabWidget* modes_;
  ProbePanel* probe_;
  ChoicePanel* choice_;
  MultiLabelPanel* multiLabel_;
  RegressionPanel* regression_;
  QTableWidget* confusion_;
  QCheckBox* errorsOnly_;
  QTableWidget* predictions_;
  QLabel* flipsInfo_;
  QTableWidget* flips_;
  eval::GridRequest request_;
  std::vector<std::unordered_map<std::string, size_t>> exampleRows_;  // per run of request_: id -> row
  QStringList templateNames_, verbalizerNames_;
  std::shared_ptr<std::atomic<bool>> cancelFlag_;
  bool running_ = false;
  int generation_ = 0;  // evaluations started: rows of an older one are dropped
  int shownRow_ = -1, shownColumn_ = -1;
};

}  // namespace pwb::ui
