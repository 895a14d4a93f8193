// Hand-written recursive-descent parser of the template language (grammar in TEMPLATES.md).
// Every error names the line and column where the problem starts and what was expected there, because
// a template is typed by a person and "syntax error" alone (OpenPrompt's eval + exit) helps nobody.
#include <cctype>
#include <string>

#include "common/error.h"
#include "prompt/template.h"

namespace pwb::prompt {
namespace {

constexpr int kMaxVectors = 512;  // more soft vectors than any model's positions is a typo

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::string rtrim(const std::string& s) {
  size_t e = s.find_last_not_of(" \t\r\n");
  return e == std::string::npos ? "" : s.substr(0, e + 1);
}

bool isBlank(const std::string& s) {
  return s.find_first_not_of(" \t\r\n") == std::string::npos;
}

class Parser {
 public:
  Parser(const std::string& text, const std::string& name) : s_(text), name_(name) {}

  std::vector<TemplateElement> run() {
    while (!atEnd()) {
      const char c = s_[i_];
      if (c == '{') {
        parseField();
      } else if (c == '[') {
        parseBracket();
      } else if (c == '\\') {
        parseEscape();
      } else if (c == '}') {
        fail(pos(), "unexpected '}' — a field is written {name}; write \\} for a literal brace");
      } else if (c == ']') {
        fail(pos(), "unexpected ']' — write \\] for a literal bracket");
      } else if (s_.compare(i_, 6, "<mask>") == 0) {
        // RoBERTa users write the mask the way their tokenizer spells it.
        flushText();
        push(ElementKind::Mask, pos());
        for (int k = 0; k < 6; ++k) advance();
      } else {
        if (text_.empty()) textPos_ = pos();
        text_ += c;
        advance();
      }
    }
    flushText();
    checkDemonstrations();
    checkSeparators();
    return std::move(out_);
  }

 private:
  const std::string& s_;
  const std::string& name_;
  size_t i_ = 0;
  int line_ = 1, col_ = 1;
  std::vector<TemplateElement> out_;
  std::string text_;
  SourcePos textPos_;

  bool atEnd() const { return i_ >= s_.size(); }
  SourcePos pos() const { return SourcePos{line_, col_}; }

  // Columns count code points: the column moves once the last byte of a UTF-8 sequence is consumed.
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
    throw Error(message, ErrorLocation{name_, p.line, p.column, {}});
  }

  void flushText() {
    if (text_.empty()) return;
    TemplateElement e;
    e.kind = ElementKind::Text;
    e.text = std::move(text_);
    e.pos = textPos_;
    out_.push_back(std::move(e));
    text_.clear();
  }

  TemplateElement& push(ElementKind kind, SourcePos p) {
    TemplateElement e;
    e.kind = kind;
    e.pos = p;
    out_.push_back(std::move(e));
    return out_.back();
  }

  void skipSpaces() {
    while (!atEnd() && (s_[i_] == ' ' || s_[i_] == '\t')) advance();
  }

  // The raw text from `from` to the current position (for quoting in messages), without trailing blanks.
  std::string snippet(size_t from) const { return rtrim(s_.substr(from, i_ - from)); }

