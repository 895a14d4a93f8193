#include "data/md5.h"

#include <array>
#include <cmath>
#include <cstdint>

namespace pwb::data {
namespace {

uint32_t rotl(uint32_t x, int c) {
  return (x << c) | (x >> (32 - c));
}

// Per-round shift amounts and the sine-derived constants floor(|sin(i + 1)| * 2^32) of RFC 1321.
constexpr std::array<int, 64> kShift = {7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
                                        5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20,
                                        4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
                                        6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21};

const std::array<uint32_t, 64>& sineTable() {
  static const std::array<uint32_t, 64> t = [] {
    std::array<uint32_t, 64> v{};
    for (int i = 0; i < 64; ++i)
      v[static_cast<size_t>(i)] =
          static_cast<uint32_t>(std::floor(std::fabs(std::sin(i + 1.0)) * 4294967296.0));
    return v;
  }();
  return t;
}

}  // namespace

std::string md5Hex(const std::string& bytes) {
  std::string msg = bytes;
  const uint64_t bitLength = static_cast<uint64_t>(bytes.size()) * 8;
  msg.push_back(static_cast<char>(0x80));
  while (msg.size() % 64 != 56) msg.push_back('\0');
  for (int i = 0; i < 8; ++i) msg.push_back(static_cast<char>((bitLength >> (8 * i)) & 0xFF));

  uint32_t a0 = 0x67452301, b0 = 0xefcdab89, c0 = 0x98badcfe, d0 = 0x10325476;
  const auto& K = sineTable();
  for (size_t block = 0; block < msg.size(); block += 64) {
    uint32_t m[16];
    for (int i = 0; i < 16; ++i) {
      const auto byte = [&](int j) {
        return static_cast<uint32_t>(static_cast<unsigned char>(msg[block + static_cast<size_t>(4 * i + j)]));
      };
      m[i] = byte(0) | (byte(1) << 8) | (byte(2) << 16) | (byte(3) << 24);
    }
    uint32_t a = a0, b = b0, c = c0, d = d0;
    for (int i = 0; i < 64; ++i) {
      uint32_t f;
      int g;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) % 16;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) % 16;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) % 16;
      }
      const uint32_t next =
          b + rotl(a + f + K[static_cast<size_t>(i)] + m[g], kShift[static_cast<size_t>(i)]);
      a = d;
      d = c;
      c = b;
      b = next;
    }
    a0 += a;
    b0 += b;
    c0 += c;
    d0 += d;
  }
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (uint32_t word : {a0, b0, c0, d0})
    for (int i = 0; i < 4; ++i) {
      const unsigned v = (word >> (8 * i)) & 0xFF;
      out.push_back(hex[v >> 4]);
      out.push_back(hex[v & 0xF]);
    }
  return out;
}

}  // namespace pwb::data
