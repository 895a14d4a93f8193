// Multiple-choice JSON Lines ("mc-jsonl", issue 17): every row is a question with its options and the
// answer, turned into a single-label classification row so that templates, verbalizers, accuracy,
// training and runs work unchanged. Three layouts are read:
//   ARC       {"id": .., "question": {"stem": "..", "choices": [{"text": "..", "label": "A"}, ..]},
//              "answerKey": "B"}
//   ARC flat  {"question": "..", "choices": {"text": [..], "label": [..]}, "answerKey": "B"}  (also a
//              "choices" list of {"text", "label"} objects or of plain strings)
//   COPA      {"premise": "..", "choice1": "..", "choice2": "..", "question": "cause", "label": 0}
// Options are named by POSITION: the first option is field option_A, the second option_B, ... whatever its
// label in the file (ARC mixes "A".."E" and "1".."4"); the class label is the letter of the answer's
// position (answerKey is matched against the file's option labels; COPA's label 0/1 -> A/B). Every row of
// a file must have as many options as its first row, because a template names the option fields.
// Text fields: "question" (ARC), or "premise" and "question" (COPA), then option_A, option_B, ...
#include <algorithm>
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "data/importers.h"

namespace pwb::data {
namespace {

using Json = nlohmann::ordered_json;
constexpr size_t kMaxOptions = 26;

struct ChoiceRow {
  std::vector<std::string> stems;    // question (ARC) or premise, question (COPA)
  std::vector<std::string> options;  // in file order
  std::string answer;                // letter, empty when the row has no answer key (a test set)
  bool copa = false;
};

std::string optionLetter(size_t i) {
  return std::string(1, char('A' + i));
}

std::string scalar(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return v.dump();
  return {};
}

// Reads one object into `row`; returns an error message for a bad row, "" when fine.
std::string readRow(const Json& obj, ChoiceRow& row) {
  std::vector<std::string> fileLabels;
  std::string answerKey;
  bool hasAnswer = false;
  if (obj.contains("choice1") || obj.contains("choice2")) {  // COPA
    row.copa = true;
    const auto premise = obj.find("premise");
    if (premise == obj.end() || !premise->is_string()) return "missing 'premise' (a string)";
    const auto question = obj.find("question");
    row.stems = {premise->get<std::string>(),
                 question != obj.end() && question->is_string() ? question->get<std::string>() : ""};
    for (const char* k : {"choice1", "choice2"}) {
      const auto c = obj.find(k);
      if (c == obj.end() || !c->is_string()) return std::string("missing option '") + k + "' (a string)";
      row.options.push_back(c->get<std::string>());
    }
    fileLabels = {"0", "1"};
    const auto label = obj.find("label");
    if (label != obj.end()) {
      answerKey = scalar(*label);
      hasAnswer = true;
    }
  } else {
    const auto question = obj.find("question");
    if (question == obj.end()) return "missing 'question'";
    const Json* choices = nullptr;
    if (question->is_object()) {
      const auto stem = question->find("stem");
      if (stem == question->end() || !stem->is_string()) return "missing 'question.stem' (a string)";
      row.stems = {stem->get<std::string>()};
      const auto c = question->find("choices");
      if (c != question->end()) choices = &*c;
    } else if (question->is_string()) {
      row.stems = {question->get<std::string>()};
    } else {
      return "'question' is neither a string nor an object";
    }
    if (!choices) {
      const auto c = obj.find("choices");
      if (c != obj.end()) choices = &*c;
    }
    if (!choices) return "options missing: no 'choices'";
    if (choices->is_object()) {  // {"text": [..], "label": [..]}
      const auto text = choices->find("text");
      const auto label = choices->find("label");
      if (text == choices->end() || !text->is_array()) return "options missing: 'choices.text' is not a list";
      for (const auto& t : *text) {
        if (!t.is_string()) return "option " + std::to_string(row.options.size() + 1) + " is not a string";
        row.options.push_back(t.get<std::string>());
      }
      if (label != choices->end()) {
        if (!label->is_array() || label->size() != text->size())
          return "'choices.label' does not have one label per option";
        for (const auto& l : *label) fileLabels.push_back(scalar(l));
      }
    } else if (choices->is_array()) {
      for (const auto& c : *choices) {
        const std::string n = std::to_string(row.options.size() + 1);
        if (c.is_string()) {
          row.options.push_back(c.get<std::string>());
          continue;
        }
        if (!c.is_object()) return "option " + n + " is neither a string nor an object";
        const auto t = c.find("text");
        if (t == c.end() || !t->is_string()) return "option " + n + " has no 'text'";
        row.options.push_back(t->get<std::string>());
        const auto l = c.find("label");
        fileLabels.push_back(l == c.end() ? "" : scalar(*l));
      }
    } else {
      return "options missing: 'choices' is neither a list nor an object";
    }
    for (const char* k : {"answerKey", "label", "answer"}) {
      const auto a = obj.find(k);
      if (a != obj.end()) {
        answerKey = scalar(*a);
        hasAnswer = true;
        break;
      }
    }
  }
  if (row.options.size() < 2) return "fewer than 2 options (" + std::to_string(row.options.size()) + ")";
  if (row.options.size() > kMaxOptions)
    return "more than 26 options (" + std::to_string(row.options.size()) + ")";
  for (size_t i = 0; i < row.options.size(); ++i)
    if (trimCopy(row.options[i]).empty()) return "option " + optionLetter(i) + " is empty";
  if (fileLabels.empty() ||
      std::all_of(fileLabels.begin(), fileLabels.end(), [](auto& l) { return l.empty(); })) {
    fileLabels.clear();  // no labels in the file: the options are A, B, C, ... by position
    for (size_t i = 0; i < row.options.size(); ++i) fileLabels.push_back(optionLetter(i));
  }
  if (hasAnswer) {
    if (answerKey.empty()) return "the answer key is empty or not a string/integer";
    const auto at = std::find(fileLabels.begin(), fileLabels.end(), answerKey);
    if (at == fileLabels.end()) {
      std::string known;
      for (const auto& l : fileLabels) known += (known.empty() ? "" : ", ") + l;
      return "answer key '" + answerKey + "' is not among the options (" + known + ")";
    }
    row.answer = optionLetter(size_t(at - fileLabels.begin()));
  }
  return {};
}

}  // namespace

void importChoiceJsonl(ImportContext& ctx) {
  size_t optionCount = 0;  // fixed by the first good row
  bool copa = false;
  int firstLine = 0;
  for (const auto& line : ctx.lines) {
    if (ctx.rows.full()) break;
    if (trimView(line.text).empty()) {
      ctx.rows.blankLine(line.number);
      continue;
    }
    if (!ctx.rows.acceptLine(line)) continue;
    Json obj;
    try {
      obj = Json::parse(line.text);
    } catch (const nlohmann::json::exception& e) {
      std::string why = e.what();
      const size_t colon = why.find(": ");
      if (colon != std::string::npos) why = why.substr(colon + 2);
      ctx.rows.problem(line.number, "invalid JSON: " + why);
      continue;
    }
    if (!obj.is_object()) {
      ctx.rows.problem(line.number, "expected a JSON object, found " + std::string(obj.type_name()));
      continue;
    }
    ChoiceRow row;
    const std::string bad = readRow(obj, row);
    if (!bad.empty()) {
      ctx.rows.problem(line.number, bad);
      continue;
    }
    if (optionCount == 0) {
      optionCount = row.options.size();
      copa = row.copa;
      firstLine = line.number;
      ctx.ds.columns =
          copa ? std::vector<std::string>{"premise", "question"} : std::vector<std::string>{"question"};
      for (size_t i = 0; i < optionCount; ++i) ctx.ds.columns.push_back("option_" + optionLetter(i));
    } else if (row.copa != copa) {
      ctx.rows.problem(line.number, std::string("a ") + (row.copa ? "COPA" : "question/choices") +
                                        " row in a file whose first row (line " + std::to_string(firstLine) +
                                        ") is " + (copa ? "COPA" : "question/choices"));
      continue;
    } else if (row.options.size() != optionCount) {
      ctx.rows.problem(line.number, std::to_string(row.options.size()) +
                                        " options; the file's first row (line " + std::to_string(firstLine) +
                                        ") has " + std::to_string(optionCount) +
                                        " and a template names every option field");
      continue;
    }
    std::vector<std::string> fields = std::move(row.stems);
    for (auto& o : row.options) fields.push_back(std::move(o));
    ctx.rows.add(line.number, std::move(fields), std::move(row.answer));
  }
}

}  // namespace pwb::data
