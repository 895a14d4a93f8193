#pragma once
// Shared bookkeeping of the importers: turns parsed rows into Examples, applies label options, and
// handles bad rows the one way the user chose (skip and record file:line, or stop with a pwb::Error).
#include <string>
#include <vector>

#include "data/dataset.h"
#include "data/import_options.h"
#include "data/line_splitter.h"

namespace pwb::data {

class RowCollector {
 public:
  RowCollector(Dataset& ds, const ImportOptions& options, std::vector<int> badEncodingLines);

  // Adds one row. Text fields are trimmed; all-empty text is a bad row. An empty label means
  // "no label" (an unlabeled set); finish() reports rows without a label inside a labelled set.
  void add(int line, std::vector<std::string> fields, std::string label);
  // Records a bad row (skip mode) or throws pwb::Error "<file>:<line>: <message>" (stop mode).
  void problem(int line, const std::string& message);
  // Checks the generic line conditions (too long, bytes not decodable); false when reported as bad.
  bool acceptLine(const TextLine& line);
  // True when the line holds bytes that could not be decoded (for lines inside a quoted field).
  bool badEncoding(int line) const;
  // True once maxRows examples were collected: the importer stops reading.
  bool full() const;
  void blankLine(int line);
  // Final checks (mixed labelled/unlabeled rows, blank-line warning) and label bookkeeping.
  void finish();

 private:
  Dataset& ds_;
  const ImportOptions& options_;
  std::vector<int> badLines_;  // sorted
  std::vector<int> blankLines_;
};

}  // namespace pwb::data
