// RunsView's work on the selected runs: which they are, their loss curves overlaid, the current run's
// details (results and the runs it was made from), and ensembling them into a new stored run.
#include <qcustomplot.h>

#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QTableWidget>
#include <algorithm>

#include "background.h"
#include "combine/run_ensemble.h"
#include "combine/run_lineage.h"
#include "loss_smoothing.h"
#include "percent_text.h"
#include "plot_style.h"
#include "project.h"
#include "runs_view.h"
#include "store/run_store.h"
#include "theme.h"

namespace pwb::ui {

namespace {
QString q(const std::string& s) {
  return QString::fromStdString(s);
}

struct Curves {
  std::vector<std::pair<QString, std::vector<store::MetricPoint>>> loss;
};
}  // namespace

qint64 RunsView::selectedRunId() const {
  const int row = runsTable_->currentRow();
  return row >= 0 && row < int(runs_.size()) ? runs_[size_t(row)].id : 0;
}

QList<qint64> RunsView::selectedRunIds() const {
  QList<int> rows;
  for (const auto& range : runsTable_->selectedRanges())
    for (int r = range.topRow(); r <= range.bottomRow(); ++r)
      if (r < int(runs_.size())) rows << r;
  std::sort(rows.begin(), rows.end());
  QList<qint64> ids;
  for (int r : rows) ids << runs_[size_t(r)].id;
  return ids;
}

QString RunsView::detailsText() const {
  return details_->toPlainText();
}

void RunsView::askAndEnsemble() {
  const QList<qint64> ids = selectedRunIds();
  if (ids.isEmpty()) {
    info_->setText(tr("Select the runs to ensemble first."));
    return;
  }
  const QStringList choices{tr("Uniform (every run counts the same)"),
                            tr("PET (each run by its accuracy on its training examples before training)")};
  bool ok = false;
  const QString choice = QInputDialog::getItem(this, tr("Ensemble %n Run(s)", nullptr, int(ids.size())),
                                               tr("Weights:"), choices, 0, false, &ok);
  if (!ok) return;
  ensembleSelected(choice == choices[1] ? combine::Weighting::Pet : combine::Weighting::Uniform);
}

void RunsView::ensembleSelected(combine::Weighting weighting) {
  const QList<qint64> ids = selectedRunIds();
  if (ids.isEmpty() || !project_->isOpen()) {
    const QString why = tr("Select the runs to ensemble first.");
    info_->setText(why);
    emit ensembleFailed(why);
    return;
  }
  combine::EnsembleRequest req;
  for (qint64 id : ids) req.runIds.push_back(id);
  req.weighting = weighting;
  const std::string path = project_->path().toStdString();
  info_->setText(tr("Ensembling %n run(s)…", nullptr, int(ids.size())));
  runInBackground<combine::EnsembleResult>(
      this,
      [path, req]() {
        store::RunStore s(path, readOptions());
        return combine::createEnsemble(s, req);
      },
      [this](Outcome<combine::EnsembleResult> out) {
        if (!out.ok()) {
          info_->setText(tr("✘ %1").arg(out.error));
          emit ensembleFailed(out.error);
          return;
        }
        const auto& r = *out.value;
        double best = 0;
        for (const auto& m : r.members) best = std::max(best, m.accuracy);
        refresh();
        info_->setText(tr("Ensemble run %1: test accuracy %2 % (best member %3 %).")
                           .arg(r.runId)
                           .arg(percentText(r.metrics.accuracy), percentText(best)));
        emit ensembleCreated(r.runId);
      });
}

void RunsView::showDetails() {
  const qint64 id = selectedRunId();
  if (id == 0 || !project_->isOpen()) return;
  const int gen = ++detailsGeneration_;
  const std::string path = project_->path().toStdString();
  runInBackground<std::pair<store::RunRecord, std::vector<combine::LineageEntry>>>(
      this,
      [path, id]() {
        store::RunStore s(path, readOptions());
        return std::make_pair(s.getRun(id), combine::runLineage(s, id));
      },
      [this, gen](Outcome<std::pair<store::RunRecord, std::vector<combine::LineageEntry>>> out) {
        if (gen != detailsGeneration_) return;
        if (!out.ok()) {
          details_->setPlainText(tr("✘ %1").arg(out.error));
          return;
        }
        const auto& [run, lineage] = *out.value;
        QStringList lines;
        lines
            << tr("Run %1: %2 (%3, %4)").arg(run.id).arg(q(run.name), q(run.method), statusTitle(run.status));
        if (run.results.contains("test_accuracy") && run.results["test_accuracy"].is_number())
          lines << tr("Test accuracy: %1 %").arg(percentText(run.results["test_accuracy"].get<double>()));
        for (const auto& [key, title] :
             {std::pair<const char*, QString>{"test_micro_f1", tr("Test micro-F1")},
              {"test_macro_f1", tr("Test macro-F1")},
              {"test_subset_acc", tr("Test subset accuracy")},
              {"best_dev_micro_f1", tr("Best dev micro-F1")}})
          if (run.results.contains("task") && run.results["task"] == "multilabel" &&
              run.results.contains(key) && run.results[key].is_number())
            lines << tr("%1: %2 %").arg(title, percentText(run.results[key].get<double>()));
        if (run.results.contains("threshold") && run.results["threshold"].is_number())
          lines << tr("Threshold: %1").arg(run.results["threshold"].get<double>(), 0, 'f', 2);
        if (run.config.contains("task") && run.config["task"] == "multiple-choice")
          lines << tr("Multiple choice (option text scored): the test accuracy above");
        for (const auto& [key, title] : {std::pair<const char*, QString>{"test_pearson", tr("Test Pearson")},
                                         {"test_spearman", tr("Test Spearman")},
                                         {"test_mse", tr("Test MSE")},
                                         {"best_dev_pearson", tr("Best dev Pearson")}})
          if (run.results.contains(key) && run.results[key].is_number())
            lines << tr("%1: %2").arg(title, correlationText(run.results[key].get<double>()));
        for (const auto& [key, title] : {std::pair<const char*, QString>{"test_p_at_1", tr("Test P@1")},
                                         {"test_p_at_10", tr("Test P@10")},
                                         {"best_dev_p_at_1", tr("Best dev P@1")}})
          if (run.results.contains(key) && run.results[key].is_number())
            lines << tr("%1: %2 %").arg(title, percentText(run.results[key].get<double>()));
        if (run.results.contains("test_mrr") && run.results["test_mrr"].is_number())
          lines << tr("Test MRR: %1").arg(run.results["test_mrr"].get<double>(), 0, 'f', 4);
        if (run.results.contains("train_accuracy_before") && run.results["train_accuracy_before"].is_number())
          lines << tr("Accuracy on its training examples before training (PET weight): %1 %")
                       .arg(percentText(run.results["train_accuracy_before"].get<double>()));
        if (lineage.empty()) {
          lines << tr("Made from: no other run.");
        } else {
          lines << QString() << tr("Made from:");
          // Core's sentence per link (the same as `pwb runs show`), a missing run flagged in front.
          for (const auto& e : lineage)
            lines << (e.exists ? QStringLiteral("  ") : QStringLiteral("✘ ")) + q(combine::lineageText(e));
          const std::string missing = combine::missingLinksText(lineage);
          if (!missing.empty()) lines << QString() << q(missing) + QStringLiteral(".");
        }
        details_->setPlainText(lines.join(QLatin1Char('\n')));
        emit detailsShown();
      });
}

void RunsView::selectRuns(const QList<int>& rows) {
  QItemSelection selection;
  for (int r : rows)
    if (r >= 0 && r < runsTable_->rowCount())
      selection.select(runsTable_->model()->index(r, 0),
                       runsTable_->model()->index(r, runsTable_->columnCount() - 1));
  runsTable_->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
}

void RunsView::showLossCurves() {
  QList<int64_t> ids;
  QStringList names;
  for (const auto& range : runsTable_->selectedRanges())
    for (int r = range.topRow(); r <= range.bottomRow(); ++r)
      if (r < int(runs_.size())) {
        ids << runs_[size_t(r)].id;
        names << QStringLiteral("#%1 %2").arg(runs_[size_t(r)].id).arg(q(runs_[size_t(r)].name));
      }
  if (ids.isEmpty()) return;
  const int gen = ++lossGeneration_;
  const std::string path = project_->path().toStdString();
  runInBackground<Curves>(
      this,
      [path, ids, names]() {
        store::RunStore s(path, readOptions());
        Curves c;
        for (int i = 0; i < ids.size(); ++i) c.loss.emplace_back(names[i], s.runMetrics(ids[i], "loss"));
        return c;
      },
      [this, gen](Outcome<Curves> out) {
        if (gen != lossGeneration_) return;
        lossPlot_->clearGraphs();
        if (!out.ok()) {
          info_->setText(tr("✘ %1").arg(out.error));
          return;
        }
        int i = 0;
        std::vector<double> all;
        for (const auto& [name, points] : out.value->loss) {
          auto* g = lossPlot_->addGraph();
          g->setName(name);
          g->setPen(linePen(seriesColor(i++), 1.5, int(points.size())));
          QVector<double> x, y;
          for (const auto& p : points) x << double(p.step), y << p.value, all.push_back(p.value);
          g->setData(x, y, true);
        }
        lossPlot_->rescaleAxes();
        // Every point inside with a margin (rescaleAxes drew the highest one on the frame), as in Train.
        const AxisRange r = fittedRange(all);
        lossPlot_->yAxis->setRange(r.lower, r.upper);
        lossPlot_->replot();
        tabs_->setCurrentIndex(1);
        emit lossCurvesShown();
      });
}
}  // namespace pwb::ui
