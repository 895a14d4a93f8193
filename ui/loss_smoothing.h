#pragma once
// The Train view's loss curve: TensorBoard's scalar smoothing and a y range fitted to the data. Plain C++
// (no Qt, no torch) so that the numbers are tested on their own.
//
// Smoothing is TensorBoard's exponential moving average with debiasing (vz_line_chart2/line-chart.ts,
// resmoothDataset): last = w·last + (1 − w)·y, starting from 0, shown as last / (1 − w^n) after n finite
// points, so the first points are not pulled towards 0. A non-finite point is shown as it is and does not
// enter the average; a series whose values are all equal is shown unsmoothed.
#include <vector>

namespace pwb::ui {

// Adds one point at a time (the live curve). Where TensorBoard looks at the whole series for "all values
// equal", this looks at the points so far: the shown values agree with smoothLikeTensorBoard up to
// rounding (a debiased average of equal values is that value).
class EmaSmoother {
 public:
  explicit EmaSmoother(double weight = 0.6) : weight_(weight) {}
  double add(double y);
  double weight() const { return weight_; }

 private:
  double weight_;
  double last_ = 0;
  int count_ = 0;  // finite points averaged
  bool allEqual_ = true;
  double first_ = 0;
  bool any_ = false;
};

// TensorBoard's smoothing of a whole series; weight in [0, 1) (0 = unsmoothed).
std::vector<double> smoothLikeTensorBoard(const std::vector<double>& values, double weight);

struct AxisRange {
  double lower = 0, upper = 1;
};

// A y range holding every finite value with 5 % of the span to spare at each end (so the highest point
// is not drawn on the frame), never below 0 when no value is; 0..1 for no finite value.
AxisRange fittedRange(const std::vector<double>& values);

}  // namespace pwb::ui
