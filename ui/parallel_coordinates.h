#pragma once
// Parallel coordinates of a sweep (QCustomPlot): one vertical axis per hyperparameter, the last axis the
// metric, one polyline per run coloured by the metric (a colour scale at the right). Numeric axes are
// scaled between their smallest and largest value (the learning rate on a log scale), text axes
// (method, template, ...) spread their values evenly in sorted order; a run without a value on an axis
// (e.g. the prompt length of prompt-based fine-tuning) passes below that axis at "—". Hovering a line
// highlights the run and names it; a click selects it. Which axes are shown can be chosen (Axes ▾); until
// the user chooses, a hyperparameter all runs share (one model, one K) gets no axis.
#include <QWidget>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "store/sweep_summary.h"

class QCustomPlot;
class QCPGraph;
class QCPColorScale;
class QComboBox;
class QLabel;
class QToolButton;

namespace pwb::ui {

// One axis: how a value maps onto [0, 1] (bottom to top).
struct ParallelAxis {
  enum class Kind { Linear, Log, Categorical };
  std::string key;  // hyperparameter name, or the metric's key for the last axis
  QString title;
  Kind kind = Kind::Linear;
  double min = 0, max = 0;     // numeric kinds
  QStringList categories;      // Categorical, in axis order (bottom first)
  bool hasMissing = false;     // some run has no value: "—" is drawn below the axis
  std::vector<double> values;  // numeric kinds: the distinct values, ascending
  int decimals = -1;           // >= 0: numeric ticks with this many decimals (the metric's percent)
  bool constant() const { return kind == Kind::Categorical ? categories.size() < 2 : values.size() < 2; }

  static constexpr double kMissing = -0.12;  // where a missing value is drawn
  // Position of a value on the axis: 0 = bottom, 1 = top; kMissing for null; 0.5 when all values agree.
  double position(const nlohmann::json& value) const;
  // Tick positions and labels: every value when there are at most six, else the ends and the middle
  // (log: the ends and every decade between).
  std::vector<std::pair<double, QString>> ticks() const;
};

// The axis for these values (nulls are missing values). Numbers only → Linear (Log when `logScale` and all
// are > 0); anything else → Categorical over the values' texts.
ParallelAxis makeParallelAxis(const std::string& key, const QString& title,
                              const std::vector<nlohmann::json>& values, bool logScale = false);

class ParallelCoordinates : public QWidget {
  Q_OBJECT
 public:
  explicit ParallelCoordinates(QWidget* parent = nullptr);

  // The runs to draw; `params` are the axes they offer (in order). Axes chosen earlier stay chosen.
  void setPoints(const std::vector<store::SweepPoint>& points, const std::vector<std::string>& params);
  void setUseTestMetric(bool test);  // last axis / colour: test metric instead of dev
  bool usesTestMetric() const;
  void setVisibleParams(const QStringList& keys);  // the hyperparameter axes shown, in plot order
  QStringList visibleParams() const;

  const std::vector<ParallelAxis>& axes() const { return axes_; }  // shown axes, metric last
  QCustomPlot* plot() const { return plot_; }
  // The run whose line passes within a few pixels of `pixel` (plot coordinates), 0 when none.
  qint64 runAt(const QPointF& pixel) const;
  qint64 hoveredRun() const { return hovered_; }
  qint64 selectedRun() const { return selected_; }
  void selectRun(qint64 runId);  // 0 clears
  QString describeRun(qint64 runId) const;
  // The polyline of a run in plot coordinates: x = axis index, y = position on the axis.
  std::vector<QPointF> lineOf(qint64 runId) const;

 signals:
  void runHovered(qint64 runId);
  void runSelected(qint64 runId);

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  void rebuild();
  void restyleLines();
  void rebuildAxisMenu();
  std::optional<double> metricOf(const store::SweepPoint& p) const;

  QCustomPlot* plot_;
  QCPColorScale* scale_;
  QToolButton* axesButton_;
  QComboBox* metric_;
  QLabel* info_;
  std::vector<store::SweepPoint> points_;
  std::vector<std::string> params_;
  QStringList hidden_;       // params not shown
  bool axesChosen_ = false;  // the user (or setVisibleParams) chose the axes: keep them
  std::vector<ParallelAxis> axes_;
  std::vector<std::pair<qint64, QCPGraph*>> lines_;
  double metricMin_ = 0, metricMax_ = 1;
  qint64 hovered_ = 0;
  qint64 selected_ = 0;
};

}  // namespace pwb::ui
