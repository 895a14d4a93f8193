// Verbalizer parsing (text and JSON), label validation and resolution of label words to token ids.
#include "prompt/verbalizer.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "common/error.h"

namespace pwb::prompt {
namespace {

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::string joinQuoted(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "'" : ", '") + s + "'";
  return out;
}

// The text form, read character by character so errors point at the right column.
class TextParser {
 public:
  TextParser(const std::string& s, const std::string& name) : s_(s), name_(name) {}

  Verbalizer run() {
    Verbalizer v;
    v.sourceName = name_;
    while (true) {
      skipBlanks();
      if (atEnd()) break;
      const int labelLine = line_, labelCol = col_;
      std::string label = trim(readUntil("=;,"));
      if (atEnd() || s_[i_] != '=') {
        if (label.empty()) fail(labelLine, labelCol, "expected LABEL=word[,word];LABEL=word");
        fail(line_, col_,
             "expected '=' after the label '" + label + "' — write LABEL=word[,word];LABEL=word");
      }
      if (label.empty()) fail(labelLine, labelCol, "expected a label before '='");
      if (v.find(label)) fail(labelLine, labelCol, "the label '" + label + "' is given twice");
      advance();  // '='
      VerbalizerClass cls;
      cls.label = label;
      while (true) {
        const int wordLine = line_, wordCol = col_;
        std::string word = trim(readUntil(";,="));
        if (!atEnd() && s_[i_] == '=') {
          fail(line_, col_,
               "unexpected '=' in the words of label '" + label + "' — separate classes with ';'");
        }
        if (word.empty()) fail(wordLine, wordCol, "expected a label word for label '" + label + "'");
        if (std::find(cls.words.begin(), cls.words.end(), word) != cls.words.end()) {
          fail(wordLine, wordCol, "the word '" + word + "' is listed twice for label '" + label + "'");
        }
        cls.words.push_back(word);
        if (atEnd() || s_[i_] == ';') break;
        advance();  // ','
      }
      v.classes.push_back(std::move(cls));
      if (!atEnd()) advance();  // ';'
    }
    if (v.classes.empty()) fail(1, 1, "empty verbalizer — expected LABEL=word[,word];LABEL=word");
    return v;
  }

 private:
  const std::string& s_;
  const std::string& name_;
  size_t i_ = 0;
  int line_ = 1, col_ = 1;

  bool atEnd() const { return i_ >= s_.size(); }
  void advance() {
    const char c = s_[i_++];
    if (c == '\n') {
      ++line_;
      col_ = 1;
    } else if (atEnd() || (static_cast<unsigned char>(s_[i_]) & 0xC0) != 0x80) {
      ++col_;
    }
  }
  void skipBlanks() {
    while (!atEnd() && std::string(" \t\r\n").find(s_[i_]) != std::string::npos) advance();
  }
  [[noreturn]] void fail(int line, int col, const std::string& message) const {
    throw Error(message, ErrorLocation{name_, line, col, {}});
  }
  // Reads up to one of `stops` (not consumed); a backslash makes the next character literal.
  std::string readUntil(const std::string& stops) {
    std::string out;
    while (!atEnd() && stops.find(s_[i_]) == std::string::npos) {
      if (s_[i_] == '\\') {
        const int l = line_, c = col_;
        advance();
        if (atEnd()) fail(l, c, "a '\\' at the end — expected the character it escapes");
      }
      out += s_[i_];
      advance();
    }
    return out;
  }
};

Verbalizer parseJson(const std::string& spec, const std::string& name) {
  nlohmann::ordered_json j;
  try {
    j = nlohmann::ordered_json::parse(spec);
  } catch (const nlohmann::json::parse_error& e) {
    throw Error("invalid JSON at byte " + std::to_string(e.byte) +
                    " — expected {\"LABEL\": \"word\" or [\"word\", ...]}",
                ErrorLocation{name, 0, 0, {}});
  } catch (const nlohmann::json::out_of_range& e) {  // a number beyond double, e.g. 1e999
    throw Error(std::string("invalid JSON: ") + e.what(), ErrorLocation{name, 0, 0, {}});
  }
  Verbalizer v;
  v.sourceName = name;
  if (!j.is_object()) throw Error("expected a JSON object of label -> words", ErrorLocation{name, 0, 0, {}});
  const nlohmann::ordered_json* labels = &j;
  if (j.contains("labels")) {
    for (const auto& [key, value] : j.items()) {
      if (key == "aggregation" || key == "multi_token") {
        if (!value.is_string()) throw keyError(name, key, "expected a string");
        if (key == "aggregation") v.aggregation = parseAggregation(value.get<std::string>());
        if (key == "multi_token") v.multiToken = parseMultiTokenMode(value.get<std::string>());
      } else if (key != "labels") {
        throw keyError(name, key, "unknown key — expected labels, aggregation or multi_token");
      }
    }
    labels = &j["labels"];
    if (!labels->is_object()) throw keyError(name, "labels", "expected an object of label -> words");
  }
  for (const auto& [label, words] : labels->items()) {
    VerbalizerClass cls;
    cls.label = trim(label);
    if (cls.label.empty()) throw keyError(name, label, "empty label");
    if (words.is_string()) {
      cls.words.push_back(trim(words.get<std::string>()));
    } else if (words.is_array()) {
      for (const auto& w : words) {
        if (!w.is_string()) throw keyError(name, label, "expected label words as strings");
        cls.words.push_back(trim(w.get<std::string>()));
      }
    } else {
      throw keyError(name, label, "expected a word or a list of words");
    }
    if (cls.words.empty()) throw keyError(name, label, "no label word");
    for (const auto& w : cls.words) {
      if (w.empty()) throw keyError(name, label, "empty label word");
    }
    v.classes.push_back(std::move(cls));
  }
  if (v.classes.empty())
    throw Error("empty verbalizer — expected at least one label", ErrorLocation{name, 0, 0, {}});
  return v;
}

}  // namespace

