#include "grid_model.h"

#include <QApplication>
#include <QFont>
#include <QPalette>
#include <algorithm>

#include "theme.h"

namespace pwb::ui {

GridModel::GridModel(QObject* parent) : QAbstractTableModel(parent) {}

void GridModel::setGrid(const eval::GridResult& grid, const QStringList& templateNames,
                        const QStringList& verbalizerNames) {
  beginResetModel();
  grid_ = grid;
  rows_ = templateNames;
  columns_ = verbalizerNames;
  endResetModel();
  setMetric(metric_);
}

void GridModel::startGrid(const std::vector<std::string>& templates,
                          const std::vector<std::string>& verbalizers, const QStringList& templateNames,
                          const QStringList& verbalizerNames) {
  beginResetModel();
  grid_ = {};
  grid_.templates = templates;
  grid_.verbalizers = verbalizers;
  grid_.cells.assign(templates.size(), std::vector<eval::GridCell>(verbalizers.size()));
  rows_ = templateNames;
  columns_ = verbalizerNames;
  endResetModel();
  rescale();
}

void GridModel::setRow(int row, const std::vector<eval::GridCell>& cells) {
  if (row < 0 || row >= rowCount() || cells.size() != grid_.cells[size_t(row)].size()) return;
  grid_.cells[size_t(row)] = cells;
  rescale();  // the new row may move the best and worst cell: every colour can change
  if (columnCount() > 0) emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
}

bool GridModel::isReady(int row, int column) const {
  return row >= 0 && column >= 0 && row < rowCount() && column < columnCount() &&
         !grid_.cells[size_t(row)][size_t(column)].runs.empty();
}

int GridModel::readyCells() const {
  int n = 0;
  for (int r = 0; r < rowCount(); ++r)
    for (int c = 0; c < columnCount(); ++c) n += isReady(r, c);
  return n;
}

void GridModel::clear() {
  beginResetModel();
  grid_ = {};
  rows_.clear();
  columns_.clear();
  endResetModel();
}

void GridModel::setMetric(Metric m) {
  metric_ = m;
  rescale();
  if (rowCount() && columnCount()) emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
}

void GridModel::rescale() {
  min_ = 1e9;
  max_ = -1e9;
  for (int r = 0; r < rowCount(); ++r)
    for (int c = 0; c < columnCount(); ++c) {
      if (!isReady(r, c)) continue;
      min_ = std::min(min_, cellMean(r, c));
      max_ = std::max(max_, cellMean(r, c));
    }
}

void GridModel::setSpread(Spread s) {
  spread_ = s;
  if (rowCount() && columnCount()) emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
}

const eval::RunSummary& GridModel::summary(int row, int column) const {
  const auto& cell = grid_.cells[size_t(row)][size_t(column)];
  return metric_ == Metric::Accuracy ? cell.accuracy : cell.macroF1;
}

double GridModel::cellMean(int row, int column) const {
  return summary(row, column).mean * 100.0;
}

double GridModel::cellStd(int row, int column) const {
  const auto& s = summary(row, column);
  return (spread_ == Spread::Population ? s.populationStd : s.sampleStd) * 100.0;
}

QString GridModel::cellText(int row, int column) const {
  const auto& s = summary(row, column);
  if (s.runs > 1)
    return QStringLiteral("%1 (%2)")
        .arg(cellMean(row, column), 0, 'f', 1)
        .arg(cellStd(row, column), 0, 'f', 1);
  return QString::number(cellMean(row, column), 'f', 1);
}

int GridModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : int(grid_.cells.size());
}
int GridModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() || grid_.cells.empty() ? 0 : int(grid_.cells.front().size());
}

QVariant GridModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid()) return {};
  const int r = index.row(), c = index.column();
  if (!isReady(r, c)) {
    if (role == Qt::DisplayRole) return QStringLiteral("…");
    if (role == Qt::TextAlignmentRole) return QVariant::fromValue(Qt::AlignCenter);
    if (role == Qt::ToolTipRole) return QObject::tr("Not evaluated yet");
    return {};
  }
  switch (role) {
    case Qt::DisplayRole:
      return cellText(r, c);
    case Qt::UserRole:
      return cellMean(r, c);
    case Qt::TextAlignmentRole:
      return QVariant::fromValue(Qt::AlignCenter);
    case Qt::BackgroundRole: {
      const double t = max_ - min_ > 1e-9 ? (cellMean(r, c) - min_) / (max_ - min_) : 0.5;
      return heatColor(t, QApplication::palette());
    }
    case Qt::ForegroundRole: {
      const double t = max_ - min_ > 1e-9 ? (cellMean(r, c) - min_) / (max_ - min_) : 0.5;
      return textOn(heatColor(t, QApplication::palette()));
    }
    case Qt::FontRole: {
      QFont f = QApplication::font();
      f.setPointSizeF(f.pointSizeF() * 1.1);
      if (std::abs(cellMean(r, c) - max_) < 1e-9) f.setBold(true);
      return f;
    }
    case Qt::ToolTipRole: {
      const auto& cell = grid_.cells[size_t(r)][size_t(c)];
      auto line = [](const QString& name, const eval::RunSummary& s) {
        return QObject::tr(
                   "%1: mean %2, population std %3, sample std %4, median %5, min %6, max %7 (%8 run(s))")
            .arg(name)
            .arg(s.mean * 100, 0, 'f', 2)
            .arg(s.populationStd * 100, 0, 'f', 2)
            .arg(s.sampleStd * 100, 0, 'f', 2)
            .arg(s.median * 100, 0, 'f', 2)
            .arg(s.min * 100, 0, 'f', 2)
            .arg(s.max * 100, 0, 'f', 2)
            .arg(s.runs);
      };
      return QStringLiteral("%1 × %2\n%3\n%4")
          .arg(rows_.value(r), columns_.value(c), line(QObject::tr("Accuracy"), cell.accuracy),
               line(QObject::tr("Macro-F1"), cell.macroF1));
    }
  }
  return {};
}

QVariant GridModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (role == Qt::DisplayRole)
    return orientation == Qt::Horizontal ? columns_.value(section) : rows_.value(section);
  if (role == Qt::ToolTipRole && orientation == Qt::Vertical && section < int(grid_.templates.size()))
    return QString::fromStdString(grid_.templates[size_t(section)]);
  if (role == Qt::ToolTipRole && orientation == Qt::Horizontal && section < int(grid_.verbalizers.size()))
    return QString::fromStdString(grid_.verbalizers[size_t(section)]);
  return {};
}

}  // namespace pwb::ui
