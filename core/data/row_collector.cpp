#include "data/row_collector.h"

#include <algorithm>

#include "common/error.h"

namespace pwb::data {

RowCollector::RowCollector(Dataset& ds, const ImportOptions& options, std::vector<int> badEncodingLines)
    : ds_(ds), options_(options), badLines_(std::move(badEncodingLines)) {
  std::sort(badLines_.begin(), badLines_.end());
}

void RowCollector::problem(int line, const std::string& message) {
  if (options_.onBadRow == OnBadRow::Stop) throw lineError(ds_.path, line, message);
  ds_.problems.push_back({ds_.path, line, message});
}

bool RowCollector::acceptLine(const TextLine& line) {
  if (line.text.size() > options_.maxLineBytes) {
    problem(line.number, "line is too long (" + std::to_string(line.text.size()) + " bytes, limit " +
                             std::to_string(options_.maxLineBytes) + ")");
    return false;
  }
  if (badEncoding(line.number)) {
    problem(line.number, "bad encoding: bytes that are neither UTF-8 nor Windows-1252");
    return false;
  }
  return true;
}

bool RowCollector::badEncoding(int line) const {
  return std::binary_search(badLines_.begin(), badLines_.end(), line);
}

bool RowCollector::full() const {
  return options_.maxRows > 0 && ds_.examples.size() >= options_.maxRows;
}

void RowCollector::blankLine(int line) {
  blankLines_.push_back(line);
}

void RowCollector::add(int line, std::vector<std::string> fields, std::string label) {
  bool anyText = false;
  for (auto& f : fields) {
    f = trimCopy(f);
    anyText = anyText || !f.empty();
  }
  if (!anyText) {
    problem(line, "empty text");
    return;
  }
  label = trimCopy(label);
  if (!options_.fixedLabel.empty()) label = options_.fixedLabel;
  auto renamed = options_.labelNames.find(label);
  if (!label.empty() && renamed != options_.labelNames.end()) label = renamed->second;
  ds_.examples.push_back({"L" + std::to_string(line), std::move(fields), std::move(label), line});
}

void RowCollector::finish() {
  // A set is either labelled or not: inside a labelled set, a row without a label is a bad row.
  const size_t labelled = static_cast<size_t>(std::count_if(
      ds_.examples.begin(), ds_.examples.end(), [](const Example& e) { return !e.label.empty(); }));
  if (labelled > 0 && labelled < ds_.examples.size()) {
    std::vector<Example> kept;
    kept.reserve(labelled);
    for (auto& e : ds_.examples) {
      if (e.label.empty())
        problem(e.line, "missing label");
      else
        kept.push_back(std::move(e));
    }
    ds_.examples = std::move(kept);
    std::sort(ds_.problems.begin(), ds_.problems.end(),
              [](const Problem& a, const Problem& b) { return a.line < b.line; });
  }
  if (!blankLines_.empty()) {
    std::string where;
    for (size_t i = 0; i < blankLines_.size() && i < 5; ++i)
      where += (i ? ", " : "") + std::to_string(blankLines_[i]);
    if (blankLines_.size() > 5) where += ", ...";
    ds_.warnings.push_back(
        std::to_string(blankLines_.size()) +
        (blankLines_.size() == 1 ? " blank line ignored (line " : " blank lines ignored (lines ") + where +
        ")");
  }
  refreshLabels(ds_);
  if (ds_.unlabeled && !ds_.examples.empty() && ds_.format != "lines")
    ds_.warnings.push_back("no example has a label: this is an unlabeled set (usable for prediction only)");
}

}  // namespace pwb::data
