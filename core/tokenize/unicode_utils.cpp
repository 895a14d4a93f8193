#include "tokenize/unicode_utils.h"

#include <algorithm>

namespace pwb::tokenize::unicode {
namespace {

int lookup(const tables::MappingEntry* table, size_t count, const char32_t* pool, char32_t cp,
           char32_t* out) {
  const auto* end = table + count;
  const auto* it =
      std::lower_bound(table, end, cp, [](const tables::MappingEntry& e, char32_t c) { return e.cp < c; });
  if (it == end || it->cp != cp) {
    out[0] = cp;
    return 1;
  }
  std::copy(pool + it->offset, pool + it->offset + it->length, out);
  return it->length;
}

}  // namespace

int decompose(char32_t cp, char32_t* out) {
  if (cp < 0xC0) {
    out[0] = cp;
    return 1;
  }
  // Hangul syllables decompose algorithmically (Unicode 3.12) into 2 or 3 conjoining jamo.
  constexpr char32_t kSBase = 0xAC00, kLBase = 0x1100, kVBase = 0x1161, kTBase = 0x11A7;
  constexpr char32_t kTCount = 28, kNCount = 21 * 28, kSCount = 19 * 21 * 28;
  if (cp >= kSBase && cp < kSBase + kSCount) {
    const char32_t s = cp - kSBase;
    out[0] = kLBase + s / kNCount;
    out[1] = kVBase + (s % kNCount) / kTCount;
    if (s % kTCount == 0) return 2;
    out[2] = kTBase + s % kTCount;
    return 3;
  }
  return lookup(tables::kNfd, tables::kNfdCount, tables::kNfdPool, cp, out);
}

int toLower(char32_t cp, char32_t* out) {
  if (cp < 0x80) {
    out[0] = (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    return 1;
  }
  return lookup(tables::kLower, tables::kLowerCount, tables::kLowerPool, cp, out);
}

size_t countCodePoints(std::string_view s) {
  size_t n = 0;
  char32_t cp;
  for (size_t pos = 0; pos < s.size(); ++n) pos += decodeUtf8(s, pos, cp);
  return n;
}

}  // namespace pwb::tokenize::unicode
