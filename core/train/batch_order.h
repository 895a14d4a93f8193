#pragma once
// The order in which training examples are drawn: epochs of a Fisher-Yates shuffle driven by splitmix64,
// so the batch sequence depends only on the seed (not on the standard library or torch). Torch-free.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace pwb::train {

// Where a BatchOrder stands: the current epoch's permutation, the position in it and the generator.
struct BatchOrderState {
  std::vector<size_t> order;
  size_t pos = 0;
  uint64_t rng = 0;
};

class BatchOrder {
 public:
  BatchOrder(size_t count, uint64_t seed);
  BatchOrderState state() const { return {order_, pos_, state_}; }
  // Continues from a saved state: the sequence of next() calls goes on exactly as it would have. Throws
  // pwb::Error when the state is not a permutation of this order's count examples or pos is past it.
  void restore(const BatchOrderState& saved);
  // The next n example indices; a new shuffled epoch starts when the current one is used up (a batch may
  // span two epochs, as a sampler with drop_last=false over a repeated stream).
  std::vector<size_t> next(size_t n);

 private:
  uint64_t nextRandom();
  void reshuffle();
  std::vector<size_t> order_;
  size_t pos_ = 0;
  uint64_t state_;
};

}  // namespace pwb::train
