#pragma once
// Column widths fitted to the header and the first rows only. QTableView::resizeColumnToContents() asks
// the delegate for the size of every row of a hidden table, and of up to 1000 rows of a shown one; with
// thousands of runs or predictions (two tables, ten columns) that held the GUI thread for 50-150 ms at every
// refresh (bench_gui_stall). The rows that matter are the ones the user sees first; a longer cell further
// down is elided, and the column can still be widened by hand.
#include <QAbstractItemModel>
#include <QHeaderView>
#include <QTableView>
#include <algorithm>

namespace pwb::ui {

inline constexpr int kSizedRows = 100;

inline void fitColumnToRows(QTableView* table, int column, int rows = kSizedRows) {
  const QAbstractItemModel* model = table->model();
  if (!model || column < 0 || column >= model->columnCount()) return;
  int width = table->horizontalHeader()->sectionSizeHint(column);
  const int last = std::min(model->rowCount(), rows);
  for (int r = 0; r < last; ++r)
    width = std::max(width, table->sizeHintForIndex(model->index(r, column)).width());
  table->setColumnWidth(column, width + (table->showGrid() ? 1 : 0));  // as sizeHintForColumn()
}

inline void fitColumnsToRows(QTableView* table, int rows = kSizedRows) {
  const int columns = table->model() ? table->model()->columnCount() : 0;
  for (int c = 0; c < columns; ++c) fitColumnToRows(table, c, rows);
}

}  // namespace pwb::ui
