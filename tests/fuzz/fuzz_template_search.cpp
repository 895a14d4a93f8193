// Fuzzes what template search (core/search, SEARCH.md) reads from outside:
//   0  parseTriggerTemplate (`[T]`, `[T*n]` slots on top of the template language): slots in order inside
//      the source, one mask per trigger token, the label [MASK] is not a trigger; the template filled with
//      real tokens' texts (triggerTokenText of ids the input picks, on tiny-bert or tiny-roberta) must parse
//      and keep exactly the template's own [MASK]s;
//   1  readLmBffCandidates on a file (LM-BFF's auto_template lists): every candidate parses, ranks count
//      up from 1, every line read is a candidate or a reason;
//   2  requestFromJson (search settings stored in a project file): what reads back written with
//      requestToJson reads back to the same JSON.
// The first input byte picks the mode (and the tokenizer). Any exception other than pwb::Error escapes and
// is a crash.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/error.h"
#include "fuzz_support.h"
#include "prompt/template.h"
#include "search/lmbff_candidates.h"
#include "search/search_record.h"
#include "search/trigger_template.h"
#include "tokenize/tokenizer.h"

using namespace pwb::search;

namespace {

const pwb::tokenize::Tokenizer& tokenizer(int which) {
  static const auto bert =
      pwb::tokenize::loadTokenizer(std::string(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert");
  static const auto roberta =
      pwb::tokenize::loadTokenizer(std::string(PWB_REFERENCE_DIR) + "/fixtures/tiny-roberta");
  return which ? *roberta : *bert;
}

void triggerTemplate(const std::string& input, int which) {
  // The template is the text before the first NUL; the bytes after it pick the trigger tokens.
  const size_t cut = input.find('\0');
  const std::string text = input.substr(0, cut);
  const std::string picks = cut == std::string::npos ? std::string() : input.substr(cut + 1);
  const TriggerTemplate t = parseTriggerTemplate(text, "fuzz");
  if (t.triggers.empty() || t.source != text) __builtin_trap();
  size_t previousEnd = 0;
  for (const TriggerSlot& s : t.triggers) {
    if (s.count < 1 || s.count > kMaxTriggerCount || s.begin < previousEnd || s.end <= s.begin ||
        s.end > text.size() || text[s.begin] != '[' || text[s.end - 1] != ']')
      __builtin_trap();
    previousEnd = s.end;
  }
  const int triggers = t.triggerCount();
  if (static_cast<int>(t.maskTrigger.size()) != t.masked.maskCount()) __builtin_trap();
  int seen = 0;
  for (int m : t.maskTrigger) {
    if (m >= 0 && m != seen++) __builtin_trap();  // trigger tokens in order
  }
  if (seen != triggers) __builtin_trap();
  if (t.labelMask < 0 || t.labelMask >= static_cast<int>(t.maskTrigger.size()) ||
      t.maskTrigger[t.labelMask] != -1)
    __builtin_trap();
  const pwb::tokenize::Tokenizer& tok = tokenizer(which);
  std::vector<std::string> texts;
  for (int i = 0; i < triggers; ++i) {
    const unsigned char a = i * 2 < static_cast<int>(picks.size()) ? picks[i * 2] : 7 * i;
    const unsigned char b = i * 2 + 1 < static_cast<int>(picks.size()) ? picks[i * 2 + 1] : 0;
    texts.push_back(triggerTokenText(tok, (a * 256 + b) % tok.vocabSize()));
  }
  const std::string filled = t.fill(texts);
  pwb::prompt::Template hard;
  try {
    hard = pwb::prompt::parseTemplate(filled, "filled");
  } catch (const pwb::Error&) {
    __builtin_trap();  // the search writes this template back: it must be valid
  }
  if (hard.maskCount() != t.masked.maskCount() - triggers) __builtin_trap();
}

void candidateList(const std::string& bytes, unsigned char limitByte) {
  const std::string path = pwb::fuzz::writeScratch("16-13.sort.txt", bytes);
  const int limit = limitByte % 4 == 0 ? 0 : limitByte % 16;
  const LmBffCandidateList list = readLmBffCandidates(path, limit);
  if (list.linesRead <= 0 || (limit > 0 && list.linesRead > limit) || list.candidates.empty())
    __builtin_trap();
  if (list.candidates.size() + list.skipped.size() != static_cast<size_t>(list.linesRead)) __builtin_trap();
  double previous = 0;
  for (const TemplateCandidate& c : list.candidates) {
    if (!(c.searchScore > previous) || c.searchScore > list.linesRead) __builtin_trap();
    previous = c.searchScore;
    try {
      const pwb::prompt::Template parsed = pwb::prompt::parseTemplate(c.templateText);
      if (parsed.maskCount() == 0 || parsed.hasDemonstrations()) __builtin_trap();
    } catch (const pwb::Error&) {
      __builtin_trap();
    }
  }
}

void settings(const std::string& text) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception&) {
    return;  // the store keeps the settings as JSON it wrote
  }
  const SearchRequest r = requestFromJson(j, "search 1 settings");
  const nlohmann::json written = requestToJson(r);
  SearchRequest back;
  try {
    back = requestFromJson(written, "again");
  } catch (const pwb::Error&) {
    __builtin_trap();
  }
  if (requestToJson(back) != written) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const int mode = data[0] % 3;
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    switch (mode) {
      case 0:
        triggerTemplate(text, data[0] / 3 % 2);
        break;
      case 1:
        candidateList(text, data[0] / 3);
        break;
      case 2:
        settings(text);
        break;
    }
  } catch (const pwb::Error& e) {
    if (e.message().empty()) __builtin_trap();
  }
  return 0;
}
