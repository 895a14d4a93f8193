#pragma once
// The Verbalizers view's joint fill of several masks: every [MASK] of the template rendered with the chosen
// example is filled together by core's eval::fillMasks (through EvalSession, on the EvalHost worker) in the
// chosen order — left to right, most confident first, or beam search with a width — and each hypothesis is
// shown with its filled text, its score (the sum of the chosen tokens' log-probabilities) and its fills.
#include <QGroupBox>
#include <functional>
#include <optional>
#include <string>
#include <vector>

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace pwb::ui {

class EvalHost;

// What to fill: a template and one example's fields (in the data set's column order).
struct MaskFillInput {
  std::string templateText;
  std::vector<std::string> columns, fields;
};

class MaskFillBox : public QGroupBox {
  Q_OBJECT
 public:
  // `source` gives the current input, or nothing (no model, template or example: the box says so).
  using InputSource = std::function<std::optional<MaskFillInput>()>;
  MaskFillBox(EvalHost* host, InputSource source, QWidget* parent = nullptr);

  QComboBox* orderBox() const { return order_; }
  QSpinBox* beamBox() const { return beam_; }
  QTableWidget* resultTable() const { return results_; }
  QLabel* statusLabel() const { return status_; }

  void fill();          // runs the model on the current input (the Fill button)
  void clearResults();  // the input changed: the shown fills no longer belong to it

 signals:
  void filled();  // results or an error are shown (tests wait on it)

 private:
  EvalHost* host_;
  InputSource source_;
  QComboBox* order_;
  QSpinBox* beam_;
  QPushButton* run_;
  QLabel* status_;
  QTableWidget* results_;
  int generation_ = 0;
};

}  // namespace pwb::ui
