#include "eval/prompt_inputs.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "prompt/prompt_renderer.h"
#include "prompt/template.h"
#include "prompt/verbalizer.h"
#include "tokenize/tokenizer.h"

namespace pwb::eval {

std::vector<RenderedInput> renderExamples(const prompt::Template& tpl, const tokenize::Tokenizer& tokenizer,
                                          const std::vector<std::string>& columns,
                                          const std::vector<data::Example>& examples, size_t count,
                                          int maxLength, int firstSlotMasks) {
  if (firstSlotMasks < 1) throw Error("a mask slot needs at least one mask token");
  const prompt::PromptRenderer renderer(tpl, columns, tokenizer, maxLength);
  std::vector<int> masksPerSlot(static_cast<size_t>(tpl.maskCount()), 1);
  if (!masksPerSlot.empty()) masksPerSlot[0] = firstSlotMasks;
  std::vector<RenderedInput> out;
  out.reserve(count);
  for (size_t i = 0; i < count && i < examples.size(); ++i) {
    const auto& ex = examples[i];
    prompt::RenderedPrompt r;
    try {
      r = renderer.render(ex.fields, masksPerSlot);
    } catch (const Error& e) {
      ErrorLocation where = e.where();
      if (where.line == 0 && ex.line > 0) where.line = ex.line;
      throw Error("example " + ex.id + ": " + e.message(), where);
    }
    RenderedInput in;
    in.ids = std::move(r.ids);
    in.typeIds = std::move(r.typeIds);
    in.maskPositions.assign(r.maskPositions.begin(), r.maskPositions.end());
    out.push_back(std::move(in));
  }
  return out;
}

}  // namespace pwb::eval

namespace pwb::eval {

ResolvedVerbalizer resolveVerbalizerText(const std::string& text, const std::vector<std::string>& labels,
                                         const tokenize::Tokenizer& tokenizer, bool maskFollowsSpace) {
  const prompt::Verbalizer spec = prompt::parseVerbalizer(text);
  const prompt::ResolvedVerbalizer r = prompt::resolveVerbalizer(spec, labels, tokenizer, maskFollowsSpace);
  ResolvedVerbalizer v;
  v.labels = r.labels();
  // Only the JSON form can name the scoring choices; when it does, they belong to this verbalizer.
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && text[first] == '{') {
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_object() && j.contains("aggregation")) v.aggregation = spec.aggregation;
    if (j.is_object() && j.contains("multi_token")) v.multiToken = spec.multiToken;
  }
  if (v.labels.size() < 2) throw Error("verbalizer '" + text + "': a verbalizer needs at least two labels");
  for (const auto& cls : r.classes) {
    std::vector<LabelWord> words;
    for (const auto& w : cls.words) {
      if (w.status == prompt::WordStatus::Unknown) {
        throw Error("verbalizer '" + text + "': label word '" + w.word +
                    "' contains a character the vocabulary " + "does not know (it would be scored as " +
                    tokenizer.special().unk + ")");
      }
      LabelWord lw;
      lw.label = cls.label;
      lw.word = w.word;
      lw.ids = w.ids;
      lw.tokens = w.pieces;
      words.push_back(std::move(lw));
    }
    v.words.push_back(std::move(words));
  }
  return v;
}

bool firstMaskFollowsSpace(const prompt::Template& tpl, const std::vector<std::string>& columns,
                           const tokenize::Tokenizer& tokenizer, int maxLength) {
  return prompt::PromptRenderer(tpl, columns, tokenizer, maxLength).maskFollowsSpace(0);
}

}  // namespace pwb::eval
