#pragma once
// File ▸ Choose Model: pick a Hugging Face masked-LM folder, validate it with the engine's torch-free
// inspectModel() off the GUI thread, and show what was found (or the engine's sentence explaining why not).
#include <QDialog>
#include <QString>

class QLabel;
class QLineEdit;
class QDialogButtonBox;
class QPlainTextEdit;

namespace pwb::ui {

class ModelDialog : public QDialog {
  Q_OBJECT
 public:
  explicit ModelDialog(const QString& initialDir, QWidget* parent = nullptr);
  QString modelDir() const;  // the validated folder (empty until validation succeeded)

  // Validates synchronously (fast: headers only); returns "" or the error sentence. Used by tests and by
  // the command line (--model).
  static QString validate(const QString& dir, QString* summary = nullptr);

 private:
  void browse();
  void startValidation();
  void showResult(bool ok, const QString& text);

  QLineEdit* path_;
  QLabel* status_;
  QPlainTextEdit* details_;
  QDialogButtonBox* buttons_;
  QString validDir_;
  int generation_ = 0;  // drops stale results when the path changes while a check is running
};

}  // namespace pwb::ui
