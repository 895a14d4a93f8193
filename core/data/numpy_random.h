#pragma once
// NumPy's legacy global generator (numpy.random.seed / numpy.random.shuffle, i.e. RandomState), rebuilt
// so that LM-BFF's K-shot splits (tools/generate_k_shot_data.py seeds with np.random.seed(seed) and
// shuffles a Python list with np.random.shuffle) come out the same draw for draw.
//
// What RandomState does, and so what this class does:
// - seeding with an integer in [0, 2^32): MT19937's init_genrand (Knuth's multiplier 1812433253), the
//   state position set so that the first draw regenerates the whole block;
// - a 32-bit draw: the next word of the block, tempered as in the MT19937 reference;
// - a 64-bit draw: two 32-bit draws, the first one the high half;
// - a draw in [0, max]: the smallest all-ones mask >= max, 32-bit draws (64-bit when max >= 2^32) masked
//   and rejected while > max (NumPy's random_interval, formerly randomkit's rk_interval);
// - shuffle of n items: for i = n-1 down to 1, swap item i with item random_interval(i).
// Only the integer seed is supported (no array seeds), which is all that np.random.seed(int) uses.
#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace pwb::data {

class NumpyLegacyRandom {
 public:
  explicit NumpyLegacyRandom(uint32_t seed);
  uint32_t nextUint32();
  uint64_t nextUint64();
  uint64_t interval(uint64_t max);  // uniform in [0, max], inclusive
  // The seeded state words (RandomState.get_state()[1]); for tests against NumPy.
  const std::array<uint32_t, 624>& key() const { return key_; }

  template <typename T>
  void shuffle(std::vector<T>& v) {
    for (size_t i = v.size(); i > 1; --i) {
      const size_t j = static_cast<size_t>(interval(i - 1));
      std::swap(v[i - 1], v[j]);
    }
  }

 private:
  void regenerate();
  std::array<uint32_t, 624> key_{};
  size_t pos_ = 624;
};

}  // namespace pwb::data
