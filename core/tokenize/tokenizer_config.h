#pragma once
// tokenizer_config.json: the transformers-side settings (casing, special token names) that complement
// tokenizer.json or the plain vocabulary files.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "tokenize/pipeline_tokenizer.h"

namespace pwb::tokenize {

// Upper bound on vocabulary ids/sizes read from files: checked before anything is allocated.
constexpr int64_t kMaxVocabSize = int64_t(1) << 24;

std::string dirOf(const std::string& path);

// The parsed tokenizer_config.json of dir, or an empty object when the file does not exist.
// Throws pwb::Error naming the file when it exists but is not a JSON object.
nlohmann::json readTokenizerConfig(const std::string& dir);

// A special-token entry of tokenizer_config.json: "[MASK]" or {"content": "[MASK]", ...}; "" when absent.
std::string configTokenName(const nlohmann::json& config, const char* key, const std::string& path);

// Fills spec.special's names from tokenizer_config.json (when present) with the model's defaults
// ([CLS]/[SEP]/... for WordPiece, <s>/</s>/... for BPE) for what it does not name.
void applySpecialTokenNames(TokenizerSpec& spec, const std::string& dir);

}  // namespace pwb::tokenize
