// OpenPrompt template text (ManualTemplate / MixedTemplate / SoftTemplate): literal text with Python
// dict or set literals in braces, e.g. {"placeholder":"text_a"} It was {"mask"}, {"soft": "It was"},
// {"meta": "premise", "shortenable": True}, {"soft": None, "duplicate": 20}. OpenPrompt eval()s the
// braces; here they are parsed as data only (strings, numbers, True/False/None), so a lambda is refused.
// Spacing follows OpenPrompt's parse_text: an element is preceded by one space when the template has
// spaces before it, and literal text loses its trailing spaces.
#include <cctype>
#include <string>
#include <vector>

#include "common/error.h"
#include "prompt/template.h"
#include "prompt/template_import.h"

namespace pwb::prompt {
namespace {

const char* const kSource = "OpenPrompt template";

struct Value {
  enum Kind { None, String, Number, Bool } kind = None;
  std::string text;
  long number = 0;
  bool flag = false;
};

struct Entry {
  std::string key;
  Value value;
  bool hasValue = false;  // false for set members ({"mask"})
  SourcePos pos;
};

// One parsed {...} element plus the spacing OpenPrompt gives it.
struct OpElement {
  std::vector<Entry> entries;
  std::string literal;  // literal text (no entries)
  bool prefixSpace = false;
  SourcePos pos;
  const Entry* find(const std::string& key) const {
    for (const auto& e : entries) {
      if (e.key == key) return &e;
    }
    return nullptr;
  }
};

class OpenPromptParser {
 public:
  explicit OpenPromptParser(const std::string& s) : s_(s) {}

  std::vector<OpElement> run() {
    std::vector<OpElement> out;
    while (!atEnd()) {
      OpElement el;
      el.prefixSpace = i_ > 0 && s_[i_ - 1] == ' ';
      while (!atEnd() && s_[i_] == ' ') {
        el.prefixSpace = true;
        advance();
      }
      if (atEnd()) break;
      el.pos = pos();
      if (s_[i_] != '{') {
        std::string text;
        while (!atEnd() && s_[i_] != '{') {
          text += s_[i_];
          advance();
        }
        const size_t e = text.find_last_not_of(' ');
        el.literal = e == std::string::npos ? "" : text.substr(0, e + 1);
      } else {
        parseBraces(el);
      }
      out.push_back(std::move(el));
    }
    return out;
  }

 private:
  const std::string& s_;
  size_t i_ = 0;
  int line_ = 1, col_ = 1;

  bool atEnd() const { return i_ >= s_.size(); }
  SourcePos pos() const { return SourcePos{line_, col_}; }
  void advance() {
    const char c = s_[i_++];
    if (c == '\n') {
      ++line_;
      col_ = 1;
    } else if (atEnd() || (static_cast<unsigned char>(s_[i_]) & 0xC0) != 0x80) {
      ++col_;
    }
  }
  [[noreturn]] void fail(SourcePos p, const std::string& message) const {
    throw Error(message, ErrorLocation{kSource, p.line, p.column, {}});
  }
  void skipSpace() {
    while (!atEnd() && std::isspace(static_cast<unsigned char>(s_[i_]))) advance();
  }

  std::string parseString() {
    const SourcePos start = pos();
    const char quote = s_[i_];
    advance();
    std::string out;
    while (!atEnd() && s_[i_] != quote) {
      if (s_[i_] == '\\' && i_ + 1 < s_.size()) {
        advance();
        const char c = s_[i_];
        out += c == 'n' ? '\n' : c == 't' ? '\t' : c;
      } else {
        out += s_[i_];
      }
      advance();
    }
    if (atEnd()) fail(start, std::string("unterminated string — expected a closing ") + quote);
    advance();
    return out;
  }

