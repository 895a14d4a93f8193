#pragma once
// A portable random generator for reproducible splits: SplitMix64 with our own unbiased bounded draw
// and Fisher-Yates shuffle, so the same seed gives the same split on every platform and standard
// library (std::uniform_int_distribution and std::shuffle are implementation-defined).
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace pwb::data {

class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t next();
  uint64_t below(uint64_t bound);  // uniform in [0, bound), bound > 0, rejection sampling

  template <typename T>
  void shuffle(std::vector<T>& v) {
    for (size_t i = v.size(); i > 1; --i) {
      const size_t j = static_cast<size_t>(below(i));
      std::swap(v[i - 1], v[j]);
    }
  }

 private:
  uint64_t state_;
};

}  // namespace pwb::data
