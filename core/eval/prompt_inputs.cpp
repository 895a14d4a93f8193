#include "eval/prompt_inputs.h"

#include <algorithm>
#include <map>

#include "common/error.h"
#include "prompt/prompt_renderer.h"
#include "prompt/template.h"
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
namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    const size_t end = s.find(sep, start);
    out.push_back(s.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

}  // namespace

ResolvedVerbalizer resolveVerbalizerText(const std::string& text, const std::vector<std::string>& labels,
                                         const tokenize::Tokenizer& tokenizer) {
  const std::string where = "verbalizer '" + text + "'";
  std::map<std::string, std::vector<std::string>> words;
  std::vector<std::string> order;  // labels as written: the classes when `labels` is empty
  for (const std::string& item : split(text, ';')) {
    if (trim(item).empty()) continue;
    const size_t eq = item.find('=');
    if (eq == std::string::npos) {
      throw Error(where + ": expected LABEL=word[,word] but found '" + trim(item) +
                  "' (separate labels with ';')");
    }
    const std::string label = trim(item.substr(0, eq));
    if (label.empty()) throw Error(where + ": a label name is missing before '='");
    if (!labels.empty() && std::find(labels.begin(), labels.end(), label) == labels.end()) {
      std::string known;
      for (const auto& l : labels) known += (known.empty() ? "" : ", ") + l;
      throw Error(where + ": label '" + label + "' is not a label of the data set (labels: " + known + ")");
    }
    if (words.count(label)) throw Error(where + ": label '" + label + "' is given twice");
    order.push_back(label);
    for (const std::string& w : split(item.substr(eq + 1), ',')) {
      const std::string word = trim(w);
      if (word.empty()) throw Error(where + ": label '" + label + "' has an empty label word");
      words[label].push_back(word);
    }
  }
  ResolvedVerbalizer v;
  v.labels = labels.empty() ? order : labels;
  if (v.labels.size() < 2) throw Error(where + ": a verbalizer needs at least two labels");
  for (const auto& label : v.labels) {
    auto it = words.find(label);
    if (it == words.end()) throw Error(where + ": no label word for label '" + label + "'");
    std::vector<LabelWord> cls;
    for (const auto& word : it->second) {
      LabelWord lw;
      lw.label = label;
      lw.word = word;
      // The word as it reads after a space inside a sentence (BPE: the Ġ form; WordPiece: the word itself).
      lw.ids = tokenizer.wordInContext(word);
      if (lw.ids.empty()) throw Error(where + ": label word '" + word + "' has no tokens");
      for (int64_t id : lw.ids) {
        if (id == tokenizer.special().unkId) {
          throw Error(where + ": label word '" + word +
                      "' contains a character the vocabulary does not know " + "(it would be scored as " +
                      tokenizer.special().unk + ")");
        }
        lw.tokens.push_back(tokenizer.idToToken(id));
      }
      cls.push_back(std::move(lw));
    }
    v.words.push_back(std::move(cls));
  }
  return v;
}

}  // namespace pwb::eval
