#pragma once
// The GUI's sweep queue: one sweep folder (SWEEPS.md) and its tasks — state (pending, running, done,
// failed, cancelled), Slurm job, seconds, the settings each runs — with the same core calls as `pwb sweep`:
// run the tasks locally with N worker processes (runSweepLocally, which starts `pwb sweep task` children),
// or submit them to Slurm as one array job (submitToSlurm with partition, account, time, gres, CPUs,
// memory, max parallel); Collect merges the done tasks into the project (collectSweep, one transaction);
// Resubmit Failed runs the failed and cancelled tasks again (locally, or on Slurm when the sweep was
// submitted there); Cancel stops the local workers or scancels the Slurm tasks. Every call that touches
// files, SQLite or Slurm runs off the GUI thread; the table is re-read every few seconds while tasks run.
#include <QTimer>
#include <QWidget>
#include <atomic>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "sweep/sweep_status.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QGroupBox;

namespace pwb::ui {

class Project;

class SweepQueue : public QWidget {
  Q_OBJECT
 public:
  explicit SweepQueue(Project* project, QWidget* parent = nullptr);
  ~SweepQueue() override;  // stops local workers

  // Writes the sweep folder for this sweep file (prepareSweepDir into defaultSweepDir, the folder
  // `pwb sweep run` uses) and shows it; "" or the error (a folder holding another sweep, ...).
  QString prepare(const nlohmann::json& sweepFile);
  void setSweepDir(const QString& dir);  // shows an existing sweep folder ("": none)
  QString sweepDir() const { return dir_; }
  static QString defaultSweepDir(const QString& projectPath, const QString& sweepName);
  // The pwb program the local workers and Slurm tasks run (default: found next to this program).
  void setProgram(const QString& path) { program_ = path; }
  QString program() const { return program_; }

  void refresh();
  void runLocally(bool retryFailed = false);
  void submitToSlurm(bool resubmit = false);
  void collect();
  void resubmitFailed();
  void cancel();

  bool busy() const { return busy_; }
  bool onSlurm() const { return onSlurm_; }
  const std::vector<sweep::TaskStatus>& statuses() const { return statuses_; }
  QTableWidget* taskTable() const { return table_; }
  QLabel* infoLabel() const { return info_; }
  QSpinBox* workersSpin() const { return workers_; }
  // The uids of the runs the done tasks recorded (their exit markers): the sweep's runs in the project.
  const std::vector<std::string>& runUids() const { return runUids_; }

 signals:
  void refreshed();
  void collected(int added);  // runs were merged into the project
  void finished();            // a local run, submission, collect or cancel ended (see infoLabel)

 private:
  void startBusy(const QString& what);
  void endBusy(const QString& message);
  void updateButtons();
  void chooseFolder();

  Project* project_;
  QString dir_;
  QString program_;
  QLabel* folder_;
  QLabel* info_;
  QTableWidget* table_;
  QSpinBox* workers_;
  QPushButton* runButton_;
  QPushButton* submitButton_;
  QPushButton* collectButton_;
  QPushButton* resubmitButton_;
  QPushButton* cancelButton_;
  QGroupBox* slurmBox_;
  QLineEdit* partition_;
  QLineEdit* account_;
  QLineEdit* time_;
  QLineEdit* gres_;
  QSpinBox* cpus_;
  QLineEdit* mem_;
  QSpinBox* maxParallel_;
  QTimer poll_;
  std::vector<sweep::TaskStatus> statuses_;
  std::vector<std::string> runUids_;
  std::shared_ptr<std::atomic<bool>> cancelLocal_;
  bool busy_ = false;
  bool localRunning_ = false;
  bool onSlurm_ = false;
  bool slurmAvailable_ = false;  // sbatch on PATH (checked once)
  int generation_ = 0;
  bool reading_ = false;    // a readQueue is in flight
  bool readAgain_ = false;  // refresh() was asked for meanwhile
};

}  // namespace pwb::ui
