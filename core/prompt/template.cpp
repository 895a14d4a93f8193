// Template queries, validation against a data set's columns, field aliases and the canonical spelling.
#include "prompt/template.h"

#include <algorithm>

#include "common/error.h"

namespace pwb::prompt {

const char* modifierName(FieldModifier m) {
  switch (m) {
    case FieldModifier::LowerFirst:
      return "lower_first";
    case FieldModifier::UpperFirst:
      return "upper_first";
    case FieldModifier::NoFinalPunct:
      return "no_final_punct";
    case FieldModifier::DropLast:
      return "drop_last";
    case FieldModifier::Space:
      return "space";
    case FieldModifier::Shorten:
      return "shorten";
  }
  return "?";
}

const std::vector<FieldModifier>& allModifiers() {
  static const std::vector<FieldModifier> all = {FieldModifier::LowerFirst,   FieldModifier::UpperFirst,
                                                 FieldModifier::NoFinalPunct, FieldModifier::DropLast,
                                                 FieldModifier::Space,        FieldModifier::Shorten};
  return all;
}

std::string modifierNameList() {
  std::string out;
  for (FieldModifier m : allModifiers()) out += (out.empty() ? "" : ", ") + std::string(modifierName(m));
  return out;
}

bool TemplateElement::has(FieldModifier m) const {
  return std::find(modifiers.begin(), modifiers.end(), m) != modifiers.end();
}

int Template::maskCount() const {
  return static_cast<int>(std::count_if(elements_.begin(), elements_.end(), [](const TemplateElement& e) {
    return e.kind == ElementKind::Mask;
  }));
}

int Template::softCount() const {
  int n = 0;
  for (const auto& e : elements_) n += e.kind == ElementKind::Soft ? e.count : 0;
  return n;
}

int Template::pseudoCount() const {
  int n = 0;
  for (const auto& e : elements_) n += e.kind == ElementKind::Pseudo ? e.count : 0;
  return n;
}

bool Template::isPair() const {
  // The demonstration block is not the query's second segment: `{s} [MASK] . [SEP] [DEMOS]...[/DEMOS]`
  // is a single-segment query whose [SEP] is the separator the block adds anyway.
  bool sepSeen = false, inBlock = false;
  for (const auto& e : elements_) {
    if (e.kind == ElementKind::DemoBegin || e.kind == ElementKind::DemoEnd) {
      inBlock = e.kind == ElementKind::DemoBegin;
      continue;
    }
    if (inBlock) continue;
    if (e.kind == ElementKind::Sep) {
      sepSeen = true;
    } else if (sepSeen &&
               !(e.kind == ElementKind::Text && e.text.find_first_not_of(" \t\r\n") == std::string::npos)) {
      return true;
    }
  }
  return false;
}

bool Template::hasDemonstrations() const {
  return demoBegin() >= 0;
}

int Template::demoBegin() const {
  for (size_t k = 0; k < elements_.size(); ++k) {
    if (elements_[k].kind == ElementKind::DemoBegin) return static_cast<int>(k);
  }
  return -1;
}

int Template::demoEnd() const {
  for (size_t k = 0; k < elements_.size(); ++k) {
    if (elements_[k].kind == ElementKind::DemoEnd) return static_cast<int>(k);
  }
  return -1;
}

bool Template::inDemoBlock(int k) const {
  const int b = demoBegin();
  return b >= 0 && k > b && k < demoEnd();
}

std::vector<std::string> Template::fieldNames() const {
  std::vector<std::string> names;
  for (const auto& e : elements_) {
    if (e.kind == ElementKind::Field && std::find(names.begin(), names.end(), e.text) == names.end()) {
      names.push_back(e.text);
    }
  }
  return names;
}

void Template::requireMask() const {
  if (maskCount() > 0) return;
  throw Error("the template '" + source_ +
                  "' has no [MASK] — scoring with a masked language model needs at least one mask slot, e.g. "
                  "'{sentence} It was [MASK] .'",
              ErrorLocation{sourceName_, 0, 0, {}});
}

int resolveField(const std::string& name, const std::vector<std::string>& columns) {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == name) return static_cast<int>(i);
  }
  static const char* const first[] = {"s", "sentence", "text", "text_a", "sent_0"};
  static const char* const second[] = {"text_b", "sent_1"};
  for (const char* a : first) {
    if (name == a && !columns.empty()) return 0;
  }
  for (const char* a : second) {
    if (name == a && columns.size() >= 2) return 1;
  }
  return -1;
}

void Template::validate(const std::vector<std::string>& columns) const {
  for (const auto& e : elements_) {
    if (e.kind != ElementKind::Field || resolveField(e.text, columns) >= 0) continue;
    std::string list;
    for (const auto& c : columns) list += (list.empty() ? "'" : ", '") + c + "'";
    std::string message = "unknown field '{" + e.text + "}' — ";
    if (columns.empty()) {
      message += "the data set has no text columns";
    } else {
      message += "the data set's text columns are " + list + " (aliases: {s}, {sentence}, {text_a} = '" +
                 columns[0] + "'";
      if (columns.size() >= 2) message += ", {text_b} = '" + columns[1] + "'";
      message += ")";
    }
    if ((e.text == "text_b" || e.text == "sent_1") && columns.size() == 1) {
      message += "; {" + e.text + "} needs a second text column (a sentence-pair data set)";
    }
    throw Error(message, ErrorLocation{sourceName_, e.pos.line, e.pos.column, {}});
  }
}

std::string escapeTemplateText(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '{' || c == '}' || c == '[' || c == ']' || c == '\\' || c == '|') {
      out += '\\';
    } else if (c == '<' && text.compare(i, 6, "<mask>") == 0) {
      out += '\\';
    }
    out += c;
  }
  return out;
}

namespace {

std::string escapeBracketText(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == ']' || c == '[' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

// [DEMOS:text] also keeps new lines and spaces: they are the separator's whole point.
std::string escapeSeparatorText(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == ']' || c == '[' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

std::string Template::toString() const {
  std::string out;
  for (const auto& e : elements_) {
    switch (e.kind) {
      case ElementKind::Text:
        out += e.verbatim ? std::string("\\ ") : escapeTemplateText(e.text);
        break;
      case ElementKind::Field:
        out += "{" + e.text;
        for (FieldModifier m : e.modifiers) out += "|" + std::string(modifierName(m));
        out += "}";
        break;
      case ElementKind::Mask:
        out += "[MASK]";
        break;
      case ElementKind::Soft:
        if (!e.text.empty()) {
          out += "[SOFT:" + escapeBracketText(e.text) + "]";
        } else {
          out += e.count == 1 ? "[SOFT]" : "[SOFT*" + std::to_string(e.count) + "]";
        }
        break;
      case ElementKind::Pseudo:
        out += e.count == 1 ? "[P]" : "[P*" + std::to_string(e.count) + "]";
        break;
      case ElementKind::Sep:
        out += "[SEP]";
        break;
      case ElementKind::Cls:
        out += "[CLS]";
        break;
      case ElementKind::DemoBegin:
        out += e.text.empty() ? std::string("[DEMOS]") : "[DEMOS:" + escapeSeparatorText(e.text) + "]";
        break;
      case ElementKind::DemoEnd:
        out += "[/DEMOS]";
        break;
      case ElementKind::DemoLabel:
        out += "[LABEL]";
        break;
    }
  }
  return out;
}

}  // namespace pwb::prompt
