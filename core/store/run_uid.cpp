#include "store/run_uid.h"

#include <chrono>
#include <cstdint>
#include <random>

namespace pwb::store {

std::string newRunUid() {
  // random_device alone may be deterministic on some platforms; mixing in the clock keeps two processes
  // started in the same sweep from ever drawing the same stream.
  static thread_local std::mt19937_64 engine([] {
    std::random_device device;
    const auto now =
        static_cast<uint64_t>(std::chrono::high_resolution_clock::now().time_since_epoch().count());
    std::seed_seq seq{
        device(), device(), device(), device(), static_cast<unsigned>(now), static_cast<unsigned>(now >> 32)};
    return std::mt19937_64(seq);
  }());
  static const char* digits = "0123456789abcdef";
  std::string uid;
  uid.reserve(32);
  for (int half = 0; half < 2; ++half) {
    uint64_t bits = engine();
    for (int i = 0; i < 16; ++i, bits >>= 4) uid.push_back(digits[bits & 0xf]);
  }
  return uid;
}

bool isRunUid(const std::string& text) {
  if (text.size() != 32) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace pwb::store
