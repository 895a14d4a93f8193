#pragma once
// Compare's multiple-choice page (issue 17): templates (one per line) x "option text" — each template's
// accuracy when every option's text is put at the [MASK] as one mask per word piece and scored with PET's
// sequential rule (sum, or mean per piece), on a multiple-choice file (mc-jsonl: ARC, ARC flat, COPA);
// selecting a template lists its rows with every option's score. The file is read and the model run on the
// EvalHost's worker (core's data::importDataset and choice::runOptionScoring, as `pwb choice`), with
// progress and cancel. Letters as label words need no page: an mc-jsonl data set is single-label
// classification in the grid. Results are not stored in the project file (no store schema for them).
#include <vector>

#include "choice/option_scoring.h"
#include "data/dataset.h"
#include "task_page.h"

class QComboBox;
class QLabel;
class QSpinBox;
class QTableWidget;

namespace pwb::ui {

class ChoicePanel : public TaskPage {
  Q_OBJECT
 public:
  explicit ChoicePanel(EvalHost* host, QWidget* parent = nullptr);

  void setMeanScore(bool mean);  // false: PET's sum
  void setLimit(int rows);       // 0 = all
  void run() override;

  QTableWidget* resultsTable() const { return results_; }
  QTableWidget* rowsTable() const { return rows_; }
  QString detailsText() const;
  const std::vector<choice::OptionScoreResult>& lastResults() const { return last_; }
  void showTemplate(int row);

 private:
  QComboBox* score_;
  QSpinBox* limit_;
  QTableWidget* results_;
  QLabel* details_;
  QTableWidget* rows_;
  std::vector<choice::OptionScoreResult> last_;
  data::Dataset lastSet_;
};

}  // namespace pwb::ui
