#pragma once
// File ▸ Import Data Set: choose a file, see how the engine reads it (detected format, encoding, columns,
// label counts, the rows it had to skip and why) before adding it to the project. Column and label mapping
// for headerless files, and skip/stop on bad rows, re-run the import live. The task type (issue 17) picks
// the importer the preview runs (task_import.h): classification and multiple choice become project data
// sets; a regression, knowledge-probing or multi-label file goes to Compare's page for that task
// (MainWindow::setTaskDataSink), with its target / answer / label-list column and, for multi-label, the
// separator and declared labels.
#include <QDialog>
#include <memory>

#include "task_import.h"

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
  TaskKind task() const;
  void setTask(TaskKind task);
  // The file, the options and the task's settings as the preview last read them.
  TaskImport taskImport() const;
  QString summaryText() const;

 private:
  void browse();
  void reimport();
  void showDataset();
  void showError(const QString& message);
  void updateLabelTable();
  void updateTaskFields();
  TaskImport currentRequest() const;

  QLineEdit* path_;
  QLineEdit* name_;
  QComboBox* format_;
  QLineEdit* textColumns_;
  QLineEdit* labelColumn_;
  QLabel* labelColumnLabel_;
  QComboBox* task_;
  QLabel* separatorLabel_;
  QLineEdit* separator_;
  QLabel* declaredLabel_;
  QLineEdit* declared_;
  QComboBox* badRows_;
  QTableWidget* labels_;
  QLabel* summary_;
  QTableWidget* preview_;
  QListWidget* problems_;
  QDialogButtonBox* buttons_;
  QTimer* debounce_;
  std::shared_ptr<const data::Dataset> dataset_;
  std::string taskSummary_;
  int generation_ = 0;
  bool updatingLabels_ = false;
};

}  // namespace pwb::ui
