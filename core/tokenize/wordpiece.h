#pragma once
// WordPiece (BERT): BERT pre-tokenization (split on whitespace, isolate punctuation) and greedy
// longest-match-first subwords with a continuation prefix; a word that cannot be covered, or is longer
// than max_input_chars_per_word, becomes one unknown token.
#include <string>

#include "tokenize/normalizer.h"
#include "tokenize/tokenizer.h"
#include "tokenize/vocab.h"

namespace pwb::tokenize {

class WordPiece {
 public:
  WordPiece(const Vocab& vocab, int64_t unkId, std::string prefix, int maxInputCharsPerWord);
  // Pre-tokenizes text[begin, end) and appends its subword tokens to out (offsets via text.orig).
  void encode(const NormalizedText& text, size_t begin, size_t end, Encoding& out) const;
  const std::string& prefix() const { return prefix_; }

 private:
  void encodeWord(const NormalizedText& text, size_t begin, size_t end, Encoding& out) const;

  const Vocab& vocab_;
  int64_t unkId_;
  std::string prefix_;
  size_t maxChars_;
};

}  // namespace pwb::tokenize
