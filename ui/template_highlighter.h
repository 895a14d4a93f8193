#pragma once
// Syntax colours for the template language: {fields}, [MASK]/<mask>, [SOFT…] soft tokens, [P…] pseudo
// tokens, [SEP]/[CLS], escapes; and the parser's error, underlined with a red wave at its line/column.
// Colours come from the palette so the dark theme stays readable.
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace pwb::ui {

class TemplateHighlighter : public QSyntaxHighlighter {
  Q_OBJECT
 public:
  explicit TemplateHighlighter(QTextDocument* document);

  // 1-based line/column of the parser's error (0 = none); re-highlights the affected line.
  void setError(int line, int column, const QString& message);
  void clearError() { setError(0, 0, QString()); }
  int errorLine() const { return errorLine_; }
  int errorColumn() const { return errorColumn_; }

  void updateColours();  // after a palette change

 protected:
  void highlightBlock(const QString& text) override;

 private:
  QTextCharFormat field_, mask_, soft_, pseudo_, special_, demo_, demoLabel_, escape_;
  int errorLine_ = 0, errorColumn_ = 0;
  QString errorMessage_;
};

}  // namespace pwb::ui
