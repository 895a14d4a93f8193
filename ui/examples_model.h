#pragma once
// A data set's examples as a table (line, text fields, label), shared by the Project view and the example
// pickers of the Template and Verbalizer editors. Holds the data set by shared pointer: no copy.
#include <QAbstractTableModel>
#include <memory>

namespace pwb::data {
struct Dataset;
}

namespace pwb::ui {

class ExamplesModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  explicit ExamplesModel(QObject* parent = nullptr);

  void setDataset(std::shared_ptr<const data::Dataset> dataset);
  const std::shared_ptr<const data::Dataset>& dataset() const { return dataset_; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

 private:
  std::shared_ptr<const data::Dataset> dataset_;
};

}  // namespace pwb::ui
