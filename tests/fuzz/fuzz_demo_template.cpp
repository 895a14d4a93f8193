// Fuzzes templates with demonstrations (TEMPLATES.md, Demonstrations: [DEMOS] ... [LABEL] ... [/DEMOS],
// [DEMOS:text]) and their rendering with real tokenizers, LM-BFF's demonstration templates through the
// importer, and the demonstration options recorded in run configs:
//   0  parseTemplate (its canonical spelling parses to the same elements), then
//      PromptRenderer::render(fields, demos, limits) with fuzzed fields, demonstrations, label words,
//      sentence limits and maximum length;
//   1  importTemplate(text, "lmbff") (its output must parse), then the same rendering;
//   2  demoOptionsFromJson (a valid result written with demoOptionsToJson reads back the same).
// Layout after the mode byte, parts separated by NUL: template, query sentence, query question, then
// per demonstration: sentence, question, label word (at most 8). The last byte sets the maximum length
// and the limits. Any exception other than pwb::Error escapes and is a crash.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/error.h"
#include "data/demo_options.h"
#include "prompt/prompt_renderer.h"
#include "prompt/template.h"
#include "prompt/template_import.h"
#include "tokenize/tokenizer.h"

using namespace pwb::prompt;

namespace {

const std::vector<std::string> kColumns = {"sentence", "question"};

const pwb::tokenize::Tokenizer& tokenizer(int which) {
  static const auto bert =
      pwb::tokenize::loadTokenizer(std::string(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert");
  static const auto roberta =
      pwb::tokenize::loadTokenizer(std::string(PWB_REFERENCE_DIR) + "/fixtures/tiny-roberta");
  return which ? *roberta : *bert;
}

std::vector<std::string> splitNul(const std::string& s) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    const size_t cut = s.find('\0', start);
    parts.push_back(s.substr(start, cut == std::string::npos ? std::string::npos : cut - start));
    if (cut == std::string::npos) break;
    start = cut + 1;
  }
  return parts;
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

void checkRendered(const RenderedPrompt& p, int maxLength, const std::vector<DemoInput>& demos,
                   bool withDemos) {
  const size_t n = p.size();
  if (n > static_cast<size_t>(maxLength) || p.typeIds.size() != n || p.attention.size() != n ||
      p.origins.size() != n)
    __builtin_trap();
  for (int m : p.maskPositions)
    if (m < 0 || static_cast<size_t>(m) >= n) __builtin_trap();
  for (const SoftSlot& s : p.softSlots)
    if (s.position < 0 || static_cast<size_t>(s.position) >= n) __builtin_trap();
  const int demoCount = static_cast<int>(demos.size());
  for (const TokenOrigin& o : p.origins) {
    if (o.demo < -1 || o.demo >= demoCount) __builtin_trap();
    if (o.begin < 0 || o.end < o.begin || static_cast<size_t>(o.end) > p.text.size()) __builtin_trap();
    if ((o.source == TokenSource::Demo || o.source == TokenSource::DemoLabel) && o.demo < 0) __builtin_trap();
  }
  for (const RenderedPart& part : p.parts) {
    if (part.begin < 0 || part.end < part.begin || static_cast<size_t>(part.end) > p.text.size())
      __builtin_trap();
    if (part.firstToken < 0 || part.tokenCount < 0 ||
        static_cast<size_t>(part.firstToken + part.tokenCount) > n)
      __builtin_trap();
    if (part.demo < -1 || part.demo >= demoCount) __builtin_trap();
  }
  for (const DemoTruncation& t : p.demoTruncation)
    if (t.demo < 0 || t.demo >= demoCount || t.id != demos[t.demo].id || t.removedByLimit < 0 ||
        t.removedForLength < 0)
      __builtin_trap();
  // Every demonstration given is rendered, in the order given (the renderer cuts text, never drops one).
  if (withDemos) {
    if (p.demoIds.size() != demos.size()) __builtin_trap();
    for (size_t i = 0; i < demos.size(); ++i)
      if (p.demoIds[i] != demos[i].id) __builtin_trap();
  } else if (!p.demoIds.empty()) {
    __builtin_trap();
  }
}

void renderWithDemos(const std::string& templateText, const std::vector<std::string>& parts, uint8_t knobs,
                     int which) {
  Template t = parseTemplate(templateText, "fuzz");
  const Template again = parseTemplate(t.toString());
  if (!sameElements(t, again)) __builtin_trap();
  const bool withDemos = t.hasDemonstrations();
  if (withDemos != (t.demoBegin() >= 0) || (withDemos && t.demoEnd() <= t.demoBegin())) __builtin_trap();
  std::vector<std::string> fields(kColumns.size());
  for (size_t i = 0; i < fields.size() && 1 + i < parts.size(); ++i) fields[i] = parts[1 + i];
  std::vector<DemoInput> demos;
  for (size_t at = 1 + kColumns.size(); at + 2 < parts.size() && demos.size() < 8; at += 3)
    demos.push_back({"d" + std::to_string(demos.size()), {parts[at], parts[at + 1]}, parts[at + 2]});
  DemoLimits limits;
  limits.firstSentenceTokens = (knobs >> 6) & 3;
  limits.otherSentenceTokens = (knobs >> 4) & 3;
  const int maxLength = 6 + (knobs & 15) * 8;
  const PromptRenderer r(std::move(t), kColumns, tokenizer(which), maxLength);
  if (!withDemos) {
    checkRendered(r.render(fields, std::vector<DemoInput>{}, limits), maxLength, {}, false);
    // Demonstrations given to a template without a block are refused with a pwb::Error.
    if (!demos.empty()) {
      try {
        (void)r.render(fields, demos, limits);
      } catch (const pwb::Error&) {
        return;
      }
      __builtin_trap();
    }
    return;
  }
  // A template with a block needs demonstrations: none is a pwb::Error.
  bool refused = false;
  try {
    (void)r.render(fields, std::vector<DemoInput>{}, limits);
  } catch (const pwb::Error&) {
    refused = true;
  }
  if (!refused) __builtin_trap();
  if (demos.empty()) return;
  checkRendered(r.render(fields, demos, limits), maxLength, demos, true);
}

void demoOptions(const std::string& text) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception&) {
    return;  // not JSON: the store reads these from its own JSON column
  }
  const pwb::data::DemoOptions o = pwb::data::demoOptionsFromJson(j, "fuzz");
  const pwb::data::DemoOptions b = pwb::data::demoOptionsFromJson(pwb::data::demoOptionsToJson(o), "again");
  if (pwb::data::demoOptionsToJson(b) != pwb::data::demoOptionsToJson(o)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const int mode = data[0] % 3;
  const uint8_t knobs = data[size - 1];
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 2);
  try {
    switch (mode) {
      case 0: {
        const auto parts = splitNul(text);
        renderWithDemos(parts[0], parts, knobs, data[0] / 3 % 2);
        break;
      }
      case 1: {
        const auto parts = splitNul(text);
        const ImportedTemplate imported = importTemplate(parts[0], "lmbff");
        // The importer promises text that parseTemplate accepts.
        try {
          (void)parseTemplate(imported.text);
        } catch (const pwb::Error&) {
          __builtin_trap();
        }
        renderWithDemos(imported.text, parts, knobs, data[0] / 3 % 2);
        break;
      }
      case 2:
        demoOptions(text);
        break;
    }
  } catch (const pwb::Error& e) {
    if (e.message().empty()) __builtin_trap();
  }
  return 0;
}
