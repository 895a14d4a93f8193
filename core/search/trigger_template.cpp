#include "search/trigger_template.h"

#include <cctype>

#include "common/error.h"
#include "tokenize/tokenizer.h"

namespace pwb::search {
namespace {

// Where a rendered [MASK] for a trigger token sits in the masked text, and how the slot's columns there
// relate to the source (a `[T*3]` of 5 columns becomes `[MASK] [MASK] [MASK]` of 20).
struct SlotColumns {
  int line = 1;
  int sourceColumn = 1, sourceWidth = 0;
  int maskedColumn = 1, maskedWidth = 0;
};

// Text with line/column bookkeeping: columns count code points (as core/prompt's parser counts them).
struct Cursor {
  int line = 1, column = 1;
  void consume(const std::string& s, size_t i) {
    const char c = s[i];
    if (c == '\n') {
      ++line;
      column = 1;
    } else if (i + 1 >= s.size() || (static_cast<unsigned char>(s[i + 1]) & 0xC0) != 0x80) {
      ++column;
    }
  }
};

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// A core/prompt error on the masked text, moved to the column the user wrote.
int sourceColumn(const std::vector<SlotColumns>& triggers, int line, int column) {
  int shift = 0;
  for (const SlotColumns& s : triggers) {
    if (s.line != line) continue;
    if (column >= s.maskedColumn + s.maskedWidth) {
      shift += s.maskedWidth - s.sourceWidth;
    } else if (column >= s.maskedColumn) {
      return s.sourceColumn;
    }
  }
  return column - shift;
}

class TriggerScanner {
 public:
  TriggerScanner(const std::string& text, const std::string& name) : s_(text), name_(name) {}

  void run(TriggerTemplate& out) {
    while (i_ < s_.size()) {
      const char c = s_[i_];
      if (c == '\\' && i_ + 1 < s_.size()) {  // an escape: both characters belong to core/prompt
        copy();
        copy();
      } else if (c == '[') {
        bracket(out);
      } else {
        copy();
      }
    }
  }

  std::vector<SlotColumns> columns;
  std::vector<prompt::SourcePos> triggerMasks;  // position of each trigger token's [MASK] in the masked text
  std::string masked;

 private:
  const std::string& s_;
  const std::string& name_;
  size_t i_ = 0;
  Cursor src_, dst_;

  void copy() {
    masked += s_[i_];
    dst_.consume(masked, masked.size() - 1);
    src_.consume(s_, i_);
    ++i_;
  }
  void emit(const std::string& text) {
    for (size_t k = 0; k < text.size(); ++k) {
      masked += text[k];
      dst_.consume(masked, masked.size() - 1);
    }
  }
  [[noreturn]] void fail(const prompt::SourcePos& p, const std::string& message) const {
    throw Error(message, ErrorLocation{name_, p.line, p.column, {}});
  }

  // `[T]` or `[T*n]` become n masks; any other bracket is left to core/prompt's parser.
  void bracket(TriggerTemplate& out) {
    size_t close = i_ + 1;
    while (close < s_.size() && s_[close] != ']' && s_[close] != '\n' && s_[close] != '[') ++close;
    if (close >= s_.size() || s_[close] != ']') {
      copy();  // unterminated: core/prompt reports it
      return;
    }
    const std::string content = s_.substr(i_ + 1, close - i_ - 1);
    size_t k = 0;
    while (k < content.size() && std::isalpha(static_cast<unsigned char>(content[k]))) ++k;
    if (upper(content.substr(0, k)) != "T") {
      copy();
      return;
    }
    const prompt::SourcePos start{src_.line, src_.column};
    const std::string rest = content.substr(k);
    int count = 1;
    if (!rest.empty()) {
      if (rest[0] != '*') {
        fail(start,
             "unexpected '" + rest + "' in '[" + content + "]' — a trigger slot is written [T] or [T*n]");
      }
      const std::string digits = rest.substr(1);
      if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) {
        fail(start,
             "expected a number after '*' in '[" + content + "]' — e.g. [T*3] for three trigger tokens");
      }
      count = digits.size() > 3 ? 0 : std::stoi(digits);
      if (count < 1 || count > kMaxTriggerCount) {
        fail(start, "count " + digits + " in '[" + content + "]' is out of range — expected 1 to " +
                        std::to_string(kMaxTriggerCount));
      }
    }
    TriggerSlot slot;
    slot.count = count;
    slot.pos = start;
    slot.begin = i_;
    slot.end = close + 1;
    out.triggers.push_back(slot);

