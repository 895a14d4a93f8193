#pragma once
// Text normalization with alignment: every normalized code point remembers which original code point it
// came from, so token offsets can be reported in the caller's text (as Hugging Face tokenizers do).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tokenize/unicode_utils.h"

namespace pwb::tokenize {

struct NormalizedText {
  std::vector<char32_t> cps;
  std::vector<int32_t> orig;        // original code point index of each normalized code point
  std::string bytes;                // UTF-8 of cps
  std::vector<uint32_t> byteStart;  // byte offset of each code point in bytes, plus one final entry

  void clear() {
    cps.clear();
    orig.clear();
    bytes.clear();
    byteStart.clear();
  }
  void push(char32_t cp, int32_t from) {
    cps.push_back(cp);
    orig.push_back(from);
    byteStart.push_back(static_cast<uint32_t>(bytes.size()));
    unicode::appendUtf8(bytes, cp);
  }
  void finish() { byteStart.push_back(static_cast<uint32_t>(bytes.size())); }
  size_t size() const { return cps.size(); }
  std::string_view view(size_t i, size_t j) const {
    return std::string_view(bytes).substr(byteStart[i], byteStart[j] - byteStart[i]);
  }
};

// BERT's normalizer (tokenizers' BertNormalizer). With bert == false the text passes unchanged.
struct NormalizerOptions {
  bool bert = false;
  bool cleanText = true;           // drop NUL, U+FFFD and control/format characters, whitespace -> ' '
  bool handleChineseChars = true;  // put spaces around CJK ideographs
  bool stripAccents = true;        // NFD, then drop nonspacing marks (Mn)
  bool lowercase = true;
};

// Normalizes cps[begin, end) and appends to out (orig = absolute index in cps). Does not call finish().
void normalizeText(const NormalizerOptions& opt, const char32_t* cps, size_t begin, size_t end,
                   NormalizedText& out);

}  // namespace pwb::tokenize
