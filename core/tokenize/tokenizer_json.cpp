#include <algorithm>
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "common/text_file.h"
#include "tokenize/tokenizer_config.h"
#include "tokenize/tokenizer_loaders.h"

namespace pwb::tokenize {
namespace {

using nlohmann::json;

// Type-checked access to the JSON tree; every failure names the file and the dotted key.
class Reader {
 public:
  explicit Reader(std::string path) : path_(std::move(path)) {}
  // Ids must stay near the number of entries: a sparse id like 10^7 would allocate that many slots.
  int64_t idLimit = kMaxVocabSize;
  const std::string& path() const { return path_; }

  Error error(const std::string& key, const std::string& message) const {
    return keyError(path_, key, message);
  }

  const json& object(const json& parent, const char* name, const std::string& key) const {
    auto it = parent.find(name);
    if (it == parent.end()) throw error(key, "missing");
    if (!it->is_object()) throw error(key, "expected an object");
    return *it;
  }
  bool boolean(const json& parent, const char* name, bool fallback, const std::string& key) const {
    auto it = parent.find(name);
    if (it == parent.end() || it->is_null()) return fallback;
    if (!it->is_boolean()) throw error(key, "expected true or false");
    return it->get<bool>();
  }
  std::string string(const json& parent, const char* name, const std::string& fallback,
                     const std::string& key) const {
    auto it = parent.find(name);
    if (it == parent.end() || it->is_null()) return fallback;
    if (!it->is_string()) throw error(key, "expected a string");
    return it->get<std::string>();
  }
  int64_t integer(const json& parent, const char* name, int64_t fallback, int64_t lo, int64_t hi,
                  const std::string& key) const {
    auto it = parent.find(name);
    if (it == parent.end() || it->is_null()) return fallback;
    return integerValue(*it, lo, hi, key);
  }
  int64_t integerValue(const json& v, int64_t lo, int64_t hi, const std::string& key) const {
    if (!v.is_number_integer()) throw error(key, "expected an integer");
    const int64_t x =
        v.is_number_unsigned() && v.get<uint64_t>() > uint64_t(INT64_MAX) ? INT64_MAX : v.get<int64_t>();
    if (x < lo || x > hi)
      throw error(key, "value " + std::to_string(x) + " is outside [" + std::to_string(lo) + ", " +
                           std::to_string(hi) + "]");
    return x;
  }

