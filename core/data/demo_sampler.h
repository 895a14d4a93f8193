#pragma once
// Chooses the demonstrations for one query from a pool (the K-shot training split of the seed), as LM-BFF
// (Gao et al. 2021, src/dataset.py) does:
// - Random: per class, perClass examples drawn uniformly without replacement among that class.
// - Similar: per class, draw only among the most similar examples of that class to the query (cosine
//   similarity of sentence embeddings), the top `similarFraction` (LM-BFF demo_filter_rate 0.5).
// Every draw is a pure function of (seed, queryKey, draw index): the same demonstrations whatever the batch
// size, thread count or order in which queries are visited.
#include <cstdint>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "data/demo_options.h"

namespace pwb::prompt {
struct DemoInput;  // prompt/demonstration.h
}

namespace pwb::data {

class DemoSampler {
 public:
  // pool = the K-shot training split of the seed; labels = the task's classes in verbalizer order (the
  // order demonstrations are placed with DemoOrder::ByClass). Throws pwb::Error naming a class with no
  // example in the pool, and for invalid options.
  DemoSampler(const Dataset& pool, const std::vector<std::string>& labels, const DemoOptions& options,
              uint64_t seed);

  // Similar: unit-normalised sentence embeddings, one per pool row (row-major, dim D). Throws pwb::Error
  // when the size is not pool rows x dim.
  void setEmbeddings(std::vector<float> pool, int dim);

  // Pool row indices in placement order for one query. Deterministic in (seed, queryKey, draw) only —
  // never in batch size/threads. excludeRow: the query's own pool row while training (-1 otherwise).
  // queryEmbedding: Similar only (size dim). Throws pwb::Error when, with the query excluded, a class has
  // no example left (a class with a single training example cannot give the query a demonstration).
  std::vector<int> draw(const std::string& queryKey, uint64_t draw, int excludeRow = -1,
                        const float* queryEmbedding = nullptr) const;

  // Per class (labels order), the pool rows a query may draw from: all of the class (Random) or its most
  // similar ones (Similar), minus excludeRow. draw() computes this each call; callers that draw many times
  // for one query (several sets, every epoch) compute it once and use drawFrom().
  std::vector<std::vector<int>> candidates(int excludeRow = -1, const float* queryEmbedding = nullptr) const;
  std::vector<int> drawFrom(const std::vector<std::vector<int>>& candidates, const std::string& queryKey,
                            uint64_t draw) const;

  // The pool rows as renderer inputs; labelWords[i] = the word of labels[i] (verbalizer's first word).
  std::vector<prompt::DemoInput> inputs(const std::vector<int>& rows,
                                        const std::vector<std::string>& labelWords) const;
  // Example ids of pool rows (what predictions record).
  std::vector<std::string> ids(const std::vector<int>& rows) const;

  // The pool row of an example id, -1 when the id is not in the pool (e.g. a dev/test query).
  int rowOf(const std::string& exampleId) const;
  int classOf(int row) const { return rowClass_[static_cast<size_t>(row)]; }
  const Dataset& pool() const { return pool_; }
  const std::vector<std::string>& labels() const { return labels_; }
  const DemoOptions& options() const { return options_; }
  int embeddingDim() const { return dim_; }
  // The embedding of a pool row (setEmbeddings), nullptr before it was set.
  const float* embedding(int row) const {
    return dim_ > 0 ? embeddings_.data() + static_cast<size_t>(row) * static_cast<size_t>(dim_) : nullptr;
  }
  bool hasEmbeddings() const { return dim_ > 0; }

 private:
  Dataset pool_;
  std::vector<std::string> labels_;
  DemoOptions options_;
  uint64_t seed_;
  std::vector<int> rowClass_;              // pool row -> index into labels_
  std::vector<std::vector<int>> byClass_;  // class -> pool rows, in pool order
  std::vector<float> embeddings_;
  int dim_ = 0;
};

}  // namespace pwb::data
