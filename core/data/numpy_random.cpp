#include "data/numpy_random.h"

namespace pwb::data {
namespace {
constexpr size_t kN = 624;
constexpr size_t kM = 397;
constexpr uint32_t kMatrixA = 0x9908b0dfU;
constexpr uint32_t kUpper = 0x80000000U;
constexpr uint32_t kLower = 0x7fffffffU;

uint32_t twist(uint32_t a, uint32_t b, uint32_t far) {
  const uint32_t y = (a & kUpper) | (b & kLower);
  return far ^ (y >> 1) ^ ((y & 1U) != 0 ? kMatrixA : 0U);
}
}  // namespace

NumpyLegacyRandom::NumpyLegacyRandom(uint32_t seed) {
  key_[0] = seed;
  for (size_t i = 1; i < kN; ++i)
    key_[i] = 1812433253U * (key_[i - 1] ^ (key_[i - 1] >> 30)) + static_cast<uint32_t>(i);
  pos_ = kN;  // the first draw regenerates the block, as RandomState's seeding leaves it
}

void NumpyLegacyRandom::regenerate() {
  for (size_t i = 0; i < kN; ++i) key_[i] = twist(key_[i], key_[(i + 1) % kN], key_[(i + kM) % kN]);
  pos_ = 0;
}

uint32_t NumpyLegacyRandom::nextUint32() {
  if (pos_ == kN) regenerate();
  uint32_t y = key_[pos_++];
  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680U;
  y ^= (y << 15) & 0xefc60000U;
  y ^= y >> 18;
  return y;
}

uint64_t NumpyLegacyRandom::nextUint64() {
  const uint64_t high = nextUint32();
  return (high << 32) | nextUint32();
}

uint64_t NumpyLegacyRandom::interval(uint64_t max) {
  if (max == 0) return 0;
  uint64_t mask = max;
  for (int shift = 1; shift <= 32; shift *= 2) mask |= mask >> shift;
  uint64_t value;
  if (max <= 0xffffffffULL) {
    do {
      value = nextUint32() & mask;
    } while (value > max);
  } else {
    do {
      value = nextUint64() & mask;
    } while (value > max);
  }
  return value;
}

}  // namespace pwb::data
