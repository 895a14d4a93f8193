// Rendered literals (the spacing rules) and the tokenizer-free preview of a template.
#include <string>

#include "common/error.h"
#include "prompt/field_text.h"
#include "prompt/template.h"

namespace pwb::prompt {
namespace {

std::string ltrim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  return b == std::string::npos ? "" : s.substr(b);
}

std::string rtrim(const std::string& s) {
  size_t e = s.find_last_not_of(" \t\r\n");
  return e == std::string::npos ? "" : s.substr(0, e + 1);
}

}  // namespace

std::vector<std::string> Template::renderedLiterals() const {
  const int n = static_cast<int>(elements_.size());
  // The template's end counts as layout (a trailing space would become a token of its own in BPE);
  // its start does not: a leading space there is the user's choice of the in-sentence word form.
  auto isLayout = [&](int j) {
    if (j < 0) return false;
    if (j >= n) return true;
    const ElementKind kind = elements_[j].kind;
    return kind == ElementKind::Soft || kind == ElementKind::Pseudo || kind == ElementKind::Sep ||
           kind == ElementKind::Cls || kind == ElementKind::DemoBegin || kind == ElementKind::DemoEnd;
  };
  std::vector<std::string> out(elements_.size());
  for (int i = 0; i < n; ++i) {
    const auto& e = elements_[i];
    if (e.kind != ElementKind::Text) continue;
    std::string text = e.text;
    if (!e.verbatim) {
      if (isLayout(i - 1)) text = ltrim(text);
      if (isLayout(i + 1)) text = rtrim(text);
    }
    out[i] = std::move(text);
  }
  return out;
}

std::string Template::preview(const std::vector<std::string>& columns,
                              const std::vector<std::string>& fields) const {
  validate(columns);
  if (fields.size() != columns.size()) {
    throw Error("the example has " + std::to_string(fields.size()) + " text field(s) but the data set has " +
                std::to_string(columns.size()) + " text column(s)");
  }
  const std::vector<std::string> literals = renderedLiterals();
  const bool pair = isPair();
  std::string out;
  bool boundaryDone = false;
  for (size_t k = 0; k < elements_.size(); ++k) {
    const auto& e = elements_[k];
    // Without a tokenizer or demonstrations at hand, the block is shown as written, once.
    const bool block = inDemoBlock(static_cast<int>(k));
    switch (e.kind) {
      case ElementKind::Text:
        out += literals[k];
        break;
      case ElementKind::Field:
        if (block) {
          out += "{" + e.text + "}";
        } else {
          out += applyFieldModifiers(fields[resolveField(e.text, columns)], e.modifiers);
        }
        break;
      case ElementKind::DemoBegin:
        out += e.text.empty() ? std::string(" [DEMOS]") : "[DEMOS:" + e.text + "]";
        break;
      case ElementKind::DemoEnd:
        out += "[/DEMOS]";
        break;
      case ElementKind::DemoLabel:
        out += "[LABEL]";
        break;
      case ElementKind::Mask:
        out += "[MASK]";
        break;
      case ElementKind::Soft:
        out += !e.text.empty() ? "[SOFT:" + e.text + "]"
               : e.count == 1  ? "[SOFT]"
                               : "[SOFT*" + std::to_string(e.count) + "]";
        break;
      case ElementKind::Pseudo:
        out += e.count == 1 ? "[P]" : "[P*" + std::to_string(e.count) + "]";
        break;
      case ElementKind::Sep:
        if (pair && !boundaryDone) {
          out += " [SEP] ";
          boundaryDone = true;
        }
        break;
      case ElementKind::Cls:
        break;
    }
  }
  return out;
}

}  // namespace pwb::prompt
