#include "multilabel/multilabel_import.h"

#include <algorithm>
#include <map>
#include <set>

#include "common/error.h"
#include "data/dataset_import_lists.h"
#include "data/line_splitter.h"

namespace pwb::multilabel {

std::vector<std::string> splitLabels(const std::string& text, const std::string& separator) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    const size_t end = text.find(separator, start);
    out.push_back(data::trimCopy(text.substr(start, end == std::string::npos ? end : end - start)));
    if (end == std::string::npos) return out;
    start = end + separator.size();
  }
}

std::string MultiLabelSet::summary() const {
  std::vector<size_t> counts(labels.size(), 0);
  size_t total = 0;
  for (const auto& g : gold) {
    for (int l : g) ++counts[size_t(l)];
    total += g.size();
  }
  std::string s =
      std::to_string(data.examples.size()) + " rows, " + std::to_string(labels.size()) + " labels (";
  for (size_t i = 0; i < labels.size(); ++i)
    s += (i ? ", " : "") + labels[i] + ": " + std::to_string(counts[i]);
  char avg[32];
  std::snprintf(avg, sizeof avg, "%.2f", gold.empty() ? 0.0 : double(total) / double(gold.size()));
  s += std::string(declared ? ", declared" : ", as seen") + "), " + avg + " labels per row on average, " +
       std::to_string(data.problems.size()) + (data.problems.size() == 1 ? " row skipped" : " rows skipped");
  return s;
}

MultiLabelSet importMultiLabelSet(const std::string& path, const MultiLabelImportOptions& options) {
  if (options.separator.empty()) throw Error("the label separator must not be empty");
  {
    std::set<std::string> seen;
    for (const auto& l : options.declaredLabels) {
      if (data::trimCopy(l).empty()) throw Error("a declared label is empty");
      if (!seen.insert(l).second) throw Error("the declared label '" + l + "' is given twice");
    }
  }
  data::ImportOptions io;
  io.format = options.format;
  io.labelColumn = options.labelColumn.empty() ? "labels" : options.labelColumn;
  io.textColumns = options.fields;
  io.onBadRow = options.onBadRow;
  io.maxRows = options.maxRows;

  MultiLabelSet set;
  set.data = data::importDatasetWithLabelLists(path, io, options.separator);
  set.declared = !options.declaredLabels.empty();
  data::Dataset& ds = set.data;
  if (ds.unlabeled)
    throw fileError(path, "no row has labels (looked for '" + io.labelColumn + "'; see --label-column)");

  std::vector<std::vector<std::string>> rowLabels;
  std::set<std::string> union_;
  for (const auto& e : ds.examples) {
    std::vector<std::string> ls = splitLabels(e.label, options.separator);
    std::sort(ls.begin(), ls.end());
    ls.erase(std::unique(ls.begin(), ls.end()), ls.end());
    rowLabels.push_back(ls);
    union_.insert(ls.begin(), ls.end());
  }
  set.labels = set.declared ? options.declaredLabels : std::vector<std::string>(union_.begin(), union_.end());
  set.labels.erase(std::remove(set.labels.begin(), set.labels.end(), std::string()), set.labels.end());
  std::map<std::string, int> index;
  for (size_t i = 0; i < set.labels.size(); ++i) index[set.labels[i]] = int(i);
  std::string known;
  for (const auto& l : set.labels) known += (known.empty() ? "" : ", ") + l;

  std::vector<data::Example> kept;
  for (size_t i = 0; i < ds.examples.size(); ++i) {
    data::Example& e = ds.examples[i];
    std::string bad;
    std::vector<int> g;
    for (const auto& l : rowLabels[i]) {
      if (l.empty()) {
        bad = "an empty label in '" + e.label + "' (separator '" + options.separator + "')";
        break;
      }
      const auto it = index.find(l);
      if (it == index.end()) {
        bad = "label '" + l + "' is not in the declared label set (" + known + ")";
        break;
      }
      g.push_back(it->second);
    }
    if (!bad.empty()) {
      if (options.onBadRow == data::OnBadRow::Stop) throw lineError(path, e.line, bad);
      ds.problems.push_back({path, e.line, bad});
      continue;
    }
    std::sort(g.begin(), g.end());
    std::string joined;
    for (int l : g) joined += (joined.empty() ? "" : ", ") + set.labels[size_t(l)];
    e.label = joined;
    set.gold.push_back(std::move(g));
    kept.push_back(std::move(e));
  }
  ds.examples = std::move(kept);
  std::stable_sort(ds.problems.begin(), ds.problems.end(),
                   [](const data::Problem& a, const data::Problem& b) { return a.line < b.line; });
  // The classes are the label set, not the joined strings refreshLabels would collect.
  ds.labels = set.labels;
  if (ds.examples.empty() && ds.problems.empty()) throw fileError(path, "no rows with labels");
  return set;
}

}  // namespace pwb::multilabel
