#include "data/dataset.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "common/error.h"
#include "data/checksum.h"

namespace pwb::data {

std::string Problem::text() const {
  return file + ":" + std::to_string(line) + ": " + message;
}

std::string Dataset::checksumHex() const {
  return toHex64(checksum);
}

int Dataset::fieldIndex(const std::string& name) const {
  for (size_t i = 0; i < columns.size(); ++i)
    if (columns[i] == name) return static_cast<int>(i);
  if (name == "text_a" && !columns.empty()) return 0;
  if (name == "text_b" && columns.size() > 1) return 1;
  return -1;
}

std::map<std::string, size_t> Dataset::labelCounts() const {
  std::map<std::string, size_t> counts;
  for (const auto& e : examples)
    if (!e.label.empty()) ++counts[e.label];
  return counts;
}

const Example* Dataset::findById(const std::string& id) const {
  for (const auto& e : examples)
    if (e.id == id) return &e;
  return nullptr;
}

std::string Dataset::summary() const {
  std::string s = std::to_string(examples.size()) + " rows";
  if (unlabeled) {
    s += ", unlabeled";
  } else {
    s += ", labels ";
    bool first = true;
    for (const auto& [label, n] : labelCounts()) {
      s += (first ? "" : ", ") + label + ": " + std::to_string(n);
      first = false;
    }
  }
  s += ", " + std::to_string(problems.size()) + (problems.size() == 1 ? " row" : " rows") + " skipped";
  s += " (" + format + ", " + encoding + ")";
  return s;
}

void refreshLabels(Dataset& ds) {
  std::set<std::string> distinct;
  for (const auto& e : ds.examples)
    if (!e.label.empty()) distinct.insert(e.label);
  ds.labels.assign(distinct.begin(), distinct.end());
  ds.unlabeled = distinct.empty();
}

Dataset selectExamples(const Dataset& source, const std::vector<std::string>& ids) {
  std::unordered_map<std::string, size_t> byId;
  byId.reserve(source.examples.size());
  for (size_t i = 0; i < source.examples.size(); ++i) byId.emplace(source.examples[i].id, i);
  Dataset out;
  out.path = source.path;
  out.format = source.format;
  out.encoding = source.encoding;
  out.columns = source.columns;
  out.checksum = source.checksum;
  out.examples.reserve(ids.size());
  for (const auto& id : ids) {
    auto it = byId.find(id);
    if (it == byId.end()) throw fileError(source.path, "example id '" + id + "' is not in this data set");
    out.examples.push_back(source.examples[it->second]);
  }
  refreshLabels(out);
  return out;
}

}  // namespace pwb::data