 private:
  std::string path_;
};

void readVocab(const Reader& r, const json& model, TokenizerSpec& spec) {
  const json& vocab = r.object(model, "vocab", "model.vocab");
  if (vocab.size() > kMaxVocabSize)
    throw r.error("model.vocab", "has " + std::to_string(vocab.size()) +
                                     " entries, more than the supported " + std::to_string(kMaxVocabSize));
  for (auto it = vocab.begin(); it != vocab.end(); ++it) {
    const int64_t id = r.integerValue(it.value(), 0, r.idLimit - 1, "model.vocab." + it.key());
    spec.vocab.add(it.key(), id);
  }
}

void readMerges(const Reader& r, const json& model, TokenizerSpec& spec) {
  auto it = model.find("merges");
  if (it == model.end()) throw r.error("model.merges", "missing");
  if (!it->is_array()) throw r.error("model.merges", "expected an array");
  spec.merges.reserve(it->size());
  for (size_t i = 0; i < it->size(); ++i) {
    const json& m = (*it)[i];
    const std::string key = "model.merges[" + std::to_string(i) + "]";
    if (m.is_string()) {
      const std::string s = m.get<std::string>();
      const size_t space = s.find(' ');
      if (space == std::string::npos || space == 0 || space + 1 == s.size() ||
          s.find(' ', space + 1) != std::string::npos)
        throw r.error(key, "expected two tokens separated by one space, got '" + s + "'");
      spec.merges.emplace_back(s.substr(0, space), s.substr(space + 1));
    } else if (m.is_array() && m.size() == 2 && m[0].is_string() && m[1].is_string()) {
      spec.merges.emplace_back(m[0].get<std::string>(), m[1].get<std::string>());
    } else {
      throw r.error(key, "expected \"a b\" or [\"a\", \"b\"]");
    }
  }
}

void readModel(const Reader& r, const json& root, TokenizerSpec& spec) {
  const json& model = r.object(root, "model", "model");
  std::string type = r.string(model, "type", "", "model.type");
  if (type.empty()) type = model.contains("merges") ? "BPE" : "WordPiece";
  readVocab(r, model, spec);
  if (type == "WordPiece") {
    spec.model = TokenizerSpec::Model::WordPiece;
    spec.unkToken = r.string(model, "unk_token", "[UNK]", "model.unk_token");
    spec.subwordPrefix =
        r.string(model, "continuing_subword_prefix", "##", "model.continuing_subword_prefix");
    spec.maxInputCharsPerWord = static_cast<int>(
        r.integer(model, "max_input_chars_per_word", 100, 1, 1 << 20, "model.max_input_chars_per_word"));
  } else if (type == "BPE") {
    spec.model = TokenizerSpec::Model::ByteLevelBpe;
    spec.unkToken = r.string(model, "unk_token", "", "model.unk_token");
    for (const char* k : {"continuing_subword_prefix", "end_of_word_suffix"})
      if (!r.string(model, k, "", std::string("model.") + k).empty())
        throw r.error(std::string("model.") + k,
                      "is not supported (only byte-level BPE as in GPT-2/RoBERTa)");
    if (r.boolean(model, "byte_fallback", false, "model.byte_fallback"))
      throw r.error("model.byte_fallback", "is not supported (only byte-level BPE as in GPT-2/RoBERTa)");
    readMerges(r, model, spec);
  } else {
    throw r.error("model.type", "unsupported tokenizer model '" + type + "' (supported: WordPiece, BPE)");
  }
}

void readNormalizer(const Reader& r, const json& n, const std::string& key, NormalizerOptions& opt) {
  if (n.is_null()) return;
  if (!n.is_object()) throw r.error(key, "expected an object or null");
  const std::string type = r.string(n, "type", "", key + ".type");
  if (type == "BertNormalizer") {
    opt.bert = true;
    opt.cleanText = r.boolean(n, "clean_text", true, key + ".clean_text");
    opt.handleChineseChars = r.boolean(n, "handle_chinese_chars", true, key + ".handle_chinese_chars");
    opt.lowercase = r.boolean(n, "lowercase", true, key + ".lowercase");
    // strip_accents null means "follow lowercase", as in BertNormalizer.
    opt.stripAccents = r.boolean(n, "strip_accents", opt.lowercase, key + ".strip_accents");
  } else if (type == "Sequence") {
    auto it = n.find("normalizers");
    if (it == n.end() || !it->is_array()) throw r.error(key + ".normalizers", "expected an array");
    for (size_t i = 0; i < it->size(); ++i)
      readNormalizer(r, (*it)[i], key + ".normalizers[" + std::to_string(i) + "]", opt);
  } else if (type == "Lowercase" || type == "NFD" || type == "StripAccents") {
    // Pieces of BertNormalizer in a Sequence: NFD + StripAccents = strip accents.
    if (!opt.bert) opt = NormalizerOptions{true, false, false, false, false};
    if (type == "Lowercase") opt.lowercase = true;
    if (type == "StripAccents") opt.stripAccents = true;
  } else {
    throw r.error(key + ".type", "unsupported normalizer '" + type +
                                     "' (supported: BertNormalizer, Lowercase, NFD, StripAccents, Sequence)");
  }
}

void readPreTokenizer(const Reader& r, const json& p, const std::string& key, TokenizerSpec& spec,
                      bool& seen) {
  if (p.is_null()) return;
  if (!p.is_object()) throw r.error(key, "expected an object or null");
  const std::string type = r.string(p, "type", "", key + ".type");
  const bool wordPiece = spec.model == TokenizerSpec::Model::WordPiece;
  if (type == "Sequence") {
    auto it = p.find("pretokenizers");
    if (it == p.end() || !it->is_array()) throw r.error(key + ".pretokenizers", "expected an array");
    for (size_t i = 0; i < it->size(); ++i)
      readPreTokenizer(r, (*it)[i], key + ".pretokenizers[" + std::to_string(i) + "]", spec, seen);
  } else if (type == "BertPreTokenizer" && wordPiece) {
    seen = true;
  } else if (type == "ByteLevel" && !wordPiece) {
    seen = true;
    spec.addPrefixSpace = r.boolean(p, "add_prefix_space", false, key + ".add_prefix_space");
    if (!r.boolean(p, "use_regex", true, key + ".use_regex"))
      throw r.error(key + ".use_regex", "false is not supported (GPT-2 splitting is always applied)");
  } else {
    throw r.error(key + ".type",
                  "unsupported pre-tokenizer '" + type + "' for a " + (wordPiece ? "WordPiece" : "BPE") +
                      " model (supported: " + (wordPiece ? "BertPreTokenizer" : "ByteLevel") + ")");
  }
}

TemplatePiece specialPiece(const std::string& token, int64_t id, int typeId) {
  TemplatePiece t;
  t.ids = {id};
  t.tokens = {token};
  t.typeId = typeId;
  return t;
}

TemplatePiece sequencePiece(int sequence, int typeId) {
  TemplatePiece t;
  t.isSequence = true;
  t.sequence = sequence;
  t.typeId = typeId;
  return t;
}

std::pair<std::string, int64_t> tokenAndId(const Reader& r, const json& p, const char* name,
                                           const std::string& key) {
  auto it = p.find(name);
  const std::string k = key + "." + name;
  if (it == p.end()) throw r.error(k, "missing");
  if (!it->is_array() || it->size() != 2 || !(*it)[0].is_string())
    throw r.error(k, "expected [\"token\", id]");
  return {(*it)[0].get<std::string>(), r.integerValue((*it)[1], 0, r.idLimit - 1, k)};
}

std::vector<TemplatePiece> readTemplate(const Reader& r, const json& p, const char* name,
                                        const std::string& key) {
  const std::string k = key + "." + name;
  auto it = p.find(name);
  if (it == p.end() || !it->is_array()) throw r.error(k, "expected an array");
  const json* specials = p.contains("special_tokens") ? &p["special_tokens"] : nullptr;
  std::vector<TemplatePiece> out;
  for (size_t i = 0; i < it->size(); ++i) {
    const json& item = (*it)[i];
    const std::string ik = k + "[" + std::to_string(i) + "]";
    if (!item.is_object() || item.size() != 1)
      throw r.error(ik, "expected {\"SpecialToken\": ...} or {\"Sequence\": ...}");
    const std::string kind = item.begin().key();
    const json& body = item.begin().value();
    if (!body.is_object()) throw r.error(ik + "." + kind, "expected an object");
    const int typeId = static_cast<int>(r.integer(body, "type_id", 0, 0, 1000, ik + "." + kind + ".type_id"));
    const std::string id = r.string(body, "id", "", ik + "." + kind + ".id");
    if (kind == "Sequence") {
      if (id != "A" && id != "B") throw r.error(ik + ".Sequence.id", "expected \"A\" or \"B\"");
      out.push_back(sequencePiece(id == "A" ? 0 : 1, typeId));
    } else if (kind == "SpecialToken") {
      if (!specials || !specials->is_object() || !specials->contains(id))
        throw r.error(key + ".special_tokens", "'" + id + "' is used by the template but not defined");
      const json& def = (*specials)[id];
      const std::string dk = key + ".special_tokens." + id;
      TemplatePiece t;
      t.typeId = typeId;
      auto ids = def.find("ids");
      auto tokens = def.find("tokens");
      if (ids == def.end() || !ids->is_array() || tokens == def.end() || !tokens->is_array() ||
          ids->size() != tokens->size() || ids->empty())
        throw r.error(dk, "expected matching non-empty \"ids\" and \"tokens\" arrays");
      for (size_t j = 0; j < ids->size(); ++j) {
        t.ids.push_back(r.integerValue((*ids)[j], 0, r.idLimit - 1, dk + ".ids"));
        if (!(*tokens)[j].is_string()) throw r.error(dk + ".tokens", "expected strings");
        t.tokens.push_back((*tokens)[j].get<std::string>());
      }
      out.push_back(std::move(t));
    } else {
      throw r.error(ik, "unknown template element '" + kind + "'");
    }
  }
  return out;
}

void readPostProcessor(const Reader& r, const json& p, const std::string& key, TokenizerSpec& spec) {
  if (p.is_null()) return;
  if (!p.is_object()) throw r.error(key, "expected an object or null");
  const std::string type = r.string(p, "type", "", key + ".type");
  if (type == "TemplateProcessing") {
    spec.single = readTemplate(r, p, "single", key);
    spec.pair = readTemplate(r, p, "pair", key);
  } else if (type == "BertProcessing" || type == "RobertaProcessing") {
    const auto [cls, clsId] = tokenAndId(r, p, "cls", key);
    const auto [sep, sepId] = tokenAndId(r, p, "sep", key);
    const bool roberta = type == "RobertaProcessing";
    const int b = roberta ? 0 : 1;  // RoBERTa has one segment type
    spec.single = {specialPiece(cls, clsId, 0), sequencePiece(0, 0), specialPiece(sep, sepId, 0)};
    spec.pair = {specialPiece(cls, clsId, 0), sequencePiece(0, 0), specialPiece(sep, sepId, 0)};
    if (roberta) spec.pair.push_back(specialPiece(sep, sepId, b));
    spec.pair.push_back(sequencePiece(1, b));
    spec.pair.push_back(specialPiece(sep, sepId, b));
    if (roberta) spec.trimOffsets = r.boolean(p, "trim_offsets", true, key + ".trim_offsets");
  } else if (type == "ByteLevel") {
    spec.trimOffsets = r.boolean(p, "trim_offsets", true, key + ".trim_offsets");
  } else if (type == "Sequence") {
    auto it = p.find("processors");
    if (it == p.end() || !it->is_array()) throw r.error(key + ".processors", "expected an array");
    for (size_t i = 0; i < it->size(); ++i)
      readPostProcessor(r, (*it)[i], key + ".processors[" + std::to_string(i) + "]", spec);
  } else {
    throw r.error(key + ".type", "unsupported post-processor '" + type +
                                     "' (supported: TemplateProcessing, BertProcessing, RobertaProcessing, "
                                     "ByteLevel, Sequence)");
  }
}

void readAddedTokens(const Reader& r, const json& root, TokenizerSpec& spec) {
  auto it = root.find("added_tokens");
  if (it == root.end() || it->is_null()) return;
  if (!it->is_array()) throw r.error("added_tokens", "expected an array");
  for (size_t i = 0; i < it->size(); ++i) {
    const json& t = (*it)[i];
    const std::string key = "added_tokens[" + std::to_string(i) + "]";
    if (!t.is_object()) throw r.error(key, "expected an object");
    AddedToken a;
    a.id = r.integer(t, "id", -1, 0, r.idLimit - 1, key + ".id");
    if (a.id < 0) throw r.error(key + ".id", "missing");
    a.content = r.string(t, "content", "", key + ".content");
    if (a.content.empty()) throw r.error(key + ".content", "missing or empty");
    a.special = r.boolean(t, "special", false, key + ".special");
    a.lstrip = r.boolean(t, "lstrip", false, key + ".lstrip");
    a.rstrip = r.boolean(t, "rstrip", false, key + ".rstrip");
    a.singleWord = r.boolean(t, "single_word", false, key + ".single_word");
    a.normalized = r.boolean(t, "normalized", !a.special, key + ".normalized");
    spec.addedTokens.push_back(std::move(a));
  }
}

TokenizerSpec specFromTokenizerJsonTree(const std::string& path, const nlohmann::json& root) {
  Reader r(path);
  if (!root.is_object()) throw fileError(path, "expected a JSON object at the top level");
  size_t entries = 0;
  if (auto m = root.find("model"); m != root.end() && m->is_object())
    if (auto v = m->find("vocab"); v != m->end()) entries += v->size();
  if (auto a = root.find("added_tokens"); a != root.end()) entries += a->size();
  r.idLimit = std::min<int64_t>(kMaxVocabSize, static_cast<int64_t>(entries) + 1024);
  TokenizerSpec spec;
  spec.source = path;
  readModel(r, root, spec);
  readAddedTokens(r, root, spec);
  if (auto it = root.find("normalizer"); it != root.end())
    readNormalizer(r, *it, "normalizer", spec.normalizer);
  bool seen = false;
  if (auto it = root.find("pre_tokenizer"); it != root.end())
    readPreTokenizer(r, *it, "pre_tokenizer", spec, seen);
  if (!seen)
    throw r.error("pre_tokenizer", spec.model == TokenizerSpec::Model::WordPiece
                                       ? "a WordPiece model needs the BertPreTokenizer"
                                       : "a BPE model needs the ByteLevel pre-tokenizer");
  if (auto it = root.find("post_processor"); it != root.end())
    readPostProcessor(r, *it, "post_processor", spec);
  applySpecialTokenNames(spec, dirOf(path));
  return spec;
}

}  // namespace

TokenizerSpec specFromTokenizerJson(const std::string& path) {
  const json root = readJsonFile(path);
  try {
    return specFromTokenizerJsonTree(path, root);
  } catch (const json::exception& e) {
    // The readers check types before use; this is the safety net for a shape they did not foresee.
    throw fileError(path, std::string("unexpected tokenizer.json structure: ") + e.what());
  }
}

}  // namespace pwb::tokenize
