#include "loss_smoothing.h"

#include <algorithm>
#include <cmath>

namespace pwb::ui {

double EmaSmoother::add(double y) {
  if (!std::isfinite(y)) return y;
  if (!any_) {
    first_ = y;
    any_ = true;
  }
  allEqual_ = allEqual_ && y == first_;
  last_ = last_ * weight_ + (1 - weight_) * y;
  ++count_;
  if (allEqual_) return y;
  const double debias = weight_ == 1 ? 1 : 1 - std::pow(weight_, count_);
  return last_ / debias;
}

std::vector<double> smoothLikeTensorBoard(const std::vector<double>& values, double weight) {
  std::vector<double> out(values.size());
  const bool constant =
      std::all_of(values.begin(), values.end(), [&](double v) { return v == values.front(); });
  double last = 0;
  int count = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    const double y = values[i];
    if (constant || !std::isfinite(y)) {
      out[i] = y;
      continue;
    }
    last = last * weight + (1 - weight) * y;
    ++count;
    const double debias = weight == 1 ? 1 : 1 - std::pow(weight, count);
    out[i] = last / debias;
  }
  return out;
}

AxisRange fittedRange(const std::vector<double>& values) {
  double lo = INFINITY, hi = -INFINITY;
  for (double v : values) {
    if (!std::isfinite(v)) continue;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  if (lo > hi) return {};
  // A flat series still gets a visible band around it.
  const double pad = hi > lo ? 0.05 * (hi - lo) : std::max(0.05 * std::abs(hi), 0.01);
  AxisRange r{lo - pad, hi + pad};
  if (lo >= 0) r.lower = std::max(0.0, r.lower);
  return r;
}

}  // namespace pwb::ui
