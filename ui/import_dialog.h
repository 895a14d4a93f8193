#pragma once
// File ▸ Import Data Set: choose a file, see how the engine reads it (detected format, encoding, columns,
// label counts, the rows it had to skip and why) before adding it to the project. Column and label mapping
// for headerless files, and skip/stop on bad rows, re-run the import live.
#include <QDialog>
#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QTableWidget;
class QDialogButtonBox;
class QTimer;

namespace pwb::data {
struct Dataset;
}

namespace pwb::ui {

class ImportDialog : public QDialog {
  Q_OBJECT
 public:
  explicit ImportDialog(QWidget* parent = nullptr, const QString& initialFile = QString());

  std::shared_ptr<const data::Dataset> dataset() const { return dataset_; }
  QString filePath() const;
  QString datasetName() const;

 private:
  void browse();
  void reimport();
  void showDataset();
  void showError(const QString& message);
  void updateLabelTable();

  QLineEdit* path_;
  QLineEdit* name_;
  QComboBox* format_;
  QLineEdit* textColumns_;
  QLineEdit* labelColumn_;
  QComboBox* badRows_;
  QTableWidget* labels_;
  QLabel* summary_;
  QTableWidget* preview_;
  QListWidget* problems_;
  QDialogButtonBox* buttons_;
  QTimer* debounce_;
  std::shared_ptr<const data::Dataset> dataset_;
  int generation_ = 0;
  bool updatingLabels_ = false;
};

}  // namespace pwb::ui
