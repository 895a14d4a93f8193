// Fuzzes the prompt-language parsers: the template parser (and its canonical spelling, which must parse
// back to the same elements), the LM-BFF and OpenPrompt importers (whose output must be a valid
// template), the verbalizer parser, and rendering a parsed template with real tokenizers.
// The first input byte picks the mode; for rendering, the text after the first NUL byte holds the fields.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/error.h"
#include "prompt/prompt_renderer.h"
#include "prompt/template.h"
#include "prompt/template_import.h"
#include "prompt/verbalizer.h"
#include "tokenize/tokenizer.h"

using namespace pwb::prompt;

namespace {

const std::vector<std::string> kColumns = {"sentence", "question", "label"};

const pwb::tokenize::Tokenizer& tokenizer(int which) {
  static const auto bert =
      pwb::tokenize::loadTokenizer(std::string(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert");
  static const auto roberta =
      pwb::tokenize::loadTokenizer(std::string(PWB_REFERENCE_DIR) + "/fixtures/tiny-roberta");
  return which ? *roberta : *bert;
}

bool sameElements(const Template& a, const Template& b) {
  if (a.elements().size() != b.elements().size()) return false;
  for (size_t i = 0; i < a.elements().size(); ++i) {
    const TemplateElement& x = a.elements()[i];
    const TemplateElement& y = b.elements()[i];
    if (x.kind != y.kind || x.text != y.text || x.modifiers != y.modifiers || x.count != y.count)
      return false;
  }
  return true;
}

void exerciseTemplate(const Template& t) {
  volatile size_t sink = static_cast<size_t>(t.maskCount() + t.softCount() + t.pseudoCount()) + t.isPair();
  sink += t.fieldNames().size() + t.renderedLiterals().size();
  // The documented promise of toString(): parsing it gives the same elements.
  const Template again = parseTemplate(t.toString());
  if (!sameElements(t, again)) __builtin_trap();
  try {
    t.validate(kColumns);
    sink += t.preview(kColumns, {"A fine film .", "Is it?", "1"}).size();
  } catch (const pwb::Error&) {
  }
  (void)sink;
}

void render(const std::string& tmplText, const std::string& rest, int which) {
  Template t = parseTemplate(tmplText);
  std::vector<std::string> fields;
  size_t start = 0;
  for (size_t i = 0; i < kColumns.size(); ++i) {
    const size_t cut = rest.find('\0', start);
    fields.push_back(rest.substr(start, cut == std::string::npos ? std::string::npos : cut - start));
    start = cut == std::string::npos ? rest.size() : cut + 1;
  }
  const int maxLength = 4 + static_cast<unsigned char>(rest.empty() ? 0 : rest.back()) % 60;
  PromptRenderer r(std::move(t), kColumns, tokenizer(which), maxLength);
  const RenderedPrompt p = r.render(fields);
  if (p.ids.size() > static_cast<size_t>(maxLength) || p.typeIds.size() != p.size() ||
      p.attention.size() != p.size() || p.origins.size() != p.size())
    __builtin_trap();
  for (int m : p.maskPositions)
    if (m < 0 || static_cast<size_t>(m) >= p.size()) __builtin_trap();
  for (const SoftSlot& s : p.softSlots)
    if (s.position < 0 || static_cast<size_t>(s.position) >= p.size()) __builtin_trap();
  for (const RenderedPart& part : p.parts)
    if (part.begin < 0 || part.end < part.begin || static_cast<size_t>(part.end) > p.text.size())
      __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const int mode = data[0] % 6;
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    switch (mode) {
      case 0:
        exerciseTemplate(parseTemplate(text, "fuzz"));
        break;
      case 1:
      case 2:
      case 3: {
        const char* format = mode == 1 ? "auto" : mode == 2 ? "lmbff" : "openprompt";
        const ImportedTemplate imported = importTemplate(text, format);
        // The importers promise text that parseTemplate accepts.
        try {
          exerciseTemplate(parseTemplate(imported.text));
        } catch (const pwb::Error&) {
          __builtin_trap();
        }
        break;
      }
      case 4: {
        const Verbalizer v = parseVerbalizer(text, "fuzz");
        const Verbalizer again = parseVerbalizer(v.toString());
        if (again.classes.size() != v.classes.size()) __builtin_trap();
        std::vector<std::string> labels;
        for (const VerbalizerClass& c : v.classes) labels.push_back(c.label);
        v.validateLabels(labels);
        for (int which = 0; which < 2; ++which) {
          const ResolvedVerbalizer r = resolveVerbalizer(v, labels, tokenizer(which), which == 1);
          volatile int sink = r.maxPieces();
          (void)sink;
        }
        break;
      }
      case 5: {
        const size_t cut = text.find('\0');
        if (cut == std::string::npos) break;
        render(text.substr(0, cut), text.substr(cut + 1), text.size() % 2);
        break;
      }
    }
  } catch (const pwb::Error&) {
  }
  return 0;
}
