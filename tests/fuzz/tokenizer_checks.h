#pragma once
// Invariants every Encoding must satisfy, whatever the input: parallel arrays of one length, ids inside
// the vocabulary, sane offsets. A violation traps, which libFuzzer reports as a crash.
#include "tokenize/tokenizer.h"

namespace pwb::fuzz {

inline void checkEncoding(const tokenize::Encoding& e, const tokenize::Tokenizer& t) {
  const size_t n = e.ids.size();
  if (e.tokens.size() != n || e.offsets.size() != n || e.typeIds.size() != n || e.specialMask.size() != n ||
      e.sequenceIds.size() != n)
    __builtin_trap();
  for (size_t i = 0; i < n; ++i) {
    if (e.ids[i] < 0 || e.ids[i] >= t.vocabSize()) __builtin_trap();
    if (e.offsets[i].first < 0 || e.offsets[i].second < e.offsets[i].first) __builtin_trap();
  }
}

// Exercises the whole public surface of a tokenizer on one text (and a pair made of its two halves).
inline void exerciseTokenizer(const tokenize::Tokenizer& t, const std::string& text) {
  const tokenize::Encoding raw = t.encodeRaw(text);
  checkEncoding(raw, t);
  const tokenize::Encoding full = t.encode(text);
  checkEncoding(full, t);
  const size_t half = text.size() / 2;
  checkEncoding(t.encodePair(text.substr(0, half), text.substr(half)), t);
  volatile size_t sink = t.decode(full.ids).size();
  for (int64_t id : t.wordInContext(text))
    if (id < 0 || id >= t.vocabSize()) __builtin_trap();
  for (const std::string& tok : raw.tokens) sink += static_cast<size_t>(t.tokenToId(tok) + 1);
  sink += t.idToToken(-1).size() + t.idToToken(t.vocabSize()).size();
  (void)sink;
}

}  // namespace pwb::fuzz
