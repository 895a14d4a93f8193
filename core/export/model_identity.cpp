#include "export/model_identity.h"

#include <filesystem>

#include "common/error.h"
#include "common/text_file.h"
#include "model/model_config.h"
#include "store/sha256.h"

namespace pwb::exporting {

nlohmann::json ModelIdentity::toJson() const {
  return {{"name", name}, {"path", path}, {"config_hash", configHash}, {"tokenizer_hash", tokenizerHash}};
}

ModelIdentity ModelIdentity::fromJson(const nlohmann::json& j, const std::string& source) {
  if (!j.is_object())
    throw keyError(source, "model", "must be an object with name, config_hash, tokenizer_hash");
  auto str = [&](const char* key, bool required) {
    if (!j.contains(key) || !j[key].is_string()) {
      if (required) throw keyError(source, std::string("model.") + key, "missing or not a string");
      return std::string();
    }
    return j[key].get<std::string>();
  };
  ModelIdentity m;
  m.name = str("name", true);
  m.path = str("path", false);
  m.configHash = str("config_hash", true);
  m.tokenizerHash = str("tokenizer_hash", true);
  return m;
}

std::string ModelIdentity::describe() const {
  return (name.empty() ? std::string("unnamed model") : name) + " (config " + configHash + ", tokenizer " +
         tokenizerHash.substr(0, 16) + ")";
}

std::string tokenizerHash(const std::string& modelDir) {
  static const char* kFiles[] = {"tokenizer.json",
                                 "tokenizer_config.json",
                                 "special_tokens_map.json",
                                 "added_tokens.json",
                                 "vocab.txt",
                                 "vocab.json",
                                 "merges.txt"};
  store::Sha256 h;
  bool any = false;
  for (const char* f : kFiles) {
    const std::string path = joinPath(modelDir, f);
    if (!fileExists(path)) continue;
    const std::string bytes = readFileBytes(path);
    const std::string head = std::string(f) + '\0' + std::to_string(bytes.size()) + '\0';
    h.update(head.data(), head.size());
    h.update(bytes.data(), bytes.size());
    any = true;
  }
  if (!any)
    throw fileError(modelDir, "no tokenizer files (tokenizer.json, vocab.txt or vocab.json) in the folder");
  return h.hexDigest();
}

ModelIdentity modelIdentity(const std::string& modelDir) {
  ModelIdentity m;
  const auto c = model::ModelConfig::fromFile(joinPath(modelDir, "config.json"));
  std::filesystem::path p(modelDir);
  if (!p.has_filename()) p = p.parent_path();
  m.name = p.filename().string();
  std::error_code ec;
  const auto abs = std::filesystem::absolute(modelDir, ec);
  m.path = ec ? modelDir : abs.lexically_normal().string();
  m.configHash = c.configHash;
  m.tokenizerHash = tokenizerHash(modelDir);
  return m;
}

void requireSameModel(const ModelIdentity& prompt, const ModelIdentity& model,
                      const std::string& promptPath) {
  if (prompt.configHash == model.configHash && prompt.tokenizerHash == model.tokenizerHash) return;
  const std::string what =
      prompt.configHash != model.configHash ? "config.json differs" : "the tokenizer differs";
  throw fileError(promptPath, "this prompt was trained on " + prompt.describe() + " but the model given is " +
                                  model.describe() + " (" + what +
                                  "); load it with the model it was trained on");
}

}  // namespace pwb::exporting
