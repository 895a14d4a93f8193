// Fuzzes WordPiece and byte-level BPE encoding of arbitrary bytes (invalid UTF-8, control characters,
// huge words, special-token look-alikes) with the real tokenizers of the fixtures, loaded both from
// tokenizer.json and from the legacy vocab files. The first input byte picks the tokenizer.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/error.h"
#include "tokenize/pipeline_tokenizer.h"
#include "tokenize/tokenizer.h"
#include "tokenize/tokenizer_loaders.h"
#include "tokenizer_checks.h"

using namespace pwb::tokenize;

namespace {

std::vector<std::unique_ptr<Tokenizer>> loadAll() {
  const std::string shared = PWB_REFERENCE_DIR;
  std::vector<std::unique_ptr<Tokenizer>> all;
  all.push_back(loadTokenizer(shared + "/fixtures/tiny-bert"));     // WordPiece, tokenizer.json
  all.push_back(loadTokenizer(shared + "/fixtures/tiny-roberta"));  // byte-level BPE, tokenizer.json
  all.push_back(std::make_unique<PipelineTokenizer>(specFromVocabTxt(shared + "/fixtures/tiny-bert")));
  all.push_back(
      std::make_unique<PipelineTokenizer>(specFromVocabJsonMerges(shared + "/fixtures/tiny-roberta")));
  all.push_back(loadTokenizer(shared + "/tokenizers/bert-base-chinese"));  // CJK splitting, no lower case
  all.push_back(loadTokenizer(shared + "/tokenizers/bert-base-uncased"));  // accents stripped, lower case
  return all;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::vector<std::unique_ptr<Tokenizer>> tokenizers = loadAll();
  if (size < 1) return 0;
  const Tokenizer& t = *tokenizers[data[0] % tokenizers.size()];
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    pwb::fuzz::exerciseTokenizer(t, text);
  } catch (const pwb::Error&) {
    // Encoding is documented not to throw for text; a pwb::Error is still a clean outcome.
  }
  return 0;
}
