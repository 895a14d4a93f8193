#pragma once
// Verbalizers: the project's verbalizers; a table label -> words where each word is shown as the model's
// tokenizer splits it (single token, several tokens, unknown); the most likely tokens at the mask for the
// selected example (double-click one to add it to the selected label); and LM-BFF label-word suggestions
// that become a verbalizer with one click; all masks of the template filled jointly (MaskFillBox). Model
// calls run on the EvalHost worker.
#include <QWidget>
#include <atomic>
#include <memory>

class QComboBox;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace pwb::ui {

class Project;
class EvalHost;
class ExamplePicker;
class MaskFillBox;
struct LabelWords;

class VerbalizerView : public QWidget {
  Q_OBJECT
 public:
  VerbalizerView(Project* project, EvalHost* host, QWidget* parent = nullptr);

  int currentVerbalizer() const;
  void selectVerbalizer(int index);
  QTableWidget* mappingTable() const { return mapping_; }
  QTableWidget* topKTable() const { return topK_; }
  QTableWidget* suggestionTable() const { return suggestions_; }
  MaskFillBox* maskFillBox() const { return fill_; }
  void refreshTopK();
  void startSuggestions();

 signals:
  void topKUpdated();  // tests wait on these
  void suggestionsUpdated();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void softenSelection();
  void refreshList();
  void refreshTemplates();
  void showMapping();
  void mappingEdited();
  QVector<LabelWords> mappingFromTable() const;
  QString selectedTemplateText() const;
  void addWordToSelectedLabel(const QString& word);

  Project* project_;
  EvalHost* host_;
  QListWidget* list_;
  QComboBox* template_;
  QTableWidget* mapping_;
  QLabel* notes_;
  ExamplePicker* picker_;
  QSpinBox* k_;
  QTableWidget* topK_;
  MaskFillBox* fill_;
  QLabel* topKStatus_;
  QSpinBox* shots_;
  QPushButton* suggest_;
  QPushButton* cancel_;
  QProgressBar* progress_;
  QTableWidget* suggestions_;
  QLabel* suggestStatus_;
  std::shared_ptr<std::atomic<bool>> cancelFlag_;
  int topKGeneration_ = 0;
  bool updating_ = false;
};

}  // namespace pwb::ui
