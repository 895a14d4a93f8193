#pragma once
// Compare's knowledge-probing page (issue 17): probing templates (one per line) x "vocabulary" — each
// template's P@1 over the model's whole vocabulary on a facts file (LAMA JSONL or TSV/CSV with an answer
// column), with P@10, MRR and the scored count beside it; selecting a template lists its facts with the
// answer's rank and the model's top tokens. The file is read and the model run on the EvalHost's worker
// (core's probe::importProbeSet and probe::runProbe, as `pwb probe`), with progress and cancel. Results are
// not stored in the project file (the store has no schema for them).
#include <vector>

#include "probe/probe_import.h"
#include "probe/probe_types.h"
#include "task_page.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTableWidget;

namespace pwb::ui {

class ProbePanel : public TaskPage {
  Q_OBJECT
 public:
  explicit ProbePanel(EvalHost* host, QWidget* parent = nullptr);

  void setAnswerColumn(const QString& column);  // empty = "answer", else "obj_label"
  void setFirstPiece(bool firstPiece);          // score multi-piece answers by their first piece
  void setLimit(int facts);                     // 0 = all
  void run() override;

  QTableWidget* resultsTable() const { return results_; }
  QTableWidget* factsTable() const { return facts_; }
  QString detailsText() const;
  const std::vector<probe::ProbeResult>& lastResults() const { return last_; }
  void showTemplate(int row);

 private:
  QLineEdit* answer_;
  QComboBox* multiPiece_;
  QSpinBox* limit_;
  QTableWidget* results_;
  QLabel* details_;
  QTableWidget* facts_;
  std::vector<probe::ProbeResult> last_;
  probe::ProbeSet lastSet_;
};

}  // namespace pwb::ui
