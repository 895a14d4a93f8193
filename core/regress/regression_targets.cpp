#include "regress/regression_targets.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <numeric>

#include "common/error.h"
#include "data/dataset_import.h"
#include "data/line_splitter.h"

namespace pwb::regress {
namespace {

// The whole text as a double; false when it is not a number (trailing text included).
bool readNumber(const std::string& text, double& value) {
  const std::string t = data::trimCopy(text);
  if (t.empty()) return false;
  errno = 0;
  char* end = nullptr;
  value = std::strtod(t.c_str(), &end);
  return end == t.c_str() + t.size();
}

// The shortest text that reads back as the same double: Poles::toString() is stored in a run's config and
// read back by parsePoles, and "%g" (6 digits) turned 8666666 into 8.66667e+06 (fuzz_task_import, bug 14).
std::string number(double v) {
  char buf[32];
  for (int digits = 6; digits <= 17; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

}  // namespace

std::string Poles::toString() const {
  if (!hasRange) return lowerWord + ";" + upperWord;
  return number(lower) + "=" + lowerWord + ";" + number(upper) + "=" + upperWord;
}

Poles parsePoles(const std::string& spec) {
  const size_t semi = spec.find(';');
  if (semi == std::string::npos || spec.find(';', semi + 1) != std::string::npos)
    throw Error("poles '" + spec + "': expected two label words, \"LOWER;UPPER\" or \"VL=LOWER;VU=UPPER\"");
  Poles p;
  bool valued[2] = {false, false};
  double values[2] = {0, 0};
  std::string words[2];
  const std::string parts[2] = {spec.substr(0, semi), spec.substr(semi + 1)};
  for (int i = 0; i < 2; ++i) {
    std::string part = data::trimCopy(parts[i]);
    const size_t eq = part.find('=');
    if (eq != std::string::npos) {
      const std::string v = part.substr(0, eq);
      if (!readNumber(v, values[i]) || !std::isfinite(values[i]))
        throw Error("poles '" + spec + "': '" + data::trimCopy(v) + "' is not a finite number");
      valued[i] = true;
      part = data::trimCopy(part.substr(eq + 1));
    }
    if (part.empty()) throw Error("poles '" + spec + "': pole " + std::to_string(i + 1) + " has no word");
    words[i] = part;
  }
  if (valued[0] != valued[1]) throw Error("poles '" + spec + "': give a value for both poles or for neither");
  p.lowerWord = words[0];
  p.upperWord = words[1];
  if (valued[0]) {
    p.hasRange = true;
    // Written either way round: the smaller value is the lower pole.
    if (values[0] > values[1]) {
      std::swap(values[0], values[1]);
      std::swap(p.lowerWord, p.upperWord);
    }
    if (!(values[0] < values[1])) throw Error("poles '" + spec + "': the two values must differ (vl < vu)");
    p.lower = values[0];
    p.upper = values[1];
  }
  return p;
}

Poles resolveRange(Poles poles, const std::vector<double>& targets) {
  if (poles.hasRange) return poles;
  if (targets.empty())
    throw Error("no targets to take the poles' range from: give it as \"VL=LOWER;VU=UPPER\"");
  const auto [lo, hi] = std::minmax_element(targets.begin(), targets.end());
  if (!(*lo < *hi))
    throw Error("every target is " + number(*lo) +
                ": the poles' range cannot come from the data; give it as \"VL=LOWER;VU=UPPER\"");
  poles.lower = *lo;
  poles.upper = *hi;
  poles.hasRange = true;
  return poles;
}

std::array<float, 2> poleTarget(double y, double lower, double upper) {
  if (!(lower < upper)) throw Error("pole range [" + number(lower) + ", " + number(upper) + "] is empty");
  const double t = (std::clamp(y, lower, upper) - lower) / (upper - lower);
  return {static_cast<float>(1.0 - t), static_cast<float>(t)};
}

double poleExpectation(double pUpper, double lower, double upper) {
  return lower + (upper - lower) * pUpper;
}

std::string RegressionSet::summary() const {
  const size_t skipped = data.problems.size();
  std::string s = std::to_string(data.examples.size()) + (data.examples.size() == 1 ? " row" : " rows");
  if (!targets.empty()) {
    const double mean = std::accumulate(targets.begin(), targets.end(), 0.0) / double(targets.size());
    s += ", targets " + number(min) + " to " + number(max) + " (mean " + number(mean) + ")";
  }
  return s + ", " + std::to_string(skipped) + (skipped == 1 ? " row skipped" : " rows skipped");
}

std::vector<double> parseTargets(data::Dataset& ds) {
  std::vector<double> targets;
  std::vector<data::Example> kept;
  kept.reserve(ds.examples.size());
  for (auto& e : ds.examples) {
    double v = 0;
    if (!readNumber(e.label, v)) {
      ds.problems.push_back({ds.path, e.line, "target '" + e.label + "' is not a number"});
      continue;
    }
    if (!std::isfinite(v)) {
      ds.problems.push_back({ds.path, e.line, "target '" + e.label + "' is not finite"});
      continue;
    }
    targets.push_back(v);
    kept.push_back(std::move(e));
  }
  ds.examples = std::move(kept);
  std::stable_sort(ds.problems.begin(), ds.problems.end(),
                   [](const data::Problem& a, const data::Problem& b) { return a.line < b.line; });
  data::refreshLabels(ds);
  return targets;
}

RegressionSet importRegressionSet(const std::string& path, const RegressionImportOptions& options) {
  RegressionSet out;
  out.targetColumn = options.targetColumn;
  data::ImportOptions io;
  io.format = options.format.empty() ? "auto" : options.format;
  io.labelColumn = options.targetColumn;
  io.textColumns = options.fields;
  // Skip while reading, stop afterwards: the first bad row by line, whichever layer found it.
  io.onBadRow = data::OnBadRow::Skip;
  io.maxRows = options.maxRows;
  out.data = data::importDataset(path, io);
  data::Dataset& ds = out.data;
  if (!ds.examples.empty() && ds.unlabeled)
    throw fileError(
        path, "no row has a target" +
                  (options.targetColumn.empty() ? std::string() : " in '" + options.targetColumn + "'"));
  for (auto& p : ds.problems)
    if (p.message.rfind("missing label", 0) == 0) p.message = "missing target" + p.message.substr(13);
  out.targets = parseTargets(ds);
  if (options.onBadRow == data::OnBadRow::Stop && !ds.problems.empty())
    throw lineError(path, ds.problems.front().line, ds.problems.front().message);
  if (!out.targets.empty()) {
    const auto [lo, hi] = std::minmax_element(out.targets.begin(), out.targets.end());
    out.min = *lo;
    out.max = *hi;
  }
  return out;
}

double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

data::Dataset poleDataset(const data::Dataset& ds, const std::vector<double>& targets, double threshold) {
  if (targets.size() != ds.examples.size())
    throw Error("regression: " + std::to_string(targets.size()) + " targets for " +
                std::to_string(ds.examples.size()) + " rows");
  data::Dataset out = ds;
  for (size_t i = 0; i < out.examples.size(); ++i)
    out.examples[i].label = targets[i] > threshold ? kUpperPole : kLowerPole;
  data::refreshLabels(out);
  // Both pole classes exist even when every row falls on one side: the classifier's class order is fixed.
  out.labels = {kLowerPole, kUpperPole};
  out.unlabeled = false;
  return out;
}

}  // namespace pwb::regress