const char* aggregationName(WordAggregation a) {
  switch (a) {
    case WordAggregation::MeanLogProb:
      return "mean";
    case WordAggregation::MaxLogProb:
      return "max";
    case WordAggregation::LogSumProb:
      return "sum";
  }
  return "?";
}

const char* multiTokenName(MultiTokenMode m) {
  switch (m) {
    case MultiTokenMode::SubtokenMean:
      return "subtoken_mean";
    case MultiTokenMode::FirstSubtoken:
      return "first_subtoken";
    case MultiTokenMode::MultiMask:
      return "multi_mask";
    case MultiTokenMode::PetSequential:
      return "pet_sequential";
  }
  return "?";
}

WordAggregation parseAggregation(const std::string& name) {
  for (auto a : {WordAggregation::MeanLogProb, WordAggregation::MaxLogProb, WordAggregation::LogSumProb}) {
    if (name == aggregationName(a)) return a;
  }
  throw Error("unknown aggregation '" + name + "' — expected mean, max or sum");
}

MultiTokenMode parseMultiTokenMode(const std::string& name) {
  for (auto m : {MultiTokenMode::SubtokenMean, MultiTokenMode::FirstSubtoken, MultiTokenMode::MultiMask,
                 MultiTokenMode::PetSequential}) {
    if (name == multiTokenName(m)) return m;
  }
  throw Error("unknown multi-token mode '" + name +
              "' — expected subtoken_mean, first_subtoken, multi_mask or pet_sequential");
}

const char* wordStatusName(WordStatus s) {
  switch (s) {
    case WordStatus::Single:
      return "single";
    case WordStatus::Multi:
      return "multi";
    case WordStatus::Unknown:
      return "unknown";
  }
  return "?";
}

const VerbalizerClass* Verbalizer::find(const std::string& label) const {
  for (const auto& c : classes) {
    if (c.label == label) return &c;
  }
  return nullptr;
}

void Verbalizer::validateLabels(const std::vector<std::string>& labels) const {
  for (const auto& c : classes) {
    if (std::find(labels.begin(), labels.end(), c.label) == labels.end()) {
      throw Error("the label '" + c.label + "' is not a label of the data set (its labels are " +
                      joinQuoted(labels) + ")",
                  ErrorLocation{sourceName, 0, 0, {}});
    }
  }
  for (const auto& l : labels) {
    if (!find(l)) {
      throw Error("the data set's label '" + l + "' has no label word — add " + l + "=word",
                  ErrorLocation{sourceName, 0, 0, {}});
    }
  }
}

