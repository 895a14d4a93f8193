#pragma once
// Compare's multi-label page (issue 17): one template and one verbalizer (a word per label) on a multi-label
// file (JSONL label lists or TSV/CSV joined labels); every label predicted whose probability (softmax over
// the label words at the [MASK]) reaches the threshold — or, PET-style, one yes/no cloze per label with
// the label's name in the template's {label} field, predicted when P(yes) reaches the threshold. Shows
// micro-F1, macro-F1 and subset accuracy and a per-label precision / recall / F1 table. The file is read and
// the model run on the EvalHost's worker (core's multilabel::importMultiLabelSet and
// multilabel::runMultiLabel, as `pwb multilabel`), with progress and cancel. Results are not stored in the
// project file (no store schema for them).
#include <optional>

#include "multilabel/multilabel_types.h"
#include "task_page.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTableWidget;

namespace pwb::ui {

class MultiLabelPanel : public TaskPage {
  Q_OBJECT
 public:
  explicit MultiLabelPanel(EvalHost* host, QWidget* parent = nullptr);

  void setLabelColumn(const QString& column);  // empty = "labels"
  void setSeparator(const QString& separator);
  void setDeclaredLabels(const QString& labels);  // joined by the separator; empty = as seen
  void setTemplate(const QString& text);
  void setVerbalizer(const QString& text);
  void setYesNoScheme(bool yesNo);  // one yes/no cloze per label ({label} in the template)
  void setYesNoWords(const QString& text);
  void setThreshold(double threshold);  // 0 = 1 / number of labels (label words) or 0.5 (yes/no)
  void run() override;

  QTableWidget* labelsTable() const { return labels_; }
  QString metricsText() const;
  const std::optional<multilabel::MultiLabelResult>& lastResult() const { return last_; }

 private:
  QLineEdit* labelColumn_;
  QLineEdit* separator_;
  QLineEdit* declared_;
  QLineEdit* template_;
  QLineEdit* verbalizer_;
  QComboBox* scheme_;
  QLineEdit* yesNo_;
  QDoubleSpinBox* threshold_;
  QSpinBox* limit_;
  QLabel* metrics_;
  QTableWidget* labels_;
  std::optional<multilabel::MultiLabelResult> last_;
};

}  // namespace pwb::ui
