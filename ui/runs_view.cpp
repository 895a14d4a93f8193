// RunsView: building the view, reading the runs (F5, filters, the change poll) and filling the runs table,
// and the table and plot exports. The groups' tab is in runs_view_groups.cpp, the selected runs' curves,
// details and ensemble in runs_view_selected.cpp.
#include "runs_view.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QDateTime>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QShowEvent>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include "background.h"
#include "percent_text.h"
#include "plot_style.h"
#include "project.h"
#include "store/change_probe.h"
#include "store/run_store.h"
#include "store/transaction.h"
#include "table_export.h"
#include "table_sizing.h"

namespace pwb::ui {

namespace {
QString q(const std::string& s) {
  return QString::fromStdString(s);
}

struct Snapshot {
  std::vector<store::RunRecord> runs;
  std::vector<store::ConfigGroup> groups;
  uint64_t fingerprint = 0;
  bool unchanged = false;  // a poll's read found the fingerprint shown: runs and groups left empty
};
}  // namespace

store::StoreOptions RunsView::readOptions() {
  store::StoreOptions o;
  o.recoverInterrupted = false;  // the GUI's own connection does that on open
  return o;
}

RunsView::RunsView(Project* project, QWidget* parent) : QWidget(parent), project_(project) {
  setObjectName(QStringLiteral("runsView"));
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(16, 12, 16, 12);

  // Two rows (what to show; how to summarise and export) so that the view fits 1280 px wide windows
  // in every language.
  auto* filters = new QHBoxLayout;
  method_ = new QComboBox(this);
  method_->setObjectName(QStringLiteral("methodFilter"));
  method_->addItem(tr("All methods"), QString());
  const std::pair<const char*, QString> methods[] = {{"prompt-ft", tr("Prompt-based fine-tuning")},
                                                     {"prompt-tuning", tr("Prompt tuning")},
                                                     {"p-tuning", tr("P-tuning v1")},
                                                     {"p-tuning-v2", tr("P-tuning v2")},
                                                     {"fine-tune", tr("Fine-tuning ([CLS] head)")},
                                                     {"ensemble", tr("Ensembles")}};
  for (const auto& [id, title] : methods) method_->addItem(title, QString::fromLatin1(id));
  status_ = new QComboBox(this);
  status_->setObjectName(QStringLiteral("statusFilter"));
  status_->addItem(tr("Finished runs"), QStringLiteral("finished"));
  status_->addItem(tr("All statuses"), QString());
  const std::pair<const char*, QString> statuses[] = {{"running", tr("Running")},
                                                      {"cancelled", tr("Cancelled")},
                                                      {"failed", tr("Failed")},
                                                      {"interrupted", tr("Interrupted")}};
  for (const auto& [id, title] : statuses) status_->addItem(title, QString::fromLatin1(id));
  name_ = new QLineEdit(this);
  name_->setPlaceholderText(tr("Name contains…"));
  name_->setClearButtonEnabled(true);
  metric_ = new QComboBox(this);
  metric_->setObjectName(QStringLiteral("metric"));
  metric_->addItem(tr("Test accuracy"), QStringLiteral("test_accuracy"));
  metric_->addItem(tr("Best dev accuracy"), QStringLiteral("best_dev_accuracy"));
  metric_->addItem(tr("Test macro-F1"), QStringLiteral("test_macro_f1"));
  // Regression runs (core/regress) record these where classification runs record accuracy.
  metric_->addItem(tr("Test Pearson (regression)"), QStringLiteral("test_pearson"));
  metric_->addItem(tr("Test Spearman (regression)"), QStringLiteral("test_spearman"));
  metric_->addItem(tr("Test MSE (regression)"), QStringLiteral("test_mse"));
  metric_->addItem(tr("Best dev Pearson (regression)"), QStringLiteral("best_dev_pearson"));
  // Multi-label runs (train/multilabel_task.h, `pwb multilabel --db`): micro-F1 where others have accuracy.
  metric_->addItem(tr("Test micro-F1 (multi-label)"), QStringLiteral("test_micro_f1"));
  metric_->addItem(tr("Test subset accuracy (multi-label)"), QStringLiteral("test_subset_acc"));
  metric_->addItem(tr("Best dev micro-F1 (multi-label)"), QStringLiteral("best_dev_micro_f1"));
  // Knowledge-probing runs (train/probe_task.h, `pwb probe --db`).
  metric_->addItem(tr("Test P@1 (probing)"), QStringLiteral("test_p_at_1"));
  metric_->addItem(tr("Test P@10 (probing)"), QStringLiteral("test_p_at_10"));
  metric_->addItem(tr("Test MRR (probing)"), QStringLiteral("test_mrr"));
  metric_->addItem(tr("Best dev P@1 (probing)"), QStringLiteral("best_dev_p_at_1"));
  spread_ = new QComboBox(this);
  spread_->setObjectName(QStringLiteral("spread"));
  spread_->addItem(tr("Population std (LM-BFF)"));
  spread_->addItem(tr("Sample std (PET)"));
  auto* refreshButton = new QPushButton(tr("Refresh"), this);
  refreshButton->setToolTip(tr("Re-read the project file (F5)"));
  auto* exportTable = new QPushButton(tr("Export Table…"), this);
  auto* exportPlot = new QPushButton(tr("Export Plot…"), this);
  auto* exportPrompt = new QPushButton(tr("Export Prompt…"), this);
  exportPrompt->setObjectName(QStringLiteral("exportPrompt"));
  exportPrompt->setToolTip(tr("Export the selected run's trained prompt (Ctrl+Shift+E)"));
  auto* ensemble = new QPushButton(tr("Ensemble Selected…"), this);
  ensemble->setObjectName(QStringLiteral("ensembleSelected"));
  ensemble->setToolTip(
      tr("Combine the selected finished runs into one stored run: per test example the mean of their class "
         "probabilities (uniform or PET weights). They must share labels, model and test data."));
  filters->addWidget(new QLabel(tr("Show"), this));
  filters->addWidget(method_);
  filters->addWidget(status_);
  filters->addWidget(name_, 1);
  filters->addWidget(refreshButton);
  layout->addLayout(filters);
  auto* summary = new QHBoxLayout;
  summary->addWidget(new QLabel(tr("Summarise"), this));
  summary->addWidget(metric_);
  summary->addWidget(spread_);
  summary->addStretch(1);
  summary->addWidget(exportTable);
  summary->addWidget(exportPlot);
  summary->addWidget(exportPrompt);
  summary->addWidget(ensemble);
  layout->addLayout(summary);
  info_ = new QLabel(this);
  info_->setObjectName(QStringLiteral("runsInfo"));
  info_->setWordWrap(true);
  layout->addWidget(info_);

  auto* split = new QSplitter(Qt::Vertical, this);
  runsTable_ = new QTableWidget(0, 10, split);
  runsTable_->setObjectName(QStringLiteral("runsTable"));
  runsTable_->setHorizontalHeaderLabels({tr("Id"), tr("Name"), tr("Method"), tr("Seed"), tr("Status"),
                                         tr("Device"), tr("Test acc. %"), tr("Best dev %"), tr("Started"),
                                         tr("Duration")});
  runsTable_->verticalHeader()->setVisible(false);
  runsTable_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  runsTable_->setSelectionBehavior(QAbstractItemView::SelectRows);
  runsTable_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  runsTable_->setAlternatingRowColors(true);
  runsTable_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
  runsTable_->setToolTip(
      tr("Select runs to overlay their loss curves; right-click to export a run's prompt."));
  runsTable_->setContextMenuPolicy(Qt::CustomContextMenu);
  connect(runsTable_, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
    const int row = runsTable_->rowAt(pos.y());
    if (row < 0 || row >= int(runs_.size())) return;
    const qint64 id = runs_[size_t(row)].id;
    QMenu menu(this);
    menu.addAction(tr("Export Trained Prompt…"), this, [this, id]() { emit exportRequested(id); });
    menu.addAction(tr("Overlay Loss Curve"), this, [this, row]() { selectRuns({row}); });
    menu.exec(runsTable_->viewport()->mapToGlobal(pos));
  });
  split->addWidget(runsTable_);

