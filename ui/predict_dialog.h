#pragma once
// File ▸ Predict on File…: a classifier applied to a file without labels, written as CSV or JSONL with the
// predicted label and every class probability — the same core function as `pwb predict`
// (export/predict_stream.h), run off the GUI thread with a progress bar (the share of the input read) and
// Cancel (the rows written so far stay in the output). The classifier is the current template and
// verbalizer (zero-shot on the project's model), a finished run of the project, or a bundle / training
// state / PEFT adapter folder.
#include <QDialog>
#include <QString>
#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "store/records.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QStackedWidget;

namespace pwb::ui {

class Project;

class PredictDialog : public QDialog {
  Q_OBJECT
 public:
  enum Source { CurrentPvp = 0, FinishedRun = 1, PromptFolder = 2 };

  // templateText / verbalizer: the workbench's current ones (the zero-shot source starts with them).
  PredictDialog(Project* project, const QString& templateText, const QString& verbalizer,
                QWidget* parent = nullptr);
  ~PredictDialog() override;

  // Tests and scripts drive the dialog through these, as the user would.
  void setSource(Source source);
  void setTemplateText(const QString& text);
  void setVerbalizer(const QString& spec);
  bool selectRun(int64_t runId);  // false when it is not listed (finished runs with a model only)
  void setPromptDir(const QString& dir);
  void setInputPath(const QString& path);
  void setOutputPath(const QString& path);      // the format follows the extension unless chosen
  void setOutputFormat(const QString& format);  // "csv" | "jsonl"
  void start();                                 // the Predict button
  void cancel();                                // the Cancel button
  bool isBusy() const { return busy_; }
  QString statusText() const;
  QProgressBar* progressBar() const { return progress_; }
  const std::vector<store::RunRecord>& runs() const { return runs_; }

 signals:
  void runsLoaded();
  void finished(bool ok, const QString& message);

 protected:
  void reject() override;  // closing while busy cancels first

 private:
  void loadRuns();
  void setBusy(bool busy);

  Project* project_;
  QComboBox* source_;
  QStackedWidget* sourcePages_;
  QLineEdit* template_;
  QLineEdit* verbalizer_;
  QComboBox* run_;
  QLineEdit* promptDir_;
  QLineEdit* input_;
  QLineEdit* output_;
  QComboBox* format_;
  QProgressBar* progress_;
  QLabel* status_;
  QPushButton* start_;
  QPushButton* cancel_;
  std::vector<store::RunRecord> runs_;
  std::shared_ptr<std::atomic<bool>> cancelFlag_;
  bool busy_ = false;
};

}  // namespace pwb::ui
