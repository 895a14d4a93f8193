#pragma once
// Train: method, preset, template/verbalizer, data, K, seeds, hyper-parameters and device; a queue of runs
// trained one after another on core/train's worker thread; a live loss curve per seed (QCustomPlot:
// TensorBoard-style smoothing with the raw curve faint behind, the y axis fitted to the data) with the dev
// accuracy points on a second axis, a progress bar with ETA, and cancel. Runs are recorded in the
// project file by the trainer.
#include <QVector>
#include <QWidget>
#include <cmath>

#include "loss_smoothing.h"
#include "model/device_report.h"
#include "train/pet/pet_request.h"
#include "train/pet/pet_result.h"
#include "train/train_request.h"
#include "train/train_result.h"

class QCPGraph;
class QCheckBox;
class QComboBox;
class QCustomPlot;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSlider;
class QSpinBox;
class QTableWidget;

namespace pwb::ui {

class PetPanel;
class DemoOptionsBox;
class MultiLabelTrainFields;
class PetRunner;
class Project;
class TrainRunner;
struct StepPoint;
struct EvalPoint;

class TrainView : public QWidget {
  Q_OBJECT
 public:
  explicit TrainView(Project* project, QWidget* parent = nullptr);

  // The request the form describes (throws pwb::Error for a missing template/data set or bad field).
  train::TrainRequest requestFromForm() const;
  void enqueue();     // "Add to Queue"
  void startQueue();  // "Start" (runs the queue, or the form when the queue is empty)
  void cancel();      // cancels the current run and stops the queue
  bool isRunning() const;

  // Tests and scripts: set the form.
  void setMethod(const QString& method);
  void setSteps(int steps, int evalEvery);
  void setK(int k);
  void setSeeds(const QString& seeds);
  void setBatchSize(int batch);
  void setMaxLength(int tokens);
  void setSoftTokens(int count);
  void setModelOverride(const QString& modelDir);  // train this model instead of the project's
  void setDatasets(int train, int test);
  void setDevice(const QString& device);  // "auto" | "cpu" | "cuda"
  // Keep each seed's trained state next to the project file so that the run can be exported. By default
  // on for the prompt-only methods and off for those that train the whole model (a copy per seed).
  void setSaveState(bool save);
  bool savesState() const;

  // What the engine can use (LibTorch, CUDA devices, CPU threads, OpenBLAS kernels, bf16), shown next
  // to the device choice; CUDA is disabled in the choice when no GPU is usable. The view asks the engine
  // off the GUI thread when it is built; tests pass a report of their own.
  void showDeviceReport(const model::DeviceReport& report);
  QComboBox* deviceCombo() const { return device_; }
  QString deviceInfoText() const;

  // The PET / iPET settings, shown when the method is "pet" (pet_panel.h).
  PetPanel* petPanel() const { return pet_; }

  QCustomPlot* lossPlot() const { return plot_; }
  // A seed's loss curves (raw, and smoothed with the slider's weight) and dev points; nullptr before
  // the seed started.
  QCPGraph* rawLossCurve(int seedIndex) const { return lossGraphs_.value(seedIndex); }
  QCPGraph* smoothedLossCurve(int seedIndex) const { return smoothGraphs_.value(seedIndex); }
  QCPGraph* devPoints(int seedIndex) const { return devGraphs_.value(seedIndex); }
  void setSmoothing(double weight);  // 0 … 0.99, TensorBoard's smoothing weight
  double smoothing() const;
  QProgressBar* progressBar() const { return progress_; }
  QString statusText() const;
  const QVector<train::TrainResult>& results() const { return results_; }

 signals:
  void runFinished(const pwb::train::TrainResult& result);                           // each queued run
  void petFinished(const pwb::train::pet::PetResult& result, const QString& error);  // each PET job
  void queueFinished();
  void deviceReportShown();

 private:
  void refreshChoices();
  void methodChanged();
  void applyPreset();
  void startNext();
  void onSteps(const QVector<StepPoint>& points);
  void onEvals(const QVector<EvalPoint>& points);
  void taskChanged();
  void onSeedStarted(int seedIndex, qint64 seed);
  void onFinished(const train::TrainResult& result);
  void refreshQueueTable();
  QCPGraph* lossGraph(int seedIndex);
  QCPGraph* devGraph(int seedIndex);
  void resmooth();  // the smoothed curves again from the raw ones (slider moved)
  void fitLossAxis();
  // PET / iPET jobs in the queue (train_view_pet.cpp).
  void enqueuePet(const train::TrainRequest& base);
  bool startPet(int job);
  void onPetStage(qint64 seed, const QString& stage, int generation, int index, int total, int done);
  void onPetStep(int step, int totalSteps, double eta);
  void onPetFinished(const train::pet::PetResult& result, const QString& error);

  Project* project_;
  TrainRunner* runner_;
  PetRunner* petRunner_;
  PetPanel* pet_;
  DemoOptionsBox* demos_ = nullptr;
  QComboBox* method_;
  QComboBox* preset_;
  QComboBox* template_;
  QComboBox* verbalizer_;
  // Regression (LM-BFF's STS-B form, core/regress): the task, the two pole words and the target column.
  QComboBox* task_;
  QLineEdit* poles_;
  QLineEdit* target_;
  MultiLabelTrainFields* multiLabel_;  // task "multilabel": labels, scheme, threshold
  QComboBox* train_;
  QComboBox* test_;
  QComboBox* dev_ = nullptr;  // knowledge probing: the dev file whose P@1 picks the checkpoint
  QSpinBox* k_;
  QLineEdit* seeds_;
  QSpinBox* steps_;
  QSpinBox* batch_;
  QLineEdit* lr_;
  QSpinBox* evalEvery_;
  QDoubleSpinBox* warmup_;
  QDoubleSpinBox* weightDecay_;
  QSpinBox* maxLength_;
  QSpinBox* softTokens_;
  QSpinBox* prefixLength_;
  QComboBox* device_;
  QLabel* deviceInfo_;
  QCheckBox* saveState_;
  QCheckBox* bf16_;               // TrainRequest::bf16: CUDA autocast, or the CPU's bf16 matmuls
  bool saveStateChosen_ = false;  // the user (or setSaveState) decided; methods no longer change it
  QPushButton* addButton_;
  QPushButton* startButton_;
  QPushButton* cancelButton_;
  QTableWidget* queue_;
  QCustomPlot* plot_;
  QSlider* smoothing_;
  QLabel* smoothingValue_;
  QProgressBar* progress_;
  QLabel* eta_;
  QLabel* status_;
  QPlainTextEdit* log_;
  QString modelOverride_;

  struct Job {
    train::TrainRequest request;
    QString label;
    QString state;  // queued / running / finished / cancelled / failed
    QString result;
    bool isPet = false;
    train::pet::PetRequest pet;
  };
  QVector<Job> jobs_;
  int currentJob_ = -1;
  bool stopQueue_ = false;
  QVector<QCPGraph*> lossGraphs_, smoothGraphs_, devGraphs_;
  QVector<EmaSmoother> smoothers_;                    // per seed: the live smoothed curve's state
  double lossLow_ = INFINITY, lossHigh_ = -INFINITY;  // the raw losses' range (the y axis)
  QVector<train::TrainResult> results_;
  int seedCount_ = 1;
  int currentSeed_ = 0;
  int petTrainings_ = 1;  // trainings of the running PET job, and how many of them started
  int petDone_ = 0;
};

}  // namespace pwb::ui