  tabs_ = new QTabWidget(split);
  auto* groupPage = new QSplitter(Qt::Horizontal, tabs_);
  groupTable_ = new QTableWidget(0, 7, groupPage);
  groupTable_->setObjectName(QStringLiteral("groupTable"));
  groupTable_->setHorizontalHeaderLabels({tr("Configuration"), tr("Runs"), tr("Mean (std)"), tr("Median"),
                                          tr("Min"), tr("Max"), tr("Per seed")});
  groupTable_->verticalHeader()->setVisible(false);
  groupTable_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  groupTable_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
  groupTable_->setWordWrap(true);
  groupPlot_ = new QCustomPlot(groupPage);
  groupPlot_->setObjectName(QStringLiteral("groupPlot"));
  groupPlot_->setMinimumSize(360, 240);
  stylePlot(groupPlot_);
  // Legend in a row above the bars: inside the axis rect it covered the tallest bar and its seeds.
  groupPlot_->axisRect()->insetLayout()->take(groupPlot_->legend);
  groupPlot_->plotLayout()->insertRow(0);
  groupPlot_->plotLayout()->addElement(0, 0, groupPlot_->legend);
  groupPlot_->plotLayout()->setRowStretchFactor(0, 0.001);
  groupPlot_->legend->setFillOrder(QCPLegend::foColumnsFirst);
  groupPlot_->legend->setMargins(QMargins(6, 3, 6, 3));
  groupPage->addWidget(groupTable_);
  groupPage->addWidget(groupPlot_);
  // The table's configuration labels need the room; the plot keeps its bars readable at 2/5.
  groupPage->setStretchFactor(0, 3);
  groupPage->setStretchFactor(1, 2);
  groupPage->setSizes({600, 400});
  tabs_->addTab(groupPage, tr("By configuration (mean ± std over seeds)"));
  lossPlot_ = new QCustomPlot(tabs_);
  lossPlot_->setObjectName(QStringLiteral("runsLossPlot"));
  stylePlot(lossPlot_);
  lossPlot_->xAxis->setLabel(tr("step"));
  lossPlot_->yAxis->setLabel(tr("training loss"));
  lossPlot_->legend->setVisible(true);
  tabs_->addTab(lossPlot_, tr("Loss curves of the selected runs"));
  details_ = new QPlainTextEdit(tabs_);
  details_->setObjectName(QStringLiteral("runDetails"));
  details_->setReadOnly(true);
  tabs_->addTab(details_, tr("Run details"));
  split->addWidget(tabs_);
  split->setStretchFactor(0, 2);
  split->setStretchFactor(1, 3);
  layout->addWidget(split, 1);

