#pragma once
// The comparison grid as a heat map: rows = templates, columns = verbalizers, each cell "accuracy" or
// "mean (std)" over runs, its background from red (the grid's worst) to green (its best). A grid can be
// filled row by row while it is evaluated (startGrid, then setRow per finished template): cells not yet
// evaluated show "…" and take no part in the colour scale.
#include <QAbstractTableModel>
#include <QStringList>

#include "eval/eval_types.h"

namespace pwb::ui {

class GridModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum class Metric { Accuracy, MacroF1 };
  enum class Spread { Population, Sample };

  explicit GridModel(QObject* parent = nullptr);

  void setGrid(const eval::GridResult& grid, const QStringList& templateNames,
               const QStringList& verbalizerNames);
  // An empty grid of the request's shape; rows arrive with setRow as their templates finish.
  void startGrid(const std::vector<std::string>& templates, const std::vector<std::string>& verbalizers,
                 const QStringList& templateNames, const QStringList& verbalizerNames);
  void setRow(int row, const std::vector<eval::GridCell>& cells);
  void clear();
  const eval::GridResult& grid() const { return grid_; }
  bool isEmpty() const { return grid_.cells.empty(); }
  bool isReady(int row, int column) const;  // the cell has its results
  int readyCells() const;
  void setMetric(Metric m);
  void setSpread(Spread s);

  // The number shown in a cell, in percent (mean over runs), and its std (percent; 0 for one run).
  double cellMean(int row, int column) const;
  double cellStd(int row, int column) const;
  QString cellText(int row, int column) const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

 private:
  const eval::RunSummary& summary(int row, int column) const;
  void rescale();  // colour range over the ready cells

  eval::GridResult grid_;
  QStringList rows_, columns_;
  Metric metric_ = Metric::Accuracy;
  Spread spread_ = Spread::Population;
  double min_ = 0, max_ = 1;
};

}  // namespace pwb::ui
