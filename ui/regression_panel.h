#pragma once
// Compare's regression page (issue 17, LM-BFF's STS-B form): templates (one per line) x pole pairs (one per
// line, as `--poles`: "0=terrible;4=great" or "terrible;great") on a data set with a numeric target column;
// each cell is the Pearson correlation of the pole expectation with the targets, and selecting a cell shows
// its Spearman and MSE and lists its rows (target, prediction, p_upper). The file is read and the model run
// on the EvalHost's worker with core's regress::importRegressionSet and regress::runRegression, the two calls
// `pwb eval --task regression` makes, so a cell equals that command's Pearson on the same input. Results are
// not stored in the project file (no store schema for them).
#include <vector>

#include "regress/regression_eval.h"
#include "regress/regression_targets.h"
#include "task_page.h"

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;
class QTableWidget;

namespace pwb::ui {

class RegressionPanel : public TaskPage {
  Q_OBJECT
 public:
  explicit RegressionPanel(EvalHost* host, QWidget* parent = nullptr);

  void setTargetColumn(const QString& column);  // empty = the importer's default ("label", else the last)
  void setPoles(const QStringList& specs);      // one column each
  void setLimit(int rows);                      // 0 = all
  void run() override;

  QTableWidget* resultsTable() const { return results_; }
  QTableWidget* rowsTable() const { return rows_; }
  QString detailsText() const;
  // The cell's result (template `row`, pole pair `column`); nullptr outside the last grid.
  const regress::RegressionResult* cellResult(int row, int column) const;
  void showCell(int row, int column);

 private:
  QLineEdit* target_;
  QPlainTextEdit* poles_;
  QSpinBox* limit_;
  QTableWidget* results_;
  QLabel* details_;
  QTableWidget* rows_;
  std::vector<regress::RegressionResult> last_;  // row-major: template x pole pair
  int poleCount_ = 0;
  regress::RegressionSet lastSet_;
};

}  // namespace pwb::ui
