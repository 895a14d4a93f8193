#pragma once
// Compare's knowledge-probing page (issue 17): probing templates (one per line) x "vocabulary" — each
// template's P@1 over the model's whole vocabulary on a facts file (LAMA JSONL or TSV/CSV with an answer
// column), with P@10, MRR and the scored count beside it; selecting a template lists its facts with the
// answer's rank and the model's top tokens. The file is read and the model run on the EvalHost's worker
// (core's probe::importProbeSet and probe::runProbe, as `pwb probe`), with progress and cancel. Results are
// not stored in the project file (the store has no schema for them).
#include <QWidget>
#include <atomic>
#include <memory>
#include <vector>

#include "probe/probe_import.h"
#include "probe/probe_types.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace pwb::ui {

class EvalHost;

class ProbePanel : public QWidget {
  Q_OBJECT
 public:
  explicit ProbePanel(EvalHost* host, QWidget* parent = nullptr);
  ~ProbePanel() override;  // cancels a probe still running (the window is closing)

  void setFactsFile(const QString& path);
  QString factsFile() const;
  void setTemplates(const QStringList& templates);  // one row each
  void setFirstPiece(bool firstPiece);              // score multi-piece answers by their first piece
  void setLimit(int facts);                         // 0 = all
  void run();
  void cancel();
  bool isRunning() const { return running_; }

  QTableWidget* resultsTable() const { return results_; }
  QTableWidget* factsTable() const { return facts_; }
  QString statusText() const;
  QString detailsText() const;
  const std::vector<probe::ProbeResult>& lastResults() const { return last_; }
  void showTemplate(int row);

 Q_SIGNALS:
  void finished(bool ok);

 private:
  EvalHost* host_;
  QLineEdit* file_;
  QLineEdit* answer_;
  QPlainTextEdit* templates_;
  QComboBox* multiPiece_;
  QSpinBox* limit_;
  QPushButton* run_;
  QPushButton* cancel_;
  QProgressBar* progress_;
  QLabel* status_;
  QTableWidget* results_;
  QLabel* details_;
  QTableWidget* facts_;
  std::vector<probe::ProbeResult> last_;
  probe::ProbeSet lastSet_;
  std::shared_ptr<std::atomic<bool>> cancelFlag_;
  bool running_ = false;
};

}  // namespace pwb::ui
