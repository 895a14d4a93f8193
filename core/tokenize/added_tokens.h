#pragma once
// Added tokens ([CLS], <mask>, user additions) are found in the text before the model sees it, exactly as
// the reference implementation does: leftmost-longest match, optional single-word check, and lstrip/rstrip
// that let a token swallow the whitespace next to it (RoBERTa's <mask> absorbs the space before it).
#include <cstdint>
#include <string>
#include <vector>

#include "tokenize/normalizer.h"

namespace pwb::tokenize {

struct AddedToken {
  std::string content;
  int64_t id = -1;
  bool special = true;
  bool lstrip = false;
  bool rstrip = false;
  bool singleWord = false;
  bool normalized = false;  // matched on the normalized text instead of the raw text
};

struct AddedMatch {
  size_t begin = 0, end = 0;  // code point range, including whitespace taken by lstrip/rstrip
  const AddedToken* token = nullptr;
};

class AddedTokenMatcher {
 public:
  AddedTokenMatcher() = default;
  // With a normalizer, the tokens are matched in their normalized form (tokens with normalized=true are
  // looked for in the normalized text, as the reference does).
  explicit AddedTokenMatcher(const std::vector<const AddedToken*>& tokens,
                             const NormalizerOptions* normalizer = nullptr);
  bool empty() const { return entries_.empty(); }
  // Appends the non-overlapping matches inside cps[begin, end), left to right.
  void find(const char32_t* cps, size_t begin, size_t end, std::vector<AddedMatch>& out) const;

 private:
  struct Entry {
    std::u32string cps;
    const AddedToken* token;
  };
  std::vector<Entry> entries_;  // longest first, so the first hit at a position is the longest
  bool mayStart(char32_t c) const {
    return c < 128 ? (asciiFirst_[c >> 6] >> (c & 63)) & 1 : otherFirst_.find(c) != std::u32string::npos;
  }
  uint64_t asciiFirst_[2] = {0, 0};  // bitmap of first characters below 128
  std::u32string otherFirst_;
};

}  // namespace pwb::tokenize
