#pragma once
// The one Tokenizer implementation: added-token split -> normalizer -> pre-tokenizer + model -> template
// post-processing. The loaders (tokenizer.json, vocab files) only fill a TokenizerSpec.
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tokenize/added_tokens.h"
#include "tokenize/byte_level_bpe.h"
#include "tokenize/normalizer.h"
#include "tokenize/tokenizer.h"
#include "tokenize/vocab.h"
#include "tokenize/wordpiece.h"

namespace pwb::tokenize {

// One element of a post-processing template: a special token (ids/tokens) or sequence A (0) / B (1).
struct TemplatePiece {
  bool isSequence = false;
  int sequence = 0;
  std::vector<int64_t> ids;
  std::vector<std::string> tokens;
  int typeId = 0;
};

struct TokenizerSpec {
  enum class Model { WordPiece, ByteLevelBpe };
  Model model = Model::WordPiece;
  std::string source;  // file the spec came from, for error messages
  Vocab vocab;
  std::vector<AddedToken> addedTokens;
  NormalizerOptions normalizer;
  // WordPiece
  std::string unkToken;
  std::string subwordPrefix = "##";
  int maxInputCharsPerWord = 100;
  // Byte-level BPE
  std::vector<std::pair<std::string, std::string>> merges;  // rank order
  bool addPrefixSpace = false;
  bool trimOffsets = true;
  // Post-processing (empty templates = no special tokens).
  std::vector<TemplatePiece> single, pair;
  SpecialTokens special;  // names filled by the loader; ids resolved by the tokenizer
};

class PipelineTokenizer : public Tokenizer {
 public:
  explicit PipelineTokenizer(TokenizerSpec spec);  // throws pwb::Error on inconsistent specs

  Encoding encodeRaw(const std::string& text) const override;
  Encoding encode(const std::string& text) const override;
  Encoding encodePair(const std::string& a, const std::string& b) const override;
  int64_t tokenToId(const std::string& token) const override;
  std::string idToToken(int64_t id) const override;
  int64_t vocabSize() const override { return spec_.vocab.size(); }
  const SpecialTokens& special() const override { return spec_.special; }
  std::string kind() const override { return isBpe() ? "bpe" : "wordpiece"; }
  std::vector<int64_t> wordInContext(const std::string& word) const override;
  std::string decode(const std::vector<int64_t>& ids) const override;

 private:
  bool isBpe() const { return spec_.model == TokenizerSpec::Model::ByteLevelBpe; }
  // Text tokens of one text (sequence id seq), without special tokens.
  void encodeText(const std::string& text, Encoding& out) const;
  void encodeNormalizedSegment(const NormalizedText& t, size_t begin, size_t end, bool prefixSpace,
                               Encoding& out) const;
  void appendAdded(const AddedMatch& m, const std::vector<int32_t>* orig, const char32_t* cps,
                   Encoding& out) const;
  Encoding applyTemplate(const std::vector<TemplatePiece>& tpl, const std::string* a,
                         const std::string* b) const;

  TokenizerSpec spec_;
  std::optional<WordPiece> wordPiece_;
  std::optional<ByteLevelBpe> bpe_;
  AddedTokenMatcher rawMatcher_, normalizedMatcher_;
};

}  // namespace pwb::tokenize
