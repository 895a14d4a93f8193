#pragma once
// Small in-memory data sets for the eval tests.
#include <string>
#include <utility>
#include <vector>

#include "data/dataset.h"

namespace pwb::eval::testing {

// One text column "sentence"; rows of {text, label}; labels sorted as Dataset::labels.
inline data::Dataset sentences(const std::vector<std::pair<std::string, std::string>>& rows) {
  data::Dataset d;
  d.path = "in-memory";
  d.format = "test";
  d.columns = {"sentence"};
  int line = 0;
  for (const auto& [text, label] : rows) {
    data::Example e;
    e.line = ++line;
    e.id = "L" + std::to_string(line);
    e.fields = {text};
    e.label = label;
    d.examples.push_back(e);
  }
  data::refreshLabels(d);
  return d;
}

}  // namespace pwb::eval::testing
