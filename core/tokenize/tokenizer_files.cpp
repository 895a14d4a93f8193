// The fallback readers for folders without tokenizer.json: vocab.txt (WordPiece) and vocab.json +
// merges.txt (byte-level BPE), configured by tokenizer_config.json like transformers' slow tokenizers.
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "common/text_file.h"
#include "tokenize/tokenizer_config.h"
#include "tokenize/tokenizer_loaders.h"

namespace pwb::tokenize {
namespace {

constexpr size_t kMaxVocabFileBytes = size_t(256) << 20;

bool configBool(const nlohmann::json& config, const char* key, bool fallback, const std::string& path) {
  auto it = config.find(key);
  if (it == config.end() || it->is_null()) return fallback;
  if (!it->is_boolean()) throw keyError(path, key, "expected true or false");
  return it->get<bool>();
}

// Per-token flags from tokenizer_config.json: "added_tokens_decoder" ({"103": {"content": ..., "lstrip":
// ...}}) or a special token given as an object ({"content": "<mask>", "lstrip": true}).
void applyConfigFlags(const nlohmann::json& config, const std::string& path, AddedToken& t) {
  auto readFlags = [&](const nlohmann::json& o, const std::string& key) {
    for (auto [name, field] :
         {std::pair{"lstrip", &t.lstrip}, std::pair{"rstrip", &t.rstrip},
          std::pair{"single_word", &t.singleWord}, std::pair{"normalized", &t.normalized}}) {
      auto it = o.find(name);
      if (it == o.end()) continue;
      if (!it->is_boolean()) throw keyError(path, key + "." + name, "expected true or false");
      *field = it->get<bool>();
    }
  };
  for (const char* key :
       {"cls_token", "sep_token", "pad_token", "unk_token", "mask_token", "bos_token", "eos_token"}) {
    auto it = config.find(key);
    if (it != config.end() && it->is_object() && it->value("content", "") == t.content) readFlags(*it, key);
  }
  auto dec = config.find("added_tokens_decoder");
  if (dec == config.end() || !dec->is_object()) return;
  for (auto it = dec->begin(); it != dec->end(); ++it)
    if (it->is_object() && it->value("content", "") == t.content)
      readFlags(*it, "added_tokens_decoder." + it.key());
}

void addSpecial(TokenizerSpec& spec, const std::string& token, bool lstrip, const nlohmann::json& config,
                const std::string& configPath) {
  if (token.empty()) return;
  for (const AddedToken& t : spec.addedTokens)
    if (t.content == token) return;
  const int64_t id = spec.vocab.find(token);
  if (id < 0) return;  // a special token the vocabulary does not have is simply not used
  AddedToken t;
  t.content = token;
  t.id = id;
  t.lstrip = lstrip;
  applyConfigFlags(config, configPath, t);
  spec.addedTokens.push_back(std::move(t));
}

TemplatePiece special(const TokenizerSpec& spec, const std::string& token, int typeId) {
  TemplatePiece t;
  t.ids = {spec.vocab.find(token)};
  t.tokens = {token};
  t.typeId = typeId;
  return t;
}

TemplatePiece sequence(int s, int typeId) {
  TemplatePiece t;
  t.isSequence = true;
  t.sequence = s;
  t.typeId = typeId;
  return t;
}

}  // namespace

TokenizerSpec specFromVocabTxt(const std::string& dir) {
  const std::string path = joinPath(dir, "vocab.txt");
  const std::string bytes = readFileBytes(path, kMaxVocabFileBytes);
  TokenizerSpec spec;
  spec.source = path;
  spec.model = TokenizerSpec::Model::WordPiece;
  int64_t id = 0;
  for (size_t pos = 0; pos < bytes.size(); ++id) {
    size_t eol = bytes.find('\n', pos);
    if (eol == std::string::npos) eol = bytes.size();
    size_t end = eol;
    if (end > pos && bytes[end - 1] == '\r') --end;
    if (id >= kMaxVocabSize) throw fileError(path, "more than " + std::to_string(kMaxVocabSize) + " tokens");
    spec.vocab.add(std::string_view(bytes).substr(pos, end - pos), id);
    pos = eol + 1;
  }
  if (spec.vocab.count() == 0) throw fileError(path, "the vocabulary is empty");

  const nlohmann::json config = readTokenizerConfig(dir);
  const std::string configPath = joinPath(dir, "tokenizer_config.json");
  spec.normalizer.bert = true;
  spec.normalizer.cleanText = true;
  spec.normalizer.lowercase = configBool(config, "do_lower_case", true, configPath);
  spec.normalizer.stripAccents = configBool(config, "strip_accents", spec.normalizer.lowercase, configPath);
  spec.normalizer.handleChineseChars = configBool(config, "tokenize_chinese_chars", true, configPath);
  applySpecialTokenNames(spec, dir);
  const SpecialTokens& s = spec.special;
  spec.unkToken = s.unk;
  for (const std::string* t : {&s.pad, &s.unk, &s.cls, &s.sep, &s.mask})
    addSpecial(spec, *t, false, config, configPath);
  if (spec.vocab.find(s.cls) >= 0 && spec.vocab.find(s.sep) >= 0) {
    spec.single = {special(spec, s.cls, 0), sequence(0, 0), special(spec, s.sep, 0)};
    spec.pair = {special(spec, s.cls, 0), sequence(0, 0), special(spec, s.sep, 0), sequence(1, 1),
                 special(spec, s.sep, 1)};
  }
  return spec;
}

TokenizerSpec specFromVocabJsonMerges(const std::string& dir) {
  const std::string vocabPath = joinPath(dir, "vocab.json");
  const std::string mergesPath = joinPath(dir, "merges.txt");
  if (!fileExists(mergesPath))
    throw fileError(mergesPath, "file not found (a BPE vocab.json needs merges.txt)");
  TokenizerSpec spec;
  spec.source = mergesPath;
  spec.model = TokenizerSpec::Model::ByteLevelBpe;
  const nlohmann::json vocab = readJsonFile(vocabPath, kMaxVocabFileBytes);
  if (!vocab.is_object()) throw fileError(vocabPath, "expected a JSON object {token: id}");
  if (static_cast<int64_t>(vocab.size()) > kMaxVocabSize)
    throw fileError(vocabPath, "more than " + std::to_string(kMaxVocabSize) + " tokens");
  // Ids must stay near the number of entries: a sparse id like 10^7 would allocate that many slots.
  const int64_t idLimit = static_cast<int64_t>(vocab.size()) + 1024;
  for (auto it = vocab.begin(); it != vocab.end(); ++it) {
    if (!it->is_number_integer() || it->get<int64_t>() < 0 || it->get<int64_t>() >= idLimit)
      throw keyError(vocabPath, it.key(), "expected a token id in [0, " + std::to_string(idLimit) + ")");
    spec.vocab.add(it.key(), it->get<int64_t>());
  }

  const std::string merges = readFileBytes(mergesPath, kMaxVocabFileBytes);
  int line = 0;
  for (size_t pos = 0; pos < merges.size();) {
    size_t eol = merges.find('\n', pos);
    if (eol == std::string::npos) eol = merges.size();
    size_t end = eol;
    if (end > pos && merges[end - 1] == '\r') --end;
    const std::string_view l = std::string_view(merges).substr(pos, end - pos);
    ++line;
    pos = eol + 1;
    if (l.empty() || (line == 1 && l.substr(0, 8) == "#version")) continue;
    const size_t space = l.find(' ');
    if (space == std::string_view::npos || space == 0 || space + 1 == l.size() ||
        l.find(' ', space + 1) != std::string_view::npos)
      throw lineError(mergesPath, line, "expected two tokens separated by one space");
    spec.merges.emplace_back(std::string(l.substr(0, space)), std::string(l.substr(space + 1)));
  }

  const nlohmann::json config = readTokenizerConfig(dir);
  const std::string configPath = joinPath(dir, "tokenizer_config.json");
  spec.addPrefixSpace = configBool(config, "add_prefix_space", false, configPath);
  spec.trimOffsets = configBool(config, "trim_offsets", true, configPath);
  applySpecialTokenNames(spec, dir);
  const SpecialTokens& s = spec.special;
  spec.unkToken = spec.vocab.find(s.unk) >= 0 ? s.unk : "";
  const std::string bos = configTokenName(config, "bos_token", configPath);
  const std::string eos = configTokenName(config, "eos_token", configPath);
  for (const std::string* t : {&s.cls, &s.pad, &s.sep, &s.unk, &bos, &eos})
    addSpecial(spec, *t, false, config, configPath);
  addSpecial(spec, s.mask, true, config, configPath);  // RobertaTokenizer: mask_token lstrip=True
  if (spec.vocab.find(s.cls) >= 0 && spec.vocab.find(s.sep) >= 0) {
    spec.single = {special(spec, s.cls, 0), sequence(0, 0), special(spec, s.sep, 0)};
    spec.pair = {special(spec, s.cls, 0), sequence(0, 0), special(spec, s.sep, 0),
                 special(spec, s.sep, 0), sequence(1, 0), special(spec, s.sep, 0)};
  }
  return spec;
}

}  // namespace pwb::tokenize