  void parseField() {
    flushText();
    const SourcePos start = pos();
    const size_t from = i_;
    advance();  // '{'
    std::string name;
    while (!atEnd() && s_[i_] != '}' && s_[i_] != '|' && s_[i_] != '\n' && s_[i_] != '{' && s_[i_] != '[') {
      name += s_[i_];
      advance();
    }
    if (atEnd() || s_[i_] == '\n' || s_[i_] == '{' || s_[i_] == '[') {
      fail(start, "unterminated field '" + snippet(from) + "' — expected '}'");
    }
    name = trim(name);
    if (!name.empty() && (name[0] == '"' || name[0] == '\'')) {
      fail(start, "'" + snippet(from) +
                      "...' looks like OpenPrompt syntax — expected a field name such as "
                      "{sentence}; import OpenPrompt templates with the OpenPrompt format instead");
    }
    if (name.empty()) fail(start, "empty field name — expected a field name such as {sentence}");
    TemplateElement field;
    field.kind = ElementKind::Field;
    field.text = name;
    field.pos = start;
    while (s_[i_] == '|') {
      advance();
      skipSpaces();
      const SourcePos modPos = pos();
      std::string mod;
      while (!atEnd() &&
             (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_' || s_[i_] == '-')) {
        mod += s_[i_];
        advance();
      }
      if (mod.empty()) {
        if (atEnd() || s_[i_] == '\n')
          fail(start, "unterminated field '" + snippet(from) + "' — expected '}'");
        fail(modPos,
             "expected a modifier name after '|' in field '{" + name + "' — one of: " + modifierNameList());
      }
      bool known = false;
      for (FieldModifier m : allModifiers()) {
        if (mod != modifierName(m)) continue;
        known = true;
        if (field.has(m)) fail(modPos, "modifier '" + mod + "' is given twice in field '{" + name + "}'");
        if ((m == FieldModifier::LowerFirst && field.has(FieldModifier::UpperFirst)) ||
            (m == FieldModifier::UpperFirst && field.has(FieldModifier::LowerFirst))) {
          fail(modPos, "lower_first and upper_first contradict each other in field '{" + name + "}'");
        }
        field.modifiers.push_back(m);
      }
      if (!known) {
        fail(modPos, "unknown modifier '" + mod + "' in field '{" + name +
                         "}' — expected one of: " + modifierNameList());
      }
      skipSpaces();
      if (atEnd() || s_[i_] == '\n') fail(start, "unterminated field '" + snippet(from) + "' — expected '}'");
      if (s_[i_] != '|' && s_[i_] != '}') {
        fail(pos(),
             std::string("unexpected '") + s_[i_] + "' in field '{" + name + "' — expected '|' or '}'");
      }
    }
    advance();  // '}'
    out_.push_back(std::move(field));
  }

  // Reads "[...]" with `\]`-style escapes inside; returns the content between the brackets. `newline`:
  // `\n` means a new line (the separator of [DEMOS:text]); elsewhere it stays the letter n.
  std::string bracketContent(SourcePos start, size_t from, bool newline = false) {
    advance();  // '['
    std::string content;
    while (!atEnd() && s_[i_] != ']' && s_[i_] != '\n' && s_[i_] != '[') {
      if (s_[i_] == '\\' && i_ + 1 < s_.size() && s_[i_ + 1] != '\n') {
        advance();
        if (newline && s_[i_] == 'n') {
          content += '\n';
          advance();
          continue;
        }
      }
      content += s_[i_];
      advance();
    }
    if (atEnd() || s_[i_] != ']') fail(start, "unterminated '" + snippet(from) + "' — expected ']'");
    advance();  // ']'
    return content;
  }

  int parseCount(const std::string& digits, const std::string& word, SourcePos start) const {
    const std::string example = word == "SOFT" ? "[SOFT*20]" : "[P*3]";
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) {
      fail(start, "expected a number after '*' in '[" + word + "*" + digits + "]' — e.g. " + example);
    }
    if (digits.size() > 4 || std::stoi(digits) < 1 || std::stoi(digits) > kMaxVectors) {
      fail(start, "count " + digits + " in '[" + word + "*" + digits + "]' is out of range — expected 1 to " +
                      std::to_string(kMaxVectors));
    }
    return std::stoi(digits);
  }

