#pragma once
// Small in-memory data sets and K-shot splits in the tiny-bert fixture's vocabulary (190 WordPiece tokens),
// for the generation and ranking tests.
#include <string>
#include <utility>
#include <vector>

#include "data/dataset.h"
#include "data/kshot_sampler.h"

namespace pwb::search::testing {

const std::string kTinyBert = std::string(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert";

// Rows of {fields, label}; columns as given; labels sorted as Dataset::labels.
inline data::Dataset dataset(const std::vector<std::string>& columns,
                             const std::vector<std::pair<std::vector<std::string>, std::string>>& rows) {
  data::Dataset d;
  d.path = "in-memory";
  d.format = "test";
  d.columns = columns;
  int line = 0;
  for (const auto& [fields, label] : rows) {
    data::Example e;
    e.line = ++line;
    e.id = "L" + std::to_string(line);
    e.fields = fields;
    e.label = label;
    d.examples.push_back(e);
  }
  data::refreshLabels(d);
  return d;
}

inline data::Dataset sentences(const std::vector<std::pair<std::string, std::string>>& rows) {
  std::vector<std::pair<std::vector<std::string>, std::string>> r;
  for (const auto& [text, label] : rows) r.push_back({{text}, label});
  return dataset({"sentence"}, r);
}

inline data::KShotSplit split(data::Dataset train, data::Dataset dev, uint64_t seed) {
  data::KShotSplit s;
  s.manifest.seed = seed;
  s.train = std::move(train);
  s.dev = std::move(dev);
  return s;
}

// Sentiment sentences made of whole tiny-bert tokens; labels "0" (negative) and "1" (positive).
inline data::Dataset sentimentTrain() {
  return sentences({{"the film was great .", "1"},
                    {"i like the disney films very much .", "1"},
                    {"a boring movie .", "0"},
                    {"the acting was terrible .", "0"}});
}

}  // namespace pwb::search::testing