  connect(refreshButton, &QPushButton::clicked, this, &RunsView::refresh);
  auto* f5 = new QShortcut(QKeySequence(Qt::Key_F5), this);
  f5->setContext(Qt::WidgetWithChildrenShortcut);
  connect(f5, &QShortcut::activated, this, &RunsView::refresh);
  connect(method_, &QComboBox::currentIndexChanged, this, &RunsView::refresh);
  connect(status_, &QComboBox::currentIndexChanged, this, &RunsView::refresh);
  connect(metric_, &QComboBox::currentIndexChanged, this, &RunsView::refresh);
  connect(name_, &QLineEdit::editingFinished, this, &RunsView::refresh);
  connect(spread_, &QComboBox::currentIndexChanged, this, &RunsView::showData);
  connect(runsTable_, &QTableWidget::itemSelectionChanged, this, &RunsView::showLossCurves);
  connect(exportTable, &QPushButton::clicked, this, &RunsView::exportTable);
  connect(exportPlot, &QPushButton::clicked, this, &RunsView::exportPlot);
  connect(exportPrompt, &QPushButton::clicked, this, [this]() { emit exportRequested(selectedRunId()); });
  connect(ensemble, &QPushButton::clicked, this, &RunsView::askAndEnsemble);
  connect(runsTable_, &QTableWidget::currentCellChanged, this, &RunsView::showDetails);
  connect(project_, &Project::opened, this, [this]() {
    watchProject();
    refresh();
  });
  poll_ = new QTimer(this);
  poll_->setInterval(1000);
  connect(poll_, &QTimer::timeout, this, &RunsView::pollForChanges);
  poll_->start();
  if (project_->isOpen()) watchProject();
}

RunsView::~RunsView() = default;

void RunsView::setChangePollInterval(int ms) {
  poll_->setInterval(ms);
}

void RunsView::watchProject() {
  probe_.reset();
  if (!project_->isOpen()) return;
  try {
    probe_ = std::make_unique<store::ChangeProbe>(project_->path().toStdString());
    probe_->changed();  // records where the file stands; the refresh that follows reads that state
  } catch (const std::exception&) {
    probe_.reset();  // no polling for this file (F5 still reads it); the refresh reports what is wrong
  }
}

// On the GUI thread: one PRAGMA on the probe's connection, which never waits for a lock (busy timeout 0).
void RunsView::pollForChanges() {
  if (!project_->isOpen()) {
    probe_.reset();
    return;
  }
  if (!probe_ || probe_->path() != project_->path().toStdString()) {
    watchProject();
    return;
  }
  if (!probe_->changed()) return;
  if (!isVisible()) {
    changedWhileHidden_ = true;
    return;
  }
  reload(true);
}

void RunsView::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  if (changedWhileHidden_) {
    changedWhileHidden_ = false;
    reload(true);
  }
}

