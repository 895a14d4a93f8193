#pragma once
// Project ▸ Data: the model in use (validated summary), the imported data sets (rows, labels, skipped rows)
// with import/remove/make-current, and the examples of the current data set.
#include <QWidget>

class QLabel;
class QTableWidget;
class QTableView;
class QLineEdit;
class QSortFilterProxyModel;

namespace pwb::data {
struct Dataset;
}

namespace pwb::ui {

class Project;
class ExamplesModel;

class ProjectView : public QWidget {
  Q_OBJECT
 public:
  explicit ProjectView(Project* project, QWidget* parent = nullptr);

 signals:
  void chooseModelRequested();
  void importRequested();

 private:
  QString summaryOf(const data::Dataset& data) const;
  void refreshModel();
  void refreshDatasets();
  void refreshExamples();

  Project* project_;
  QLabel* modelPath_;
  QLabel* modelSummary_;
  QTableWidget* datasets_;
  QLineEdit* filter_;
  QTableView* examples_;
  ExamplesModel* examplesModel_;
  QSortFilterProxyModel* proxy_;
  QLabel* examplesCaption_;
  int modelGeneration_ = 0;
};

}  // namespace pwb::ui
