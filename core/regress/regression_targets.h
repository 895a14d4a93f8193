#pragma once
// Regression data and its two poles (LM-BFF's STS-B form). The generic importers of core/data read the file
// (formats, encodings, file:line problems); the target is their label column, and this layer reads it as a
// number: a target that is not a number, or not finite ("nan", "inf", 1e999), is counted in
// Dataset::problems with file and line and the row left out — never a crash, never a silent drop.
// Torch-free.
#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "data/import_options.h"

namespace pwb::regress {

// The two label words whose probabilities at the [MASK] give the prediction, and the range they stand for.
// Spec: "LOWER;UPPER" (range from the data's min and max) or "VL=LOWER;VU=UPPER" (e.g. "0=No;5=Yes").
struct Poles {
  std::string lowerWord;
  std::string upperWord;
  bool hasRange = false;  // false: resolveRange() takes the data's min and max
  double lower = 0;
  double upper = 1;
  std::string toString() const;  // the spec as parsePoles reads it back
};

// Throws pwb::Error naming what is wrong (not two poles, an empty word, a value that is not a number,
// vl >= vu, only one side with a value).
Poles parsePoles(const std::string& spec);

// The poles' range: the given one, or the targets' min and max. Throws pwb::Error when it is empty (vl >=
// vu: one distinct target and no range given).
Poles resolveRange(Poles poles, const std::vector<double>& targets);

// LM-BFF's target distribution over (lower, upper) for a value y in [vl, vu]:
// [(vu - y) / (vu - vl), (y - vl) / (vu - vl)]. Differs from LM-BFF: a y outside [vl, vu] (a range given
// narrower than the data) is clamped to it first, so the target stays a distribution (LM-BFF's would get a
// negative entry and its KL loss would be undefined).
std::array<float, 2> poleTarget(double y, double lower, double upper);
// vl + (vu - vl) * pUpper.
double poleExpectation(double pUpper, double lower, double upper);

// The pole class names of the data set the classifier machinery sees (sorted: lower first).
inline const char* kLowerPole = "lower";
inline const char* kUpperPole = "upper";

struct RegressionImportOptions {
  std::string format = "auto";
  std::string targetColumn;         // header name / JSON key / 1-based column; empty = "label" (or last)
  std::vector<std::string> fields;  // text fields by name; empty = the importer's default
  data::OnBadRow onBadRow = data::OnBadRow::Skip;
  size_t maxRows = 0;
};

struct RegressionSet {
  data::Dataset data;           // Example::label holds the target as written
  std::vector<double> targets;  // per example, parsed
  std::string targetColumn;     // as asked ("" = the importer's default)
  double min = 0, max = 0;      // of targets (0, 0 when none)
  // "120 rows, targets 0 to 5 (mean 2.61), 2 rows skipped".
  std::string summary() const;
};

// Reads the targets of an imported data set: the rows whose label is not a finite number move to
// ds.problems ("<target> is not a number" / "... is not finite"), by line. Used by the importer below and by
// training on files it reads itself.
std::vector<double> parseTargets(data::Dataset& ds);

// Throws pwb::Error for file-level problems (missing file, no row with a target) and, in stop mode, for
// the first bad row ("<file>:<line>: <why>").
RegressionSet importRegressionSet(const std::string& path, const RegressionImportOptions& options = {});

// The data set as the two-class machinery sees it: labels "lower" / "upper" (a row is "upper" when its
// target is above `threshold`), the targets kept in the same order. Training's K-shot sampler draws K rows
// of each side with threshold = the median, as LM-BFF's few-shot STS-B splits do.
data::Dataset poleDataset(const data::Dataset& ds, const std::vector<double>& targets, double threshold);
double median(std::vector<double> values);

}  // namespace pwb::regress
