#pragma once
// Templates: the project's templates (add, duplicate, rename, delete), an editor with syntax highlighting
// and the parser's errors underlined where they are, and the live preview of the selected example as the
// model will see it: token pieces coloured by source, positions and segment ids, the mask position, the
// length against the maximum, and the tokens truncation would cut. A template with demonstrations
// ([DEMOS] ... [/DEMOS]) is shown as one full input: the query and one demonstration per class from the
// project's data set (template_demos.h), their text and label words coloured apart from the query.
#include <QMap>
#include <QWidget>

class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTextDocument;
class QTimer;

namespace pwb::ui {

class Project;
class ExamplePicker;
class TemplateHighlighter;
class TokenChipView;

class TemplateView : public QWidget {
  Q_OBJECT
 public:
  explicit TemplateView(Project* project, QWidget* parent = nullptr);

  // For tests and the screenshot script.
  QPlainTextEdit* editor() const { return editor_; }
  TokenChipView* preview() const { return chips_; }
  TokenChipView* cutPreview() const { return cut_; }
  QString statusText() const;
  ExamplePicker* examplePicker() const { return picker_; }
  int currentTemplate() const;
  void selectTemplate(int index);
  void setMaxLength(int tokens);
  // LM-BFF's sentence limits for templates with demonstrations (0 = none).
  void setSentenceLimits(int first, int other);
  QString lengthInfoText() const;
  // Shown while the editor holds an LM-BFF or OpenPrompt template: converts it to workbench syntax.
  QPushButton* convertButton() const { return convert_; }
  void updatePreviewNow();  // skips the typing debounce

 private:
  void refreshList();
  void showTemplate(int index);
  void textEdited();
  void convertPasted();
  void updatePreview();
  void setStatus(const QString& text, bool error, const QString& toolTip = QString());
  QTextDocument* documentFor(int index);

  Project* project_;
  QListWidget* list_;
  QPlainTextEdit* editor_;
  QPushButton* convert_;
  QLabel* status_;
  ExamplePicker* picker_;
  QSpinBox* maxLength_;
  QWidget* limitsRow_;
  QSpinBox* firstLimit_;
  QSpinBox* otherLimit_;
  QList<QWidget*> demoLegend_;
  QLabel* lengthInfo_;
  TokenChipView* chips_;
  QLabel* cutCaption_;
  TokenChipView* cut_;
  QLabel* renderedText_;
  QTimer* previewTimer_;
  QTimer* saveTimer_;
  // One document per template (by name) keeps each template's own undo/redo history.
  QMap<QString, QTextDocument*> documents_;
  QMap<QTextDocument*, TemplateHighlighter*> highlighters_;
  int shown_ = -1;
  bool loading_ = false;
};

}  // namespace pwb::ui
