#pragma once
// Runs: every training run of the project file with filters; grouped by configuration (all settings but
// the seed) as a table of mean (std) / median and a bar chart of mean ± std with error bars and the
// per-seed points, bars from 0; a configuration is named by what differs between the groups shown
// (store/group_names.h); the loss curves of the selected runs overlaid; export of the table (CSV, Markdown,
// LaTeX) and of the plots (PNG, SVG, PDF); several runs selected can be ensembled (core/combine: a stored
// run of method "ensemble", uniform or PET weights); the current run's details list the runs it was made
// from (any role of run_links: an ensemble's members, a distilled classifier's teachers), a deleted one
// marked missing. Reading and writing the store runs off the GUI thread.
#include <QWidget>
#include <vector>

#include "combine/ensemble_math.h"
#include "store/aggregate.h"
#include "store/records.h"

class QComboBox;
class QCustomPlot;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTableWidget;
class QTabWidget;

namespace pwb::ui {

class Project;
struct TextTable;

class RunsView : public QWidget {
  Q_OBJECT
 public:
  explicit RunsView(Project* project, QWidget* parent = nullptr);

  void refresh();  // re-reads the store (F5)
  const std::vector<store::RunRecord>& runs() const { return runs_; }
  const std::vector<store::ConfigGroup>& groups() const { return groups_; }
  QTableWidget* runsTable() const { return runsTable_; }
  QTableWidget* groupTable() const { return groupTable_; }
  QCustomPlot* groupPlot() const { return groupPlot_; }
  QCustomPlot* lossPlot() const { return lossPlot_; }
  TextTable groupTextTable() const;
  void selectRuns(const QList<int>& rows);  // overlays their loss curves
  void setUseSampleStd(bool sample);
  qint64 selectedRunId() const;          // the current row's run, 0 when none
  QList<qint64> selectedRunIds() const;  // every selected row's run, in table order
  // Ensembles the selected runs in the background (core/combine/run_ensemble.h); emits ensembleCreated
  // with the new run's id, or ensembleFailed with the reason (different labels, models, data, no PET
  // weight ...), which the info line shows too. The "Ensemble Selected…" button asks for the weighting.
  void ensembleSelected(combine::Weighting weighting);
  QString detailsText() const;  // the Run details tab's text

 signals:
  void refreshed();
  void lossCurvesShown();
  void exportRequested(qint64 runId);  // context menu ▸ Export Trained Prompt
  void ensembleCreated(qint64 runId);
  void ensembleFailed(const QString& reason);
  void detailsShown();  // the Run details tab was filled for the current run

 protected:
  void changeEvent(QEvent* event) override;  // the bars' colours follow the theme

 private:
  void showData();
  void drawGroups();
  void showLossCurves();
  void exportTable();
  void exportPlot();
  void askAndEnsemble();
  void showDetails();
  QString statusTitle(store::RunStatus status) const;

  Project* project_;
  QComboBox* method_;
  QComboBox* status_;
  QLineEdit* name_;
  QComboBox* metric_;
  QComboBox* spread_;
  QLabel* info_;
  QTableWidget* runsTable_;
  QTabWidget* tabs_;
  QTableWidget* groupTable_;
  QCustomPlot* groupPlot_;
  QCustomPlot* lossPlot_;
  QPlainTextEdit* details_;
  std::vector<store::RunRecord> runs_;
  std::vector<store::ConfigGroup> groups_;
  int generation_ = 0;
  int lossGeneration_ = 0;
  int detailsGeneration_ = 0;
};

}  // namespace pwb::ui
