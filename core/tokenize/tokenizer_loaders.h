#pragma once
// Readers that turn the files of a Hugging Face model folder into a TokenizerSpec.
#include <string>

#include "tokenize/pipeline_tokenizer.h"

namespace pwb::tokenize {

// tokenizer.json (the "fast" tokenizer file). tokenizer_config.json next to it, when present, names the
// special tokens. Throws pwb::Error naming the file and the JSON key for anything invalid or unsupported.
TokenizerSpec specFromTokenizerJson(const std::string& path);

// vocab.txt (+ tokenizer_config.json: do_lower_case, strip_accents, tokenize_chinese_chars, special tokens).
TokenizerSpec specFromVocabTxt(const std::string& dir);

// vocab.json + merges.txt (+ tokenizer_config.json: add_prefix_space, trim_offsets, special tokens);
// RoBERTa conventions: <s> A </s></s> B </s>, and <mask> absorbs the space before it (lstrip).
TokenizerSpec specFromVocabJsonMerges(const std::string& dir);

}  // namespace pwb::tokenize