void RunsView::changeEvent(QEvent* event) {
  if (event->type() == QEvent::PaletteChange) drawGroups();
  QWidget::changeEvent(event);
}

QString RunsView::statusTitle(store::RunStatus status) const {
  switch (status) {
    case store::RunStatus::Queued:
      return tr("queued");
    case store::RunStatus::Running:
      return tr("running");
    case store::RunStatus::Finished:
      return tr("finished");
    case store::RunStatus::Cancelled:
      return tr("cancelled");
    case store::RunStatus::Failed:
      return tr("failed");
    case store::RunStatus::Interrupted:
      return tr("interrupted");
  }
  return q(store::runStatusName(status));
}

void RunsView::setUseSampleStd(bool sample) {
  spread_->setCurrentIndex(sample ? 1 : 0);
}

void RunsView::refresh() {
  reload(false);
}

void RunsView::reload(bool onlyIfChanged) {
  if (!project_->isOpen()) return;
  if (onlyIfChanged && pollReloadRunning_) {
    pollAgain_ = true;  // one read at a time from the poll; this change is read when it is done
    return;
  }
  // A read asked for (F5, a filter) always shows what it reads: forgetting the fingerprint shown also
  // makes a poll's read that starts after it, and so replaces it, read everything.
  if (!onlyIfChanged) fingerprint_ = 0;
  const int gen = ++generation_;
  const uint64_t shown = fingerprint_;
  const std::string path = project_->path().toStdString();
  store::AggregateOptions opt;
  opt.metric = metric_->currentData().toString().toStdString();
  opt.filter.method = method_->currentData().toString().toStdString();
  opt.filter.nameContains = name_->text().trimmed().toStdString();
  const QString status = status_->currentData().toString();
  opt.includeUnfinished = status != QLatin1String("finished");
  if (!status.isEmpty()) opt.filter.status = store::parseRunStatus(status.toStdString());
  if (onlyIfChanged)
    pollReloadRunning_ = true;
  else
    info_->setText(tr("Reading runs…"));
  runInBackground<Snapshot>(
      this,
      [path, opt, onlyIfChanged, shown]() {
        store::RunStore s(path, readOptions());
        Snapshot snap;
        // One read transaction: the fingerprint belongs to exactly the runs and groups read with it.
        store::Transaction snapshot(s.database(), store::Transaction::Kind::Deferred);
        snap.fingerprint = s.runsFingerprint();
        if (onlyIfChanged && snap.fingerprint == shown) {
          snap.unchanged = true;  // metric rows or heartbeats only: nothing the table shows
          return snap;
        }
        store::RunFilter listFilter = opt.filter;
        listFilter.newestFirst = true;
        snap.runs = s.listRuns(listFilter);
        snap.groups = store::groupRuns(s, opt);
        snapshot.commit();
        return snap;
      },
      [this, gen, onlyIfChanged](Outcome<Snapshot> out) {
        if (onlyIfChanged) {
          pollReloadRunning_ = false;
          if (pollAgain_) {
            pollAgain_ = false;
            QTimer::singleShot(0, this, [this]() { reload(true); });
          }
        }
        if (gen != generation_) return;
        if (!out.ok()) {
          info_->setText(tr("✘ %1").arg(out.error));
          return;
        }
        if (out.value->unchanged) return;
        fingerprint_ = out.value->fingerprint;
        const QList<qint64> selected = selectedRunIds();
        const qint64 current = selectedRunId();
        runs_ = std::move(out.value->runs);
        groups_ = std::move(out.value->groups);
        showData();
        restoreSelection(selected, current);
        emit refreshed();
      });
}

// The rows of the runs selected before a reload, found again by id: new runs come first (newest first),
// so the same row would now hold another run.
void RunsView::restoreSelection(const QList<qint64>& selected, qint64 current) {
  if (selected.isEmpty() && current == 0) return;
  QItemSelection selection;
  int currentRow = -1;
  for (int r = 0; r < int(runs_.size()); ++r) {
    const qint64 id = runs_[size_t(r)].id;
    if (selected.contains(id))
      selection.select(runsTable_->model()->index(r, 0),
                       runsTable_->model()->index(r, runsTable_->columnCount() - 1));
    if (id == current) currentRow = r;
  }
  if (currentRow >= 0)
    runsTable_->selectionModel()->setCurrentIndex(runsTable_->model()->index(currentRow, 0),
                                                  QItemSelectionModel::NoUpdate);
  runsTable_->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
}

