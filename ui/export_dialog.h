#pragma once
// File ▸ Export Trained Prompt: a training run's saved prompt written as our resumable bundle or as a
// Hugging Face PEFT adapter (with the refusal or the notes core/export gives for that method and
// template), or the project's runs as a results table (CSV, Markdown, LaTeX); and the vocabulary tokens
// nearest to each trained soft vector. Every store read, export and inspection runs off the GUI thread;
// errors are shown in the dialog.
#include <QDialog>
#include <QStringList>
#include <cstdint>
#include <vector>

#include "export/prompt_inspect.h"
#include "store/records.h"

class QButtonGroup;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace pwb::ui {

class Project;

class ExportDialog : public QDialog {
  Q_OBJECT
 public:
  enum Format { Bundle = 0, Peft = 1, ResultsTable = 2 };

  // Lists the project's runs (in the background) and selects `runId` when it is one of them.
  explicit ExportDialog(Project* project, int64_t runId = 0, QWidget* parent = nullptr);

  // Tests and scripts drive the dialog through these, as the user would.
  bool selectRun(int64_t runId);  // false when the run is not listed
  int64_t currentRunId() const;
  void setFormat(Format format);
  Format format() const;
  void setOutputPath(const QString& path);  // folder (bundle, PEFT) or file (.csv, .md, .tex)
  QString outputPath() const;
  void setModelDir(const QString& dir);  // "" = the model the run recorded
  void startExport();                    // the Export button
  void showNearestTokens();              // the Nearest Tokens button
  void setNearestCount(int k);
  bool isBusy() const { return busy_; }

  const std::vector<store::RunRecord>& runs() const { return runs_; }
  QString statusText() const;
  QString peftNotice() const;  // the refusal or the notes for PEFT, "" when none
  QPushButton* exportButton() const { return exportButton_; }
  QTableWidget* nearestTable() const { return nearest_; }
  QStringList writtenFiles() const { return written_; }  // absolute paths of the last export

 signals:
  void runsLoaded();
  void exportFinished(bool ok, const QString& message);
  void nearestShown(bool ok);

 private:
  void loadRuns(int64_t select);
  void runChanged();
  void formatChanged();
  void browseOutput();
  void browseModel();
  void setBusy(bool busy, const QString& message);
  void updateExportEnabled();
  QString defaultOutput() const;
  void fillNearest(const exporting::PromptInspection& inspection);

  Project* project_;
  QComboBox* run_;
  QLabel* runInfo_;
  QButtonGroup* formats_;
  QLabel* notice_;
  QLineEdit* output_;
  QLineEdit* model_;
  QComboBox* tableScope_;
  QSpinBox* k_;
  QPushButton* nearestButton_;
  QTableWidget* nearest_;
  QLabel* nearestInfo_;
  QProgressBar* busyBar_;
  QLabel* status_;
  QPushButton* exportButton_;
  std::vector<store::RunRecord> runs_;
  QStringList
      hasState_;  // per run: where its trained state is (a folder or "the project file"), "" when none
  QString peftRefusal_;
  QStringList peftNotes_;
  QStringList written_;
  bool outputEdited_ = false;
  bool busy_ = false;
  int generation_ = 0;
};

}  // namespace pwb::ui