  Value parseValue(const std::string& key) {
    const SourcePos start = pos();
    Value v;
    if (atEnd()) fail(start, "expected a value for '" + key + "'");
    const char c = s_[i_];
    if (c == '"' || c == '\'') {
      v.kind = Value::String;
      v.text = parseString();
      return v;
    }
    std::string word;
    while (!atEnd() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_' || s_[i_] == '-')) {
      word += s_[i_];
      advance();
    }
    if (word == "lambda") {
      std::string code = "lambda";
      int depth = 0;
      while (!atEnd() && !(depth == 0 && (s_[i_] == ',' || s_[i_] == '}'))) {
        if (s_[i_] == '(' || s_[i_] == '[' || s_[i_] == '{') ++depth;
        if (s_[i_] == ')' || s_[i_] == ']' || s_[i_] == '}') --depth;
        code += s_[i_];
        advance();
      }
      fail(start, "'" + key + "': '" + code +
                      "' is Python code, which the workbench does not run — use a field modifier instead (" +
                      modifierNameList() + "), e.g. {text_b|lower_first}");
    }
    if (word == "True" || word == "true" || word == "False" || word == "false") {
      v.kind = Value::Bool;
      v.flag = word[0] == 'T' || word[0] == 't';
      return v;
    }
    if (word == "None" || word == "null") return v;
    if (!word.empty() && word.find_first_not_of("0123456789") == std::string::npos && word.size() < 7) {
      v.kind = Value::Number;
      v.number = std::stol(word);
      return v;
    }
    fail(start, "unsupported value '" + (word.empty() ? std::string(1, c) : word) + "' for '" + key +
                    "' — expected a string, a number, True, False or None");
  }

