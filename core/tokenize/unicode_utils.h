#pragma once
// The Unicode facts the tokenizers need: UTF-8 decoding that never fails (invalid bytes become U+FFFD),
// character classes as Hugging Face tokenizers define them, canonical decomposition (NFD) and lowercase.
#include <cstdint>
#include <string>
#include <string_view>

#include "tokenize/unicode_tables.h"

namespace pwb::tokenize::unicode {

enum Flag : uint8_t {
  kOther = 1,        // general category Cc, Cf, Co or Cs (BERT's clean_text drops these, except \t \n \r)
  kPunct = 2,        // BERT punctuation: any P* category or ASCII punctuation ($ + < = > ^ ` | ~ included)
  kNonspacing = 4,   // Mn: what strip_accents removes after NFD
  kLetter = 8,       // L*
  kNumber = 16,      // N*
  kWhitespace = 32,  // Unicode White_Space (Rust char::is_whitespace, regex \s)
  kCjk = 64,         // BERT's "Chinese character" ranges
};

inline uint8_t flags(char32_t cp) {
  if (cp >= 0x110000) return 0;
  return tables::kFlagBlocks[tables::kFlagStage1[cp >> 8]][cp & 0xFF];
}

constexpr int kMaxDecomposition = 4;  // longest canonical decomposition of one code point
constexpr int kMaxLowercase = 4;      // longest lowercase mapping of one code point

// Writes the full canonical decomposition of cp to out and returns its length (1 = unchanged).
int decompose(char32_t cp, char32_t* out);
// Writes the lowercase mapping of cp (Unicode full mapping per character, like Rust's char::to_lowercase).
int toLower(char32_t cp, char32_t* out);

// Decodes the code point at s[pos]; returns the number of bytes used (>= 1). Invalid, overlong,
// surrogate or truncated sequences yield U+FFFD and consume one byte, so any byte string is accepted.
inline size_t decodeUtf8(std::string_view s, size_t pos, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[pos]);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  const size_t left = s.size() - pos;
  auto cont = [&](size_t i) { return i < left && (static_cast<unsigned char>(s[pos + i]) & 0xC0) == 0x80; };
  auto byte = [&](size_t i) { return static_cast<char32_t>(static_cast<unsigned char>(s[pos + i]) & 0x3F); };
  if (b0 >= 0xC2 && b0 <= 0xDF && cont(1)) {
    cp = (char32_t(b0 & 0x1F) << 6) | byte(1);
    return 2;
  }
  if (b0 >= 0xE0 && b0 <= 0xEF && cont(1) && cont(2)) {
    const char32_t c = (char32_t(b0 & 0x0F) << 12) | (byte(1) << 6) | byte(2);
    if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
      cp = c;
      return 3;
    }
  } else if (b0 >= 0xF0 && b0 <= 0xF4 && cont(1) && cont(2) && cont(3)) {
    const char32_t c = (char32_t(b0 & 0x07) << 18) | (byte(1) << 12) | (byte(2) << 6) | byte(3);
    if (c >= 0x10000 && c <= 0x10FFFF) {
      cp = c;
      return 4;
    }
  }
  cp = 0xFFFD;
  return 1;
}

inline void appendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Number of code points in a UTF-8 string, counted the way decodeUtf8 walks it.
size_t countCodePoints(std::string_view s);

}  // namespace pwb::tokenize::unicode
