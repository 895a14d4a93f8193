#include "data/demo_sampler.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "common/error.h"
#include "data/checksum.h"
#include "data/random.h"
#include "prompt/demonstration.h"

namespace pwb::data {
namespace {

// SplitMix64's finaliser: a bijective 64-bit mix, so nearby inputs (draw 0, 1, 2 ...) give unrelated seeds.
uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// The generator of one draw: a function of (seed, query key, draw index) only.
SplitMix64 drawGenerator(uint64_t seed, const std::string& queryKey, uint64_t draw) {
  uint64_t s = mix64(seed + 0x9e3779b97f4a7c15ULL);
  s = mix64(s ^ fnv1a64(queryKey));
  s = mix64(s ^ (draw * 0xd1b54a32d192ed03ULL + 1));
  return SplitMix64(s);
}

double cosine(const float* a, const float* b, int dim) {
  double dot = 0, na = 0, nb = 0;
  for (int i = 0; i < dim; ++i) {
    dot += static_cast<double>(a[i]) * b[i];
    na += static_cast<double>(a[i]) * a[i];
    nb += static_cast<double>(b[i]) * b[i];
  }
  if (na <= 0 || nb <= 0) return 0.0;
  return dot / std::sqrt(na * nb);
}

}  // namespace

DemoSampler::DemoSampler(const Dataset& pool, const std::vector<std::string>& labels,
                         const DemoOptions& options, uint64_t seed)
    : pool_(pool), labels_(labels), options_(options), seed_(seed) {
  validateDemoOptions(options_);
  if (labels_.empty()) throw Error("demonstrations need the task's classes, none were given");
  byClass_.assign(labels_.size(), {});
  rowClass_.assign(pool_.examples.size(), -1);
  for (size_t r = 0; r < pool_.examples.size(); ++r) {
    const Example& e = pool_.examples[r];
    const auto it = std::find(labels_.begin(), labels_.end(), e.label);
    if (it == labels_.end())
      throw lineError(pool_.path, e.line,
                      "demonstration example " + e.id + " has label '" + e.label +
                          "', which is not one of the task's classes");
    const int c = static_cast<int>(it - labels_.begin());
    rowClass_[r] = c;
    byClass_[static_cast<size_t>(c)].push_back(static_cast<int>(r));
  }
  for (size_t c = 0; c < labels_.size(); ++c)
    if (byClass_[c].empty())
      throw fileError(pool_.path.empty() ? "demonstration pool" : pool_.path,
                      "class '" + labels_[c] +
                          "' has no training example to draw demonstrations from (every class needs at "
                          "least one in the demonstration split)");
}

void DemoSampler::setEmbeddings(std::vector<float> pool, int dim) {
  if (dim <= 0) throw Error("sentence embeddings need a positive dimension, got " + std::to_string(dim));
  if (pool.size() != pool_.examples.size() * static_cast<size_t>(dim))
    throw Error("sentence embeddings: expected " + std::to_string(pool_.examples.size()) + " x " +
                std::to_string(dim) + " values for the demonstration pool, got " +
                std::to_string(pool.size()));
  embeddings_ = std::move(pool);
  dim_ = dim;
}

std::vector<std::vector<int>> DemoSampler::candidates(int excludeRow, const float* queryEmbedding) const {
  std::vector<std::vector<int>> out(labels_.size());
  size_t total = 0;
  for (size_t c = 0; c < labels_.size(); ++c) {
    for (int r : byClass_[c])
      if (r != excludeRow) out[c].push_back(r);
    total += out[c].size();
  }
  for (size_t c = 0; c < labels_.size(); ++c)
    if (out[c].empty())
      throw Error(
          "class '" + labels_[c] + "' has no demonstration left for query example " +
          (excludeRow >= 0 ? pool_.examples.at(static_cast<size_t>(excludeRow)).id : std::string("?")) +
          ": its only training example is the query itself (training with demonstrations needs at "
          "least two examples per class)");
  if (options_.sampling != DemoSampling::Similar) return out;

  if (!hasEmbeddings())
    throw Error("similar demonstrations need sentence embeddings of the demonstration pool (none were set)");
  if (!queryEmbedding) throw Error("similar demonstrations need the query's sentence embedding");
  // LM-BFF keeps, per class, the limit = int(len(candidates) // num_labels * demo_filter_rate) most similar
  // candidates (candidates = the whole pool minus the query while training). We use the same limit but never
  // below perClass, so a small pool or rate still leaves enough to draw from.
  const size_t perClassShare = total / labels_.size();
  const size_t limit =
      std::max(static_cast<size_t>(options_.perClass),
               static_cast<size_t>(static_cast<double>(perClassShare) * options_.similarFraction));
  for (auto& rows : out) {
    std::vector<std::pair<double, int>> scored;
    scored.reserve(rows.size());
    for (int r : rows)
      scored.emplace_back(
          cosine(&embeddings_[static_cast<size_t>(r) * static_cast<size_t>(dim_)], queryEmbedding, dim_), r);
    // Most similar first; ties keep pool order (Python's stable sort in LM-BFF).
    std::stable_sort(scored.begin(), scored.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    rows.clear();
    for (size_t i = 0; i < scored.size() && i < limit; ++i) rows.push_back(scored[i].second);
  }
  return out;
}

std::vector<int> DemoSampler::drawFrom(const std::vector<std::vector<int>>& candidates,
                                       const std::string& queryKey, uint64_t draw) const {
  if (candidates.size() != labels_.size())
    throw Error("demonstration candidates do not match the task's classes");
  SplitMix64 rng = drawGenerator(seed_, queryKey, draw);
  std::vector<int> chosen;
  // Per class in label order (LM-BFF's placement), perClass rows without replacement: a partial
  // Fisher-Yates shuffle, so the first k of a uniformly random permutation.
  for (const auto& rows : candidates) {
    std::vector<int> v = rows;
    const size_t k = std::min(v.size(), static_cast<size_t>(options_.perClass));
    for (size_t i = 0; i < k; ++i) {
      const size_t j = i + static_cast<size_t>(rng.below(v.size() - i));
      std::swap(v[i], v[j]);
      chosen.push_back(v[i]);
    }
  }
  if (options_.order == DemoOrder::Shuffled) rng.shuffle(chosen);
  return chosen;
}

std::vector<int> DemoSampler::draw(const std::string& queryKey, uint64_t draw, int excludeRow,
                                   const float* queryEmbedding) const {
  return drawFrom(candidates(excludeRow, queryEmbedding), queryKey, draw);
}

std::vector<prompt::DemoInput> DemoSampler::inputs(const std::vector<int>& rows,
                                                   const std::vector<std::string>& labelWords) const {
  if (labelWords.size() != labels_.size())
    throw Error("demonstrations need one label word per class: " + std::to_string(labels_.size()) +
                " classes, " + std::to_string(labelWords.size()) + " words");
  std::vector<prompt::DemoInput> out;
  out.reserve(rows.size());
  for (int r : rows) {
    const Example& e = pool_.examples.at(static_cast<size_t>(r));
    out.push_back({e.id, e.fields, labelWords[static_cast<size_t>(rowClass_[static_cast<size_t>(r)])]});
  }
  return out;
}

std::vector<std::string> DemoSampler::ids(const std::vector<int>& rows) const {
  std::vector<std::string> out;
  out.reserve(rows.size());
  for (int r : rows) out.push_back(pool_.examples.at(static_cast<size_t>(r)).id);
  return out;
}

int DemoSampler::rowOf(const std::string& exampleId) const {
  for (size_t r = 0; r < pool_.examples.size(); ++r)
    if (pool_.examples[r].id == exampleId) return static_cast<int>(r);
  return -1;
}

}  // namespace pwb::data