  void parseBraces(OpElement& el) {
    const SourcePos start = pos();
    advance();  // '{'
    skipSpace();
    if (!atEnd() && s_[i_] == '}')
      fail(start, "empty '{}' — expected e.g. {\"placeholder\": \"text_a\"} or {\"mask\"}");
    while (true) {
      skipSpace();
      if (atEnd()) fail(start, "unterminated '{' — expected '}'");
      Entry entry;
      entry.pos = pos();
      if (s_[i_] != '"' && s_[i_] != '\'') {
        fail(pos(),
             std::string("unexpected '") + s_[i_] + "' — expected a quoted key such as \"placeholder\"");
      }
      entry.key = parseString();
      skipSpace();
      if (!atEnd() && s_[i_] == ':') {
        advance();
        skipSpace();
        entry.value = parseValue(entry.key);
        entry.hasValue = true;
        skipSpace();
      }
      el.entries.push_back(std::move(entry));
      if (atEnd()) fail(start, "unterminated '{' — expected '}'");
      if (s_[i_] == ',') {
        advance();
        skipSpace();
        if (!atEnd() && s_[i_] == '}') break;
        continue;
      }
      if (s_[i_] == '}') break;
      fail(pos(), std::string("unexpected '") + s_[i_] + "' — expected ',' or '}'");
    }
    advance();  // '}'
  }
};

[[noreturn]] void refuse(const Entry& e, const std::string& message) {
  throw Error(message, ErrorLocation{kSource, e.pos.line, e.pos.column, {}});
}

const char* const kKnownKeys =
    "placeholder, meta, mask, soft, duplicate, shortenable, special, text, add_prefix_space (soft_id, same "
    "and "
    "post_processing are refused)";

std::string stringOf(const Entry& e) {
  if (!e.hasValue || e.value.kind != Value::String) refuse(e, "'" + e.key + "' needs a string value");
  return e.value.text;
}

}  // namespace

ImportedTemplate importOpenPromptTemplate(const std::string& openprompt) {
  const std::vector<OpElement> elements = OpenPromptParser(openprompt).run();
  ImportedTemplate out;

  // Which fields OpenPrompt would shorten: placeholders by default, metas not, "shortenable" overrides.
  struct FieldOut {
    size_t textPos;  // where its "{name" ends in out.text, to insert |shorten
    bool shortenable;
  };
  std::vector<FieldOut> fields;
  bool previousSlot = false;  // the element before was [SOFT]: spaces after it are layout in the workbench
  for (const OpElement& el : elements) {
    std::string prefix = el.prefixSpace ? " " : "";
    if (el.entries.empty()) {
      out.text += (previousSlot && el.prefixSpace ? "\\ " : prefix) + escapeTemplateText(el.literal);
      previousSlot = false;
      continue;
    }
    for (const Entry& e : el.entries) {
      static const std::vector<std::string> known = {"placeholder", "meta",      "mask",
                                                     "soft",        "duplicate", "shortenable",
                                                     "special",     "text",      "add_prefix_space",
                                                     "soft_id",     "same",      "post_processing"};
      bool ok = false;
      for (const auto& k : known) ok = ok || k == e.key;
      if (!ok) refuse(e, "unknown key '" + e.key + "' — expected one of " + kKnownKeys);
      if (e.key == "post_processing") {
        refuse(e,
               "'post_processing' runs Python code, which the workbench does not run — use a field modifier "
               "instead (" +
                   modifierNameList() + ")");
      }
      if (e.key == "soft_id" || e.key == "same") {
        refuse(e, "'" + e.key +
                      "' (soft vectors shared between positions) is not supported — give each position "
                      "its own [SOFT]");
      }
    }
    if (const Entry* a = el.find("add_prefix_space")) prefix = stringOf(*a);
    const Entry* placeholder = el.find("placeholder");
    const Entry* meta = el.find("meta");
    const Entry* shortenable = el.find("shortenable");
    if (placeholder || meta) {
      std::string name = stringOf(placeholder ? *placeholder : *meta);
      if (name.size() > 2 && name.front() == '<' && name.back() == '>')
        name = name.substr(1, name.size() - 2);
      bool shorten = placeholder != nullptr;
      if (shortenable) {
        if (!shortenable->hasValue || shortenable->value.kind != Value::Bool) {
          refuse(*shortenable, "'shortenable' needs True or False");
        }
        shorten = shortenable->value.flag;
      }
      const bool spaceModifier = previousSlot && !prefix.empty();
      out.text += (spaceModifier ? "" : prefix) + "{" + name;
      fields.push_back(FieldOut{out.text.size(), shorten});
      out.text += spaceModifier ? "|space}" : "}";
      previousSlot = false;
    } else if (el.find("mask")) {
      out.text += prefix + "[MASK]";
      previousSlot = false;
    } else if (const Entry* soft = el.find("soft")) {
      const Entry* duplicate = el.find("duplicate");
      if (soft->hasValue && soft->value.kind == Value::String) {
        if (duplicate) refuse(*duplicate, "'duplicate' with an initial text is not supported — use [SOFT*n]");
        out.text += " [SOFT:" + prefix;
        for (char c : soft->value.text) {
          if (c == ']' || c == '[' || c == '\\') out.text += '\\';
          out.text += c;
        }
        out.text += "]";
      } else {
        long count = 1;
        if (duplicate) {
          if (!duplicate->hasValue || duplicate->value.kind != Value::Number || duplicate->value.number < 1) {
            refuse(*duplicate, "'duplicate' needs a positive number");
          }
          count = duplicate->value.number;
        }
        out.text += count == 1 ? " [SOFT]" : " [SOFT*" + std::to_string(count) + "]";
      }
      previousSlot = true;
      continue;
    } else if (const Entry* special = el.find("special")) {
      const std::string sp = stringOf(*special);
      if (sp == "<sep>" || sp == "[SEP]" || sp == "</s>" || sp == "<eos>") {
        out.text += " [SEP]";
      } else if (sp == "<cls>" || sp == "[CLS]" || sp == "<s>") {
        out.text += "[CLS]";
      } else if (sp == "<mask>" || sp == "[MASK]") {
        out.text += prefix + "[MASK]";
      } else {
        refuse(*special, "special token '" + sp + "' is not supported — expected <sep>, <cls> or <mask>");
      }
      previousSlot = false;  // spaces next to [SEP]/[CLS] are layout either way
    } else if (const Entry* text = el.find("text")) {
      out.text += (previousSlot && !prefix.empty() ? "\\ " : prefix) + escapeTemplateText(stringOf(*text));
      previousSlot = false;
    } else {
      refuse(el.entries.front(),
             "'{" + el.entries.front().key + "}' is not a template element — expected one of " + kKnownKeys);
    }
  }

  // The workbench shortens every field when none is marked; mark them only when OpenPrompt would not.
  size_t marked = 0;
  for (const auto& f : fields) marked += f.shortenable ? 1 : 0;
  if (marked == 0 && !fields.empty()) {
    out.notes.push_back(
        "OpenPrompt would shorten no field; the workbench shortens the longest field when a prompt "
        "is too long");
  } else if (marked < fields.size()) {
    for (auto it = fields.rbegin(); it != fields.rend(); ++it) {
      if (it->shortenable) out.text.insert(it->textPos, "|shorten");
    }
  }
  try {
    parseTemplate(out.text, kSource);
  } catch (const Error& e) {
    throw Error("the converted template '" + out.text + "' is invalid: " + e.message(),
                ErrorLocation{kSource, 0, 0, {}});
  }
  return out;
}

}  // namespace pwb::prompt
