#pragma once
// Which model a prompt was trained on: a trained prompt only means something on the exact weights'
// architecture and vocabulary it was trained with. Torch-free.
#include <nlohmann/json.hpp>
#include <string>

namespace pwb::exporting {

struct ModelIdentity {
  std::string name;           // the model folder's name ("demo-bert-mini", "tiny-bert")
  std::string path;           // where it was (informative only; never compared)
  std::string configHash;     // ModelConfig::configHash (FNV-1a 64 of config.json)
  std::string tokenizerHash;  // tokenizerHash() of the folder

  nlohmann::json toJson() const;
  // `source` names the file in errors (missing/invalid keys).
  static ModelIdentity fromJson(const nlohmann::json& j, const std::string& source);
  std::string describe() const;  // "tiny-bert (config 1a2b..., tokenizer 3c4d...)"
};

// SHA-256 over the tokenizer files present in the folder (tokenizer.json, tokenizer_config.json,
// special_tokens_map.json, added_tokens.json, vocab.txt, vocab.json, merges.txt), each preceded by its name
// and size, in that order. Throws pwb::Error naming the folder when none of them exists.
std::string tokenizerHash(const std::string& modelDir);

// Reads config.json and the tokenizer files of the folder.
ModelIdentity modelIdentity(const std::string& modelDir);

// Throws pwb::Error, naming `promptPath` and both identities, when the config or tokenizer hash differ.
void requireSameModel(const ModelIdentity& prompt, const ModelIdentity& model, const std::string& promptPath);

}  // namespace pwb::exporting
