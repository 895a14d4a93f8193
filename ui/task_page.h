#pragma once
// The scaffolding Compare's task pages share (knowledge probing, multiple choice, multi-label, regression):
// the left column — a data box whose first row is the file with Browse…, an optional templates box (one
// template per line), an options box, the Run/Cancel row, the thin progress bar and the status label — and
// the run's life cycle: the prologue that checks the inputs and the model and raises a fresh cancel flag,
// cancelling on EvalHost::closing and in the destructor, and the epilogue that resets the buttons. A page
// builds its own right-hand side into split() and its own worker call in run(). Object names are the
// page's prefix + "File", "Templates", "Button", "Progress", "Status" (tests and the screenshot tour find
// the widgets by them).
#include <QString>
#include <QStringList>
#include <QWidget>
#include <atomic>
#include <memory>

class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSplitter;
class QTableWidget;
class QTableWidgetItem;
class QVBoxLayout;

namespace pwb::ui {

class EvalHost;

class TaskPage : public QWidget {
  Q_OBJECT
 public:
  ~TaskPage() override;  // cancels work still running (the window is closing)

  void setDataFile(const QString& path);
  QString dataFile() const;
  void setTemplates(const QStringList& templates);  // one row each; pages without a templates box ignore it
  virtual void run() = 0;
  void cancel();
  bool isRunning() const { return running_; }
  QString statusText() const;

 Q_SIGNALS:
  void finished(bool ok);

 protected:
  TaskPage(EvalHost* host, const QString& prefix, QWidget* parent);

  // The builders, in the order the left column shows them. Each returns the form a page adds its rows to.
  QFormLayout* addDataBox(const QString& title, const QString& fileToolTip, const QString& browseFilter,
                          const QString& initialFile = {});
  void addTemplatesBox(const QString& title, const QString& initialText);
  QFormLayout* addOptionsBox(const QString& title);
  void addRunRow(const QString& runText, const QString& runToolTip = {});
  QSplitter* split() const { return split_; }
  // The right side of a templates x one-column page: the results grid (a row per template, named prefix +
  // "Results"), a details label under it (prefix + "Details") and, below, the selected template's rows.
  struct GridAndRows {
    QTableWidget* results;
    QLabel* details;
    QTableWidget* rows;
  };
  GridAndRows addGridAndRows(const QString& gridTitle, const QStringList& resultHeaders,
                             const QString& rowsName, const QStringList& rowHeaders);

  // The run prologue: false (status set, finished(false) emitted) when a run is going on, the file or (with
  // a templates box) every template is missing, or the project has no model; else the page is marked
  // running with `busyText` and a fresh cancel flag, and *templates holds the box's lines.
  bool beginRun(const QString& missingText, const QString& busyText, QStringList* templates = nullptr);
  // The epilogue every worker reply starts with: buttons back, flag dropped.
  void endRun();
  // endRun's companion for a failed run: the error in the status label, finished(false).
  void failRun(const QString& error);
  std::shared_ptr<std::atomic<bool>> cancelFlag() const { return cancelFlag_; }
  QString trimmedFile() const;
  // A read-only results cell, numbers right-aligned by default.
  static QTableWidgetItem* cell(const QString& text, Qt::Alignment align = Qt::AlignRight | Qt::AlignVCenter);

  EvalHost* host_;
  QProgressBar* progress_ = nullptr;
  QLabel* status_ = nullptr;

 private:
  QString prefix_;
  QSplitter* split_;
  QWidget* left_;
  QVBoxLayout* leftLayout_;
  QLineEdit* file_ = nullptr;
  QPlainTextEdit* templates_ = nullptr;
  QPushButton* run_ = nullptr;
  QPushButton* cancel_ = nullptr;
  std::shared_ptr<std::atomic<bool>> cancelFlag_;
  bool running_ = false;
};

}  // namespace pwb::ui
