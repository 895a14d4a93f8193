#pragma once
// Sweeps: build a sweep (left), then run it — locally with N workers or on Slurm — and follow its tasks
// (Queue tab), and read it (Results tab: parallel coordinates, best configuration per method, mean ± std
// bars). "Create Sweep Folder" writes the builder's sweep into <project>.sweeps/<name> and shows it in the
// queue; collected runs land in the project (the Runs view is told to refresh).
#include <QWidget>

class QTabWidget;

namespace pwb::ui {

class Project;
class SweepBuilder;
class SweepQueue;
class SweepResults;

class SweepsView : public QWidget {
  Q_OBJECT
 public:
  explicit SweepsView(Project* project, QWidget* parent = nullptr);

  SweepBuilder* builder() const { return builder_; }
  SweepQueue* queue() const { return queue_; }
  SweepResults* results() const { return results_; }
  QTabWidget* tabs() const { return tabs_; }
  // Writes the builder's sweep folder and shows it in the queue; "" or the error (also shown).
  QString createSweepFolder();

 signals:
  void runsChanged();  // runs were collected into the project

 private:
  void showSweepRuns();

  Project* project_;
  SweepBuilder* builder_;
  SweepQueue* queue_;
  SweepResults* results_;
  QTabWidget* tabs_;
  std::vector<std::string> shownUids_;
};

}  // namespace pwb::ui
