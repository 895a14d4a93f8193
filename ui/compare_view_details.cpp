// CompareView, part two: the details of the selected cell (its per-class metrics, confusion matrix,
// demonstrations, predictions) and the flips between two cells. Kept apart from compare_view.cpp, which
// builds the view, and compare_view_evaluate.cpp, which runs the grid.
#include <QCheckBox>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <algorithm>
#include <map>

#include "compare_view.h"
#include "data/dataset.h"
#include "eval_records.h"
#include "grid_model.h"
#include "project.h"
#include "store/example_diff.h"
#include "store/run_store.h"
#include "table_sizing.h"
#include "theme.h"

namespace pwb::ui {

namespace {
QString q(const std::string& s) {
  return QString::fromStdString(s);
}
}  // namespace

void CompareView::clearDetails() {
  shownRow_ = shownColumn_ = -1;
  cellInfo_->clear();
  confusion_->clear();
  confusion_->setRowCount(0);
  confusion_->setColumnCount(0);
  predictions_->clear();
  predictions_->setRowCount(0);
  predictions_->setColumnCount(0);
  flips_->clear();
  flips_->setRowCount(0);
  flips_->setColumnCount(0);
  QSignalBlocker block(runChoice_);
  runChoice_->clear();
  runChoice_->setVisible(false);
}

void CompareView::selectionChanged() {
  const auto selected = grid_->selectionModel()->selectedIndexes();
  if (selected.size() == 1) {
    showCell(selected[0].row(), selected[0].column());
  } else if (selected.size() == 2) {
    showFlips(selected[0].row(), selected[0].column(), selected[1].row(), selected[1].column());
    tabs_->setCurrentIndex(2);
  }
}

// The first set's example ids and how many sets there were: "L3, L12 (1 of 16 sets)".
QString CompareView::demoSummary(const std::vector<std::vector<std::string>>& sets) const {
  QStringList ids;
  for (const auto& id : sets.front()) ids << q(id);
  return sets.size() > 1 ? tr("%1 (1 of %2 sets)").arg(ids.join(QStringLiteral(", "))).arg(sets.size())
                         : ids.join(QStringLiteral(", "));
}

// Every set with the demonstrations' text and label, for the tooltip.
QString CompareView::demoDetails(const std::vector<std::vector<std::string>>& sets, size_t run) const {
  QStringList lines;
  const data::Dataset* pool = run < request_.runs.size() ? &request_.runs[run].demoPool : nullptr;
  for (size_t s = 0; s < sets.size(); ++s) {
    lines << tr("Set %1:").arg(s + 1);
    for (const auto& id : sets[s]) {
      const data::Example* ex = pool ? pool->findById(id) : nullptr;
      QString text = ex ? q(ex->fields.empty() ? std::string() : ex->fields[0]) : QString();
      if (text.size() > 70) text = text.left(69) + QChar(0x2026);
      lines << QStringLiteral("  %1 [%2] %3").arg(q(id), ex ? q(ex->label) : QString(), text);
    }
  }
  return lines.join(QLatin1Char('\n'));
}

QString CompareView::exampleText(const std::string& id) const {
  const int run = std::max(0, runChoice_->currentIndex());
  if (size_t(run) >= request_.runs.size() || size_t(run) >= exampleRows_.size()) return {};
  const auto at = exampleRows_[size_t(run)].find(id);
  if (at != exampleRows_[size_t(run)].end()) {
    const auto* ex = &request_.runs[size_t(run)].data.examples[at->second];
    QStringList f;
    for (const auto& s : ex->fields) f << q(s);
    return f.join(QStringLiteral("  ‖  "));
  }
  return {};
}

void CompareView::showCell(int row, int column) {
  if (model_->isEmpty() || row < 0 || column < 0) return;
  if (!model_->isReady(row, column)) {  // picked while its row is still being evaluated
    clearDetails();
    shownRow_ = row;
    shownColumn_ = column;
    cellInfo_->setText(
        tr("<b>%1 × %2</b> · not evaluated yet")
            .arg(templateNames_.value(row).toHtmlEscaped(), verbalizerNames_.value(column).toHtmlEscaped()));
    return;
  }
  const auto& cell = model_->grid().cells[size_t(row)][size_t(column)];
  if (row != shownRow_ || column != shownColumn_ || runChoice_->count() != int(cell.runs.size())) {
    QSignalBlocker block(runChoice_);
    const int keep = runChoice_->currentIndex();
    runChoice_->clear();
    for (size_t r = 0; r < request_.runs.size(); ++r)
      runChoice_->addItem(request_.runs[r].name.empty() ? tr("all examples") : q(request_.runs[r].name));
    runChoice_->setCurrentIndex(keep >= 0 && keep < runChoice_->count() ? keep : 0);
    runChoice_->setVisible(runChoice_->count() > 1);
  }
  shownRow_ = row;
  shownColumn_ = column;
  const int run = std::clamp(runChoice_->currentIndex(), 0, int(cell.runs.size()) - 1);
  const eval::CellResult& r = cell.runs[size_t(run)];
  QStringList info;
  info << tr("<b>%1 × %2</b>")
              .arg(templateNames_.value(row).toHtmlEscaped(), verbalizerNames_.value(column).toHtmlEscaped());
  info << tr("accuracy %1 %, macro-F1 %2 %, %3 examples")
              .arg(r.metrics.accuracy * 100, 0, 'f', 1)
              .arg(r.metrics.macroF1 * 100, 0, 'f', 1)
              .arg(r.metrics.count);
  for (const auto& n : r.notes) info << q(n).toHtmlEscaped();
  cellInfo_->setText(info.join(QStringLiteral(" · ")));

  const int n = int(r.labels.size());
  confusion_->clear();
  confusion_->setRowCount(n);
  confusion_->setColumnCount(n);
  QStringList gold, pred;
  for (const auto& l : r.labels) gold << tr("gold %1").arg(q(l)), pred << tr("predicted %1").arg(q(l));
  confusion_->setVerticalHeaderLabels(gold);
  confusion_->setHorizontalHeaderLabels(pred);
  int maxCount = 1;
  for (const auto& rowv : r.metrics.confusion)
    for (int v : rowv) maxCount = std::max(maxCount, v);
  for (int g = 0; g < n && g < int(r.metrics.confusion.size()); ++g)
    for (int p = 0; p < n && p < int(r.metrics.confusion[size_t(g)].size()); ++p) {
      const int v = r.metrics.confusion[size_t(g)][size_t(p)];
      auto* item = new QTableWidgetItem(QString::number(v));
      item->setTextAlignment(Qt::AlignCenter);
      const QColor bg =
          blend(palette().color(QPalette::Base), g == p ? QColor(0x22, 0xa0, 0x6b) : QColor(0xe0, 0x4c, 0x4c),
                0.15 + 0.6 * v / maxCount);
      item->setBackground(bg);
      item->setForeground(textOn(bg));
      confusion_->setItem(g, p, item);
    }
  confusion_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  confusion_->verticalHeader()->setSectionResizeMode(QHeaderView::Stretch);

  QStringList headers{tr("#"), tr("Text"), tr("Gold"), tr("Predicted")};
  for (const auto& l : r.labels) headers << tr("p(%1)").arg(q(l));
  const bool withDemos = !r.examples.empty() && !r.examples[0].demos.empty();
  if (withDemos) headers << tr("Demonstrations");
  predictions_->clear();
  predictions_->setColumnCount(int(headers.size()));
  predictions_->setHorizontalHeaderLabels(headers);
  QVector<int> rows;
  for (int i = 0; i < int(r.examples.size()); ++i)
    if (!errorsOnly_->isChecked() || r.examples[size_t(i)].gold != r.examples[size_t(i)].pred) rows << i;
  predictions_->setRowCount(int(rows.size()));
  const QColor wrong = blend(palette().color(QPalette::Base), QColor(0xe0, 0x4c, 0x4c), 0.22);
  for (int k = 0; k < rows.size(); ++k) {
    const auto& ex = r.examples[size_t(rows[k])];
    const bool bad = ex.gold >= 0 && ex.gold != ex.pred;
    auto set = [&](int c, const QString& text, bool right) {
      auto* item = new QTableWidgetItem(text);
      if (right) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
      if (bad) {
        item->setBackground(wrong);
        item->setForeground(textOn(wrong));
      }
      predictions_->setItem(k, c, item);
    };
    set(0, QString::number(rows[k] + 1), true);
    set(1, exampleText(ex.id), false);
    set(2, ex.gold >= 0 ? q(r.labels[size_t(ex.gold)]) : QStringLiteral("—"), false);
    set(3, ex.pred >= 0 ? q(r.labels[size_t(ex.pred)]) : QStringLiteral("—"), false);
    for (int c = 0; c < n && c < int(ex.probs.size()); ++c)
      set(4 + c, QString::number(ex.probs[size_t(c)], 'f', 3), true);
    if (withDemos) {
      set(4 + n, demoSummary(ex.demos), false);
      predictions_->item(k, 4 + n)->setToolTip(demoDetails(ex.demos, size_t(run)));
    }
  }
  fitColumnToRows(predictions_, 0);
  predictions_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
  for (int c = 2; c < headers.size(); ++c) fitColumnToRows(predictions_, c);
}

void CompareView::showFlips(int rowA, int columnA, int rowB, int columnB) {
  if (!model_->isReady(rowA, columnA) || !model_->isReady(rowB, columnB)) return;
  const int run = std::max(0, runChoice_->currentIndex());
  const auto& cellA = model_->grid().cells[size_t(rowA)][size_t(columnA)];
  const auto& cellB = model_->grid().cells[size_t(rowB)][size_t(columnB)];
  if (size_t(run) >= cellA.runs.size() || size_t(run) >= cellB.runs.size()) return;
  const auto a = toEvaluationRecord(cellA.runs[size_t(run)], {});
  const auto b = toEvaluationRecord(cellB.runs[size_t(run)], {});
  const store::EvaluationDiff diff = store::diffEvaluations(a, b);
  const QString nameA = templateNames_.value(rowA) + QStringLiteral(" × ") + verbalizerNames_.value(columnA);
  const QString nameB = templateNames_.value(rowB) + QStringLiteral(" × ") + verbalizerNames_.value(columnB);
  flipsInfo_->setText(
      tr("<b>A</b> = %1, <b>B</b> = %2: %3 examples flip — %4 fixed by B (wrong in A, right in B), "
         "%5 broken by B, %6 changed otherwise.")
          .arg(nameA.toHtmlEscaped(), nameB.toHtmlEscaped())
          .arg(diff.flips.size())
          .arg(diff.fixed)
          .arg(diff.broken)
          .arg(diff.changed));
  flips_->clear();
  flips_->setColumnCount(5);
  flips_->setHorizontalHeaderLabels({tr("#"), tr("Text"), tr("Gold"), tr("A predicts"), tr("B predicts")});
  flips_->setRowCount(int(diff.flips.size()));
  const QColor good = blend(palette().color(QPalette::Base), QColor(0x22, 0xa0, 0x6b), 0.22);
  const QColor badc = blend(palette().color(QPalette::Base), QColor(0xe0, 0x4c, 0x4c), 0.22);
  for (int i = 0; i < int(diff.flips.size()); ++i) {
    const auto& f = diff.flips[size_t(i)];
    const QString gold = f.gold ? q(*f.gold) : QStringLiteral("—");
    auto* idx = new QTableWidgetItem(QString::number(f.index + 1));
    idx->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    flips_->setItem(i, 0, idx);
    flips_->setItem(i, 1, new QTableWidgetItem(exampleText(f.exampleId)));
    flips_->setItem(i, 2, new QTableWidgetItem(gold));
    auto* pa = new QTableWidgetItem(q(f.predictedA));
    auto* pb = new QTableWidgetItem(q(f.predictedB));
    if (f.gold) {
      pa->setBackground(f.predictedA == *f.gold ? good : badc);
      pb->setBackground(f.predictedB == *f.gold ? good : badc);
    }
    flips_->setItem(i, 3, pa);
    flips_->setItem(i, 4, pb);
  }
  fitColumnToRows(flips_, 0);
  flips_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
  for (int c = 2; c < 5; ++c) fitColumnToRows(flips_, c);
}

}  // namespace pwb::ui