  void parseBracket() {
    flushText();
    const SourcePos start = pos();
    const size_t from = i_;
    const bool demos = upper(s_.substr(i_, 7)) == "[DEMOS:";
    const std::string content = bracketContent(start, from, demos);
    if (upper(content) == "/DEMOS") {
      push(ElementKind::DemoEnd, start);
      return;
    }
    size_t k = 0;
    while (k < content.size() && std::isalpha(static_cast<unsigned char>(content[k]))) ++k;
    const std::string word = upper(content.substr(0, k));
    const std::string rest = content.substr(k);
    const std::string expected =
        "expected [MASK], [SOFT], [SOFT*n], [SOFT:text], [P], [P*n], [SEP], [DEMOS], [DEMOS:text], [/DEMOS] "
        "or [LABEL]; write \\[ for a literal '['";
    if (word == "DEMOS") {
      TemplateElement& e = push(ElementKind::DemoBegin, start);
      if (rest.empty()) return;
      if (rest[0] != ':') {
        fail(start, "unexpected '" + rest + "' in '[" + content +
                        "]' — expected [DEMOS] (the tokenizer's separator between demonstrations) or "
                        "[DEMOS:text] (that text between them)");
      }
      e.text = rest.substr(1);
      if (e.text.empty()) {
        fail(start,
             "expected the separator text after ':' in '[DEMOS:' — e.g. [DEMOS:\\n] or [DEMOS: | ]; "
             "[DEMOS] separates with the tokenizer's separator token");
      }
      return;
    }
    if (word == "LABEL") {
      if (!rest.empty()) fail(start, "unexpected '" + rest + "' in '[" + content + "]' — expected '[LABEL]'");
      push(ElementKind::DemoLabel, start);
      return;
    }
    if (word == "MASK" || word == "SEP" || word == "CLS") {
      if (!rest.empty()) {
        fail(start, "unexpected '" + rest + "' in '[" + content + "]' — expected '[" + word + "]'" +
                        (word == "MASK" ? " (write [MASK] [MASK] for two masks)" : ""));
      }
      if (word == "CLS") {
        for (const auto& e : out_) {
          if (!(e.kind == ElementKind::Text && isBlank(e.text))) {
            fail(start,
                 "[CLS] is only allowed at the start of the template (the tokenizer adds it there anyway)");
          }
        }
      }
      push(word == "MASK" ? ElementKind::Mask : word == "SEP" ? ElementKind::Sep : ElementKind::Cls, start);
      return;
    }
    if (word == "SOFT" || word == "P") {
      TemplateElement& e = push(word == "SOFT" ? ElementKind::Soft : ElementKind::Pseudo, start);
      if (rest.empty()) return;
      if (rest[0] == '*') {
        e.count = parseCount(rest.substr(1), word, start);
        return;
      }
      if (rest[0] == ':' && word == "SOFT") {
        e.text = rest.substr(1);
        if (isBlank(e.text))
          fail(start, "expected the initial text after ':' in '[SOFT:' — e.g. [SOFT:It was]");
        return;
      }
      fail(start, "unexpected '" + rest + "' in '[" + content + "]' — expected ']'" +
                      (word == "SOFT" ? ", '*n' or ':text'" : " or '*n'"));
    }
    fail(start, "unknown token '[" + content + "]' — " + expected);
  }

  void parseEscape() {
    const SourcePos start = pos();
    advance();  // '\'
    if (atEnd()) fail(start, "a '\\' at the end of the template — expected an escaped character after it");
    const char c = s_[i_];
    if (c == ' ') {
      // An escaped space is real text even where plain spaces are only layout (next to [SOFT], [SEP]).
      flushText();
      TemplateElement& e = push(ElementKind::Text, start);
      e.text = " ";
      e.verbatim = true;
      advance();
      return;
    }
    std::string literal;
    switch (c) {
      case '{':
      case '}':
      case '[':
      case ']':
      case '\\':
      case '|':
      case '<':
        literal = std::string(1, c);
        break;
      case 'n':
        literal = "\n";
        break;
      default: {
        std::string shown(1, c);
        // Show the whole UTF-8 character, not its first byte.
        for (size_t j = i_ + 1; j < s_.size() && (static_cast<unsigned char>(s_[j]) & 0xC0) == 0x80; ++j) {
          shown += s_[j];
        }
        fail(start,
             "unknown escape '\\" + shown +
                 "' — expected one of \\{ \\} \\[ \\] \\\\ \\| \\< \\n or '\\ ' (a space that is kept)");
      }
    }
    if (text_.empty()) textPos_ = start;
    text_ += literal;
    advance();
  }

