#pragma once
// The tokenizer interface that the rest of core/ (prompts, evaluation, training) and the GUI use.
// Implementations: WordPiece (BERT, English and Chinese) and byte-level BPE (RoBERTa).
// No torch here: ui/ includes this header.
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace pwb::tokenize {

// One encoded text (or pair). Offsets are character offsets into the input text, as HF tokenizers report
// them for Python str: counted in Unicode code points, [begin, end); special tokens have {0, 0}.
// For a pair, offsets of the second segment refer to the second text.
struct Encoding {
  std::vector<int64_t> ids;
  std::vector<std::string> tokens;
  std::vector<std::pair<int, int>> offsets;
  std::vector<int64_t> typeIds;      // token type (segment) ids
  std::vector<uint8_t> specialMask;  // 1 for [CLS]/[SEP]/<s>/</s>/[PAD] ..., 0 for text tokens
  std::vector<int> sequenceIds;      // -1 special, 0 first text, 1 second text
  size_t size() const { return ids.size(); }
};

struct SpecialTokens {
  std::string cls, sep, pad, unk, mask;  // spelled as in the vocabulary: [CLS] or <s>, ...
  int64_t clsId = -1, sepId = -1, padId = -1, unkId = -1, maskId = -1;
};

class Tokenizer {
 public:
  virtual ~Tokenizer() = default;

  // Text pieces without special tokens (offsets into text).
  virtual Encoding encodeRaw(const std::string& text) const = 0;
  // With special tokens: [CLS] A [SEP] / <s> A </s>.
  virtual Encoding encode(const std::string& text) const = 0;
  // [CLS] A [SEP] B [SEP] (type ids 0/1) / <s> A </s></s> B </s> (type ids all 0).
  virtual Encoding encodePair(const std::string& a, const std::string& b) const = 0;

  virtual int64_t tokenToId(const std::string& token) const = 0;  // -1 when not in the vocabulary
  virtual std::string idToToken(int64_t id) const = 0;            // "" when out of range
  virtual int64_t vocabSize() const = 0;
  virtual const SpecialTokens& special() const = 0;

  // "wordpiece" or "bpe". BPE marks a preceding space in the token itself (Ġ): label words for a
  // verbalizer are then looked up with the leading-space form, see wordInContext().
  virtual std::string kind() const = 0;
  // Token ids of a word as it appears after a space inside a sentence (RoBERTa: " great" -> Ġgreat).
  virtual std::vector<int64_t> wordInContext(const std::string& word) const = 0;
  // Human-readable text of token pieces (##/Ġ removed, bytes decoded).
  virtual std::string decode(const std::vector<int64_t>& ids) const = 0;

  // encode() of every text, on `threads` threads (<= 1: the calling thread only); results in input order.
  // Safe because encoding is const and uses only per-thread scratch buffers.
  std::vector<Encoding> encodeBatch(const std::vector<std::string>& texts, int threads = 1) const;
};

// Loads the tokenizer of a Hugging Face model folder: tokenizer.json when present, else vocab.txt
// (WordPiece) or vocab.json + merges.txt (BPE), with tokenizer_config.json / config.json for casing and
// special tokens. Throws pwb::Error naming the missing/invalid file.
std::unique_ptr<Tokenizer> loadTokenizer(const std::string& modelDir);

}  // namespace pwb::tokenize
