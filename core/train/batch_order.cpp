#include "train/batch_order.h"

#include <numeric>
#include <string>
#include <utility>

#include "common/error.h"

namespace pwb::train {

BatchOrder::BatchOrder(size_t count, uint64_t seed) : order_(count), state_(seed ^ 0x747261696e6f7264ULL) {
  std::iota(order_.begin(), order_.end(), size_t(0));
  reshuffle();
}

uint64_t BatchOrder::nextRandom() {
  uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

void BatchOrder::reshuffle() {
  for (size_t i = order_.size(); i > 1; --i) {
    const size_t j = static_cast<size_t>(nextRandom() % i);
    std::swap(order_[i - 1], order_[j]);
  }
  pos_ = 0;
}

void BatchOrder::restore(const BatchOrderState& saved) {
  if (saved.order.size() != order_.size())
    throw Error("the saved batch order has " + std::to_string(saved.order.size()) + " examples, this run " +
                std::to_string(order_.size()));
  std::vector<bool> seen(order_.size(), false);
  for (size_t i : saved.order) {
    if (i >= seen.size() || seen[i])
      throw Error("the saved batch order is not a permutation of the examples");
    seen[i] = true;
  }
  if (saved.pos > saved.order.size()) throw Error("the saved batch order's position is past its end");
  order_ = saved.order;
  pos_ = saved.pos;
  state_ = saved.rng;
}

std::vector<size_t> BatchOrder::next(size_t n) {
  std::vector<size_t> out;
  if (order_.empty()) return out;
  while (out.size() < n) {
    if (pos_ == order_.size()) reshuffle();
    out.push_back(order_[pos_++]);
  }
  return out;
}

}  // namespace pwb::train
