#pragma once
// Byte-level BPE (GPT-2, RoBERTa): GPT-2's pre-tokenization regex (written out by hand), each piece's UTF-8
// bytes mapped to printable characters (bytes_to_unicode), then merges applied by rank.
#include <array>
#include <string>
#include <utility>
#include <vector>

#include "tokenize/normalizer.h"
#include "tokenize/tokenizer.h"
#include "tokenize/vocab.h"

namespace pwb::tokenize {

class ByteLevelBpe {
 public:
  // merges in rank order; source names the file for error messages. Throws pwb::Error when a merge or a
  // byte symbol refers to a token missing from the vocabulary.
  ByteLevelBpe(const Vocab& vocab, const std::vector<std::pair<std::string, std::string>>& merges,
               int64_t unkId, bool trimOffsets, const std::string& source);

  // Splits text[begin, end) GPT-2 style and appends the tokens of every piece to out. addedPrefixSpace:
  // the segment starts with a space inserted by add_prefix_space (its offsets are kept, not trimmed).
  void encode(const NormalizedText& text, size_t begin, size_t end, bool addedPrefixSpace,
              Encoding& out) const;

  // The 256 byte -> character strings (UTF-8) of GPT-2's bytes_to_unicode.
  static const std::array<std::string, 256>& byteToUnicode();
  // Inverse for decoding: appends the bytes a token string stands for (other characters as they are).
  static void appendTokenBytes(const std::string& token, std::string& out);

 private:
  void encodePiece(const NormalizedText& text, size_t begin, size_t end, bool keepFirstSpace,
                   Encoding& out) const;

  const Vocab& vocab_;
  PairMap merges_;
  std::array<int32_t, 256> byteIds_{};
  int64_t unkId_;
  bool trimOffsets_;
};

}  // namespace pwb::tokenize