    SlotColumns col;
    col.line = start.line;
    col.sourceColumn = start.column;
    col.sourceWidth = static_cast<int>(slot.end - slot.begin);
    col.maskedColumn = dst_.column;
    for (int t = 0; t < count; ++t) {
      if (t > 0) emit(" ");
      triggerMasks.push_back(prompt::SourcePos{dst_.line, dst_.column});
      emit("[MASK]");
    }
    col.maskedWidth = dst_.column - col.maskedColumn;
    columns.push_back(col);
    while (i_ < slot.end) {
      src_.consume(s_, i_);
      ++i_;
    }
  }
};

}  // namespace

int TriggerTemplate::triggerCount() const {
  int n = 0;
  for (const TriggerSlot& s : triggers) n += s.count;
  return n;
}

std::string TriggerTemplate::fill(const std::vector<std::string>& tokenTexts) const {
  if (static_cast<int>(tokenTexts.size()) != triggerCount()) {
    throw Error("internal: " + std::to_string(tokenTexts.size()) + " trigger tokens for " +
                std::to_string(triggerCount()) + " trigger slots");
  }
  std::string out;
  size_t from = 0, token = 0;
  for (const TriggerSlot& slot : triggers) {
    out += source.substr(from, slot.begin - from);
    std::string text;
    for (int t = 0; t < slot.count; ++t) text += tokenTexts[token++];
    // The template's own space before the slot stands for the first word's leading space.
    const bool spaceBefore =
        slot.begin == 0 || source[slot.begin - 1] == ' ' || source[slot.begin - 1] == '\n';
    if (spaceBefore && !text.empty() && text[0] == ' ') text.erase(0, 1);
    out += text;
    from = slot.end;
  }
  return out + source.substr(from);
}

TriggerTemplate parseTriggerTemplate(const std::string& text, const std::string& sourceName) {
  TriggerTemplate t;
  t.source = text;
  t.sourceName = sourceName;
  TriggerScanner scanner(text, sourceName);
  scanner.run(t);
  t.maskedText = scanner.masked;
  try {
    t.masked = prompt::parseTemplate(t.maskedText, sourceName);
  } catch (const Error& e) {
    ErrorLocation where = e.where();
    if (where.line > 0 && where.column > 0)
      where.column = sourceColumn(scanner.columns, where.line, where.column);
    throw Error(e.message(), where);
  }
  if (t.triggers.empty()) {
    throw Error("the template '" + text +
                    "' has no trigger slot — AutoPrompt needs [T] or [T*n] where the trigger tokens go, e.g. "
                    "{s} [T] [T] [T] [MASK] . or {s} [T*3] [MASK] .",
                ErrorLocation{sourceName, 0, 0, {}});
  }
  size_t nextTrigger = 0;
  for (const prompt::TemplateElement& e : t.masked.elements()) {
    if (e.kind != prompt::ElementKind::Mask) continue;
    int trigger = -1;
    if (nextTrigger < scanner.triggerMasks.size() && scanner.triggerMasks[nextTrigger].line == e.pos.line &&
        scanner.triggerMasks[nextTrigger].column == e.pos.column) {
      trigger = static_cast<int>(nextTrigger++);
    } else if (t.labelMask < 0) {
      t.labelMask = static_cast<int>(t.maskTrigger.size());
    }
    t.maskTrigger.push_back(trigger);
  }
  if (nextTrigger != scanner.triggerMasks.size()) {
    throw Error("internal: trigger slots lost while parsing '" + text + "'");
  }
  if (t.labelMask < 0) {
    throw Error("the template '" + text +
                    "' has no [MASK] besides its trigger slots — the label word is predicted at a [MASK], "
                    "e.g. {s} [T] [T] [T] [MASK] .",
                ErrorLocation{sourceName, 0, 0, {}});
  }
  return t;
}

std::string triggerTokenText(const tokenize::Tokenizer& tokenizer, int64_t id) {
  const std::string token = tokenizer.idToToken(id);
  if (token.empty()) throw Error("token id " + std::to_string(id) + " is outside the vocabulary");
  std::string text;
  if (tokenizer.kind() == "bpe") {
    text = tokenizer.decode({id});  // "Ġgreat" -> " great"; a piece without Ġ has no space
  } else if (token.rfind("##", 0) == 0 && token.size() > 2) {
    text = token.substr(2);
  } else {
    text = " " + token;
  }
  const bool space = !text.empty() && text[0] == ' ';
  return (space ? " " : "") + prompt::escapeTemplateText(space ? text.substr(1) : text);
}

}  // namespace pwb::search