std::string Verbalizer::toString() const {
  auto escape = [](const std::string& s) {
    std::string out;
    for (char c : s) {
      if (c == ';' || c == ',' || c == '=' || c == '\\') out += '\\';
      out += c;
    }
    return out;
  };
  std::string out;
  for (const auto& c : classes) {
    if (!out.empty()) out += ";";
    out += escape(c.label) + "=";
    for (size_t i = 0; i < c.words.size(); ++i) out += (i ? "," : "") + escape(c.words[i]);
  }
  return out;
}

Verbalizer parseVerbalizer(const std::string& spec, const std::string& sourceName) {
  const std::string t = trim(spec);
  if (!t.empty() && t[0] == '{') return parseJson(t, sourceName);
  return TextParser(spec, sourceName).run();
}

bool ResolvedVerbalizer::hasMultiToken() const {
  for (const auto& c : classes) {
    for (const auto& w : c.words) {
      if (w.status == WordStatus::Multi) return true;
    }
  }
  return false;
}

bool ResolvedVerbalizer::hasUnknown() const {
  for (const auto& c : classes) {
    for (const auto& w : c.words) {
      if (w.status == WordStatus::Unknown) return true;
    }
  }
  return false;
}

int ResolvedVerbalizer::maxPieces() const {
  size_t n = 0;
  for (const auto& c : classes) {
    for (const auto& w : c.words) n = std::max(n, w.ids.size());
  }
  return static_cast<int>(n);
}

std::vector<std::string> ResolvedVerbalizer::labels() const {
  std::vector<std::string> out;
  for (const auto& c : classes) out.push_back(c.label);
  return out;
}

ResolvedWord resolveWord(const std::string& word, const tokenize::Tokenizer& tokenizer,
                         bool maskFollowsSpace) {
  ResolvedWord r;
  r.word = word;
  const bool bpe = tokenizer.kind() == "bpe";
  r.leadingSpace = bpe && maskFollowsSpace;
  r.ids = !bpe || maskFollowsSpace ? tokenizer.wordInContext(word) : tokenizer.encodeRaw(word).ids;
  if (r.ids.empty()) throw Error("the label word '" + word + "' gives no token with this tokenizer");
  const int64_t unk = tokenizer.special().unkId;
  bool unknown = false;
  for (int64_t id : r.ids) {
    r.pieces.push_back(tokenizer.idToToken(id));
    unknown = unknown || (unk >= 0 && id == unk);
  }
  r.status = unknown ? WordStatus::Unknown : r.ids.size() > 1 ? WordStatus::Multi : WordStatus::Single;
  return r;
}

ResolvedVerbalizer resolveVerbalizer(const Verbalizer& verbalizer, const std::vector<std::string>& labels,
                                     const tokenize::Tokenizer& tokenizer, bool maskFollowsSpace) {
  if (!labels.empty()) verbalizer.validateLabels(labels);
  ResolvedVerbalizer out;
  out.aggregation = verbalizer.aggregation;
  out.multiToken = verbalizer.multiToken;
  std::vector<std::string> order = labels;
  if (order.empty()) {
    for (const auto& c : verbalizer.classes) order.push_back(c.label);
  }
  for (const auto& label : order) {
    const VerbalizerClass* cls = verbalizer.find(label);
    ResolvedClass rc;
    rc.label = label;
    for (const auto& w : cls->words) {
      ResolvedWord rw = resolveWord(w, tokenizer, maskFollowsSpace);
      rw.label = label;
      std::string pieces;
      for (const auto& p : rw.pieces) pieces += (pieces.empty() ? "" : " ") + p;
      if (rw.status == WordStatus::Unknown) {
        out.notes.push_back("label word '" + w + "' (label " + label + ") contains the unknown token (" +
                            pieces + "): the model cannot predict it");
      } else if (rw.status == WordStatus::Multi) {
        out.notes.push_back("label word '" + w + "' (label " + label + ") is " +
                            std::to_string(rw.ids.size()) + " tokens (" + pieces + "), scored with " +
                            multiTokenName(verbalizer.multiToken));
      }
      rc.words.push_back(std::move(rw));
    }
    out.classes.push_back(std::move(rc));
  }
  return out;
}

}  // namespace pwb::prompt
