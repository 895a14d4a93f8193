#include "examples_model.h"

#include "data/dataset.h"

namespace pwb::ui {

ExamplesModel::ExamplesModel(QObject* parent) : QAbstractTableModel(parent) {}

void ExamplesModel::setDataset(std::shared_ptr<const data::Dataset> dataset) {
  beginResetModel();
  dataset_ = std::move(dataset);
  endResetModel();
}

int ExamplesModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() || !dataset_ ? 0 : int(dataset_->examples.size());
}

int ExamplesModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() || !dataset_ ? 0 : int(dataset_->columns.size()) + 2;
}

QVariant ExamplesModel::data(const QModelIndex& index, int role) const {
  if (!dataset_ || !index.isValid()) return {};
  const auto& ex = dataset_->examples[size_t(index.row())];
  const int c = index.column();
  const int fields = int(dataset_->columns.size());
  if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
    if (c == 0) return ex.line;
    if (c <= fields)
      return size_t(c - 1) < ex.fields.size() ? QString::fromStdString(ex.fields[size_t(c - 1)]) : QString();
    return QString::fromStdString(ex.label);
  }
  if (role == Qt::TextAlignmentRole && (c == 0 || c == fields + 1))
    return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
  return {};
}

QVariant ExamplesModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (role != Qt::DisplayRole || orientation != Qt::Horizontal || !dataset_) return {};
  const int fields = int(dataset_->columns.size());
  if (section == 0) return tr("Line");
  if (section <= fields) return QString::fromStdString(dataset_->columns[size_t(section - 1)]);
  return tr("Label");
}

}  // namespace pwb::ui
