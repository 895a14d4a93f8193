#pragma once
// Runs: every training run of the project file with filters; grouped by configuration (all settings but
// the seed) as a table of mean (std) / median and a bar chart of mean ± std with error bars and the
// per-seed points, bars from 0; a configuration is named by what differs between the groups shown
// (store/group_names.h); the loss curves of the selected runs overlaid; export of the table (CSV, Markdown,
// LaTeX) and of the plots (PNG, SVG, PDF); several runs selected can be ensembled (core/combine: a stored
// run of method "ensemble", uniform or PET weights); the current run's details list the runs it was made
// from (any role of run_links: an ensemble's members, a distilled classifier's teachers), a deleted one
// marked missing. Reading and writing the store runs off the GUI thread.
// Runs written by another program (a `pwb train --db` on the same file, a second window) appear without a
// restart: a timer on the GUI thread asks the file whether another connection wrote (store::ChangeProbe,
// one PRAGMA), and only then a background read compares the runs' fingerprint and reloads when what the
// table shows changed. A hidden view only notes the change and reloads when it is shown.
#include <QWidget>
#include <cstdint>
#include <memory>
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
class QTimer;

namespace pwb::store {
class ChangeProbe;
}

namespace pwb::ui {

class Project;
struct TextTable;

class RunsView : public QWidget {
  Q_OBJECT
 public:
  explicit RunsView(Project* project, QWidget* parent = nullptr);
  ~RunsView() override;

  void refresh();  // re-reads the store (F5)
  // How often the view asks the project file whether another program wrote to it (default 1000 ms).
  void setChangePollInterval(int ms);
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
  void changeEvent(QEvent* event) override;    // the bars' colours follow the theme
  void showEvent(QShowEvent* event) override;  // reloads when another program wrote while hidden

 private:
  // onlyIfChanged: the poll's reload, which keeps the table as it is when the runs' fingerprint did not
  // change and says nothing in the info line meanwhile.
  void reload(bool onlyIfChanged);
  void pollForChanges();
  void watchProject();  // a new probe for the project just opened
  void restoreSelection(const QList<qint64>& selected, qint64 current);
  void showData();
  void drawGroups();
  void showLossCurves();
  void exportTable();
  void exportPlot();
  void askAndEnsemble();
  void showDetails();
  QString statusTitle(store::RunStatus status) const;
  // Options of the connections the background workers open (runs_view.cpp, runs_view_selected.cpp).
  static store::StoreOptions readOptions();

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
  std::unique_ptr<store::ChangeProbe> probe_;
  QTimer* poll_;
  bool changedWhileHidden_ = false;
  bool pollReloadRunning_ = false;  // a poll's reload is on a worker: the next poll waits for it
  bool pollAgain_ = false;          // another change was seen meanwhile
  uint64_t fingerprint_ = 0;        // of the runs shown; 0 before the first read
  int generation_ = 0;
  int lossGeneration_ = 0;
  int detailsGeneration_ = 0;
};

}  // namespace pwb::ui
