#include "tokenize/tokenizer_config.h"

#include "common/error.h"
#include "common/text_file.h"

namespace pwb::tokenize {

std::string dirOf(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

nlohmann::json readTokenizerConfig(const std::string& dir) {
  const std::string path = joinPath(dir, "tokenizer_config.json");
  if (!fileExists(path)) return nlohmann::json::object();
  nlohmann::json config = readJsonFile(path, size_t(64) << 20);
  if (!config.is_object()) throw fileError(path, "expected a JSON object at the top level");
  return config;
}

std::string configTokenName(const nlohmann::json& config, const char* key, const std::string& path) {
  auto it = config.find(key);
  if (it == config.end() || it->is_null()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_object()) {
    auto content = it->find("content");
    if (content != it->end() && content->is_string()) return content->get<std::string>();
  }
  throw keyError(path, key, "expected a token string or an object with \"content\"");
}

void applySpecialTokenNames(TokenizerSpec& spec, const std::string& dir) {
  const nlohmann::json config = readTokenizerConfig(dir);
  const std::string path = joinPath(dir, "tokenizer_config.json");
  const bool bpe = spec.model == TokenizerSpec::Model::ByteLevelBpe;
  auto pick = [&](const char* key, const char* wordPieceDefault, const char* bpeDefault) {
    std::string name = configTokenName(config, key, path);
    return name.empty() ? std::string(bpe ? bpeDefault : wordPieceDefault) : name;
  };
  SpecialTokens& s = spec.special;
  s.cls = pick("cls_token", "[CLS]", "<s>");
  s.sep = pick("sep_token", "[SEP]", "</s>");
  s.pad = pick("pad_token", "[PAD]", "<pad>");
  s.unk = pick("unk_token", "[UNK]", "<unk>");
  s.mask = pick("mask_token", "[MASK]", "<mask>");
}

}  // namespace pwb::tokenize
