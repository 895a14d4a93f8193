#pragma once
// Small pieces the encoder's CPU kernels share (encoder_kernels.cpp, encoder_pointwise.cpp,
// attention_packed.cpp): the process's CBLAS sgemm, the counter-based random numbers of dropout, a
// vectorizable exp, and the per-CPU clones of the hot loops. Private to core/model.
#include <ATen/CPUGeneratorImpl.h>

#include <cstdint>
#include <mutex>

#include "common/vector_clones.h"

namespace pwb::model {

// cblas_sgemm as every CBLAS declares it (32-bit ints: Debian's libopenblas0 / libblas3 are LP64), looked up
// in the process rather than linked, so a LibTorch that carries its own BLAS (MKL, hidden) simply takes the
// LibTorch path. Null when the process has none. encoder_kernels.cpp.
using SgemmFn = void (*)(int order, int transA, int transB, int m, int n, int k, float alpha, const float* a,
                         int lda, const float* b, int ldb, float beta, float* c, int ldc);
constexpr int kRowMajor = 101, kNoTrans = 111, kTrans = 112;
SgemmFn cblasSgemm();

// SplitMix64's output function on a counter: a well-mixed 64-bit number per (seed, index).
inline uint64_t mix(uint64_t seed, uint64_t index) {
  uint64_t z = seed + (index + 1) * 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

inline uint64_t seedFromTorch() {
  auto gen = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(gen.mutex());
  return at::check_generator<at::CPUGeneratorImpl>(gen)->random64();
}

// Whether dropout keeps element e of a tensor whose draws come from `seed`: draw e / 2 decides elements e and
// e + 1 by its high and its low 32 bits (kept when the half is >= cut = p * 2^32). fastDropout and the packed
// attention's dropout use the same rule, so both draw the masks at::dropout-shaped code would index so.
inline bool keepElement(uint64_t seed, uint64_t e, uint32_t cut) {
  const uint64_t r = mix(seed, e >> 1);
  return static_cast<uint32_t>((e & 1) != 0 ? r : r >> 32) >= cut;
}

// exp(a) for a <= 0 (the GELU's exp(-x^2/2), the softmax's exp(s - max)): Cephes' expf polynomial on a - n ln
// 2 and 2^n from the exponent bits; about 1 ulp. Rounds by the 1.5 * 2^23 trick, which vectorizes without
// SSE4.1.
inline float expNonPositive(float x) {
  const float a = x >= -87.0F ? x : -87.0F;  // a NaN lands here too: it must not reach the int conversion
  const float n = (a * 1.44269504088896341F + 12582912.0F) - 12582912.0F;
  const float r = (a - n * 0.693359375F) + n * 2.12194440e-4F;
  float p = 1.9875691500e-4F;
  p = p * r + 1.3981999507e-3F;
  p = p * r + 8.3334519073e-3F;
  p = p * r + 4.1665795894e-2F;
  p = p * r + 1.6666665459e-1F;
  p = p * r + 5.0000001201e-1F;
  p = p * r * r + r + 1.0F;
  union {
    int32_t i;
    float f;
  } twoToN;
  twoToN.i = (static_cast<int32_t>(n) + 127) * (1 << 23);
  return x == x ? p * twoToN.f : x;  // NaN in, NaN out: a NaN must not vanish from a loss
}

}  // namespace pwb::model