  // One [DEMOS] ... [/DEMOS] block at most, holding the demonstration's fields, text and its [LABEL], and
  // nothing that belongs to the query ([MASK], vectors, the pair boundary).
  void checkDemonstrations() const {
    int begin = -1, end = -1;
    for (size_t k = 0; k < out_.size(); ++k) {
      const TemplateElement& e = out_[k];
      if (e.kind == ElementKind::DemoBegin) {
        if (begin >= 0) {
          fail(e.pos, end >= 0 ? "a second [DEMOS] block — a template has one demonstration block, repeated "
                                 "for every demonstration"
                               : "[DEMOS] inside the demonstration block — close it with [/DEMOS] first");
        }
        begin = static_cast<int>(k);
      } else if (e.kind == ElementKind::DemoEnd) {
        if (begin < 0 || end >= 0) fail(e.pos, "[/DEMOS] without an opening [DEMOS]");
        end = static_cast<int>(k);
      } else if (e.kind == ElementKind::DemoLabel && (begin < 0 || end >= 0)) {
        fail(e.pos,
             "[LABEL] outside the demonstration block — it is a demonstration's label word and belongs "
             "between [DEMOS] and [/DEMOS]; the query's answer is [MASK]");
      }
    }
    if (begin < 0) return;
    if (end < 0) fail(out_[begin].pos, "unterminated demonstration block '[DEMOS]' — expected [/DEMOS]");
    bool label = false, field = false;
    for (int k = begin + 1; k < end; ++k) {
      const TemplateElement& e = out_[k];
      switch (e.kind) {
        case ElementKind::DemoLabel:
          label = true;
          break;
        case ElementKind::Field:
          field = true;
          break;
        case ElementKind::Mask:
          fail(e.pos,
               "[MASK] inside the demonstration block — a demonstration shows its answer: write "
               "[LABEL] for its label word");
        case ElementKind::Soft:
        case ElementKind::Pseudo:
          fail(e.pos,
               "trainable vectors ([SOFT], [P]) inside the demonstration block are not supported — "
               "put them in the query part of the template");
        case ElementKind::Sep:
        case ElementKind::Cls:
          fail(e.pos,
               "[SEP] or [CLS] inside the demonstration block — [DEMOS] already separates the "
               "demonstrations with the tokenizer's separator ([DEMOS:text] with a text of yours)");
        default:
          break;
      }
    }
    if (!label) {
      fail(out_[begin].pos,
           "the demonstration block has no [LABEL] slot — each demonstration shows its label word, e.g. "
           "[DEMOS]{s} It was [LABEL] .[/DEMOS]");
    }
    if (!field) {
      fail(out_[begin].pos,
           "the demonstration block has no field — each demonstration shows its example, e.g. "
           "[DEMOS]{s} It was [LABEL] .[/DEMOS]");
    }
    bool mask = false;
    for (const auto& e : out_) mask = mask || e.kind == ElementKind::Mask;
    if (!mask) {
      fail(out_[begin].pos,
           "a template with demonstrations needs a [MASK] in its query part (outside "
           "[DEMOS] ... [/DEMOS]) — demonstrations are solved examples shown next to the query");
    }
  }

  // A pair template has one [SEP] boundary; a [SEP] with only blanks after it is the final one.
  void checkSeparators() const {
    int boundaries = 0;
    for (size_t k = 0; k < out_.size(); ++k) {
      if (out_[k].kind != ElementKind::Sep) continue;
      bool contentAfter = false, inBlock = false;
      for (size_t j = k + 1; j < out_.size(); ++j) {
        // The demonstration block is not a query segment (see Template::isPair).
        if (out_[j].kind == ElementKind::DemoBegin || out_[j].kind == ElementKind::DemoEnd) {
          inBlock = out_[j].kind == ElementKind::DemoBegin;
          continue;
        }
        if (inBlock) continue;
        if (!(out_[j].kind == ElementKind::Text && isBlank(out_[j].text))) contentAfter = true;
      }
      if (contentAfter && ++boundaries > 1) {
        fail(out_[k].pos, "a second [SEP] boundary — a template has at most two text segments (one [SEP])");
      }
    }
  }
};

}  // namespace

Template parseTemplate(const std::string& text, const std::string& sourceName) {
  Template t;
  t.source_ = text;
  t.sourceName_ = sourceName;
  t.elements_ = Parser(text, sourceName).run();
  return t;
}

}  // namespace pwb::prompt
