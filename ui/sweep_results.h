#pragma once
// Reading a sweep in the GUI: the parallel-coordinates plot of its finished runs (hyperparameters →
// accuracy), the best configuration per method by mean dev accuracy with its test mean (std) and n (a
// table), and the usual bars of those configurations: test mean ± population std with each seed's point.
// The numbers are store::summarizeSweep's, as `pwb sweep best` prints them. Read off the GUI thread.
#include <QWidget>
#include <map>
#include <set>
#include <string>

#include "store/sweep_summary.h"

class QCustomPlot;
class QComboBox;
class QLabel;
class QTableWidget;

namespace pwb::ui {

class Project;
class ParallelCoordinates;

class SweepResults : public QWidget {
  Q_OBJECT
 public:
  explicit SweepResults(Project* project, QWidget* parent = nullptr);

  // Which runs: those with these uids (a sweep folder's done tasks); `label` names them. An empty set
  // with `all` = every finished run of the project.
  void setSelection(const std::set<std::string>& uids, bool all, const QString& label);
  void refresh();

  const store::SweepSummary& summary() const { return summary_; }
  ParallelCoordinates* parallel() const { return parallel_; }
  QTableWidget* bestTable() const { return best_; }
  QCustomPlot* barPlot() const { return bars_; }

 signals:
  void refreshed();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void showSummary();
  void drawBars();

  Project* project_;
  QComboBox* scope_;
  QLabel* info_;
  ParallelCoordinates* parallel_;
  QTableWidget* best_;
  QCustomPlot* bars_;
  std::set<std::string> uids_;
  bool all_ = true;
  store::SweepSummary summary_;
  std::map<int64_t, double> testOf_;  // run id → test number, for the seed points
  int generation_ = 0;
};

}  // namespace pwb::ui
