#pragma once
// The order in which training examples are drawn: epochs of a Fisher-Yates shuffle driven by splitmix64,
// so the batch sequence depends only on the seed (not on the standard library or torch). Torch-free.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace pwb::train {

class BatchOrder {
 public:
  BatchOrder(size_t count, uint64_t seed);
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