void RunsView::showData() {
  const bool sample = spread_->currentIndex() == 1;
  info_->setText(tr("%n run(s), %1 configuration(s). Std: %2.", nullptr, int(runs_.size()))
                     .arg(groups_.size())
                     .arg(sample ? tr("sample (divides by n − 1), as PET reports")
                                 : tr("population (divides by n), as LM-BFF reports")));
  {
    QSignalBlocker block(runsTable_);
    runsTable_->setRowCount(int(runs_.size()));
    for (int i = 0; i < int(runs_.size()); ++i) {
      const auto& r = runs_[size_t(i)];
      auto num = [](const nlohmann::json& j, const char* key) {
        return j.contains(key) && j[key].is_number() ? percentText(j[key].get<double>())
                                                     : QStringLiteral("—");
      };
      auto corr = [](const nlohmann::json& j, const char* key) {
        return j.contains(key) && j[key].is_number() ? correlationText(j[key].get<double>())
                                                     : QStringLiteral("—");
      };
      const QString started = r.startedAt ? QDateTime::fromSecsSinceEpoch(qint64(*r.startedAt))
                                                .toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                                          : QString();
      const QString duration =
          r.startedAt && r.endedAt ? tr("%1 s").arg(*r.endedAt - *r.startedAt, 0, 'f', 1) : QString();
      const QStringList cells{
          QString::number(r.id), q(r.name), q(r.method), r.seed ? QString::number(*r.seed) : QString(),
          statusTitle(r.status), q(r.device),
          // A regression run shows its Pearson in the accuracy columns, named.
          // A regression run shows its Pearson, a multi-label run its micro-F1, a probing run its P@1, named.
          r.results.contains("test_pearson")    ? tr("Pearson %1").arg(corr(r.results, "test_pearson"))
          : r.results.contains("test_micro_f1") ? tr("micro-F1 %1").arg(num(r.results, "test_micro_f1"))
          : r.results.contains("test_p_at_1")   ? tr("P@1 %1").arg(num(r.results, "test_p_at_1"))
                                                : num(r.results, "test_accuracy"),
          r.results.contains("best_dev_pearson") ? tr("Pearson %1").arg(corr(r.results, "best_dev_pearson"))
          : r.results.contains("best_dev_micro_f1")
              ? tr("micro-F1 %1").arg(num(r.results, "best_dev_micro_f1"))
          : r.results.contains("best_dev_p_at_1") ? tr("P@1 %1").arg(num(r.results, "best_dev_p_at_1"))
                                                  : num(r.results, "best_dev_accuracy"),
          started, duration};
      for (int c = 0; c < cells.size(); ++c) {
        auto* item = new QTableWidgetItem(cells[c]);
        if (c == 0 || c == 3 || c == 6 || c == 7 || c == 9)
          item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        if (c == 4 && !r.error.empty()) item->setToolTip(q(r.error));
        runsTable_->setItem(i, c, item);
      }
    }
    fitColumnsToRows(runsTable_);
    runsTable_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
  }

  const TextTable t = groupTextTable();
  groupTable_->setRowCount(int(t.rows.size()));
  for (int r = 0; r < t.rows.size(); ++r)
    for (int c = 0; c < t.rows[r].size(); ++c) {
      auto* item = new QTableWidgetItem(t.rows[r][c]);
      if (c > 0 && c < 6) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
      if (c == 0) item->setToolTip(q(groups_[size_t(r)].configKey));
      groupTable_->setItem(r, c, item);
    }
  groupTable_->resizeColumnsToContents();
  groupTable_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
  groupTable_->resizeRowsToContents();
  drawGroups();
}

void RunsView::exportTable() {
  QString selected;
  const QString path =
      QFileDialog::getSaveFileName(this, tr("Export Table"), QStringLiteral("runs.md"),
                                   tr("Markdown (*.md);;CSV (*.csv);;LaTeX (*.tex)"), &selected);
  if (path.isEmpty()) return;
  const QString error = saveTable(groupTextTable(), path, tr("Accuracy mean (std) over seeds"));
  if (!error.isEmpty()) QMessageBox::warning(this, tr("Export Table"), error);
}

void RunsView::exportPlot() {
  const QString path =
      QFileDialog::getSaveFileName(this, tr("Export Plot"), QStringLiteral("runs.png"),
                                   tr("PNG image (*.png);;SVG drawing (*.svg);;PDF (*.pdf)"));
  if (path.isEmpty()) return;
  const QString error = savePlot(tabs_->currentIndex() == 0 ? groupPlot_ : lossPlot_, path);
  if (!error.isEmpty()) QMessageBox::warning(this, tr("Export Plot"), error);
}

}  // namespace pwb::ui
