#include "choice/option_scoring.h"

#include <algorithm>
#include <cmath>

#include "common/error.h"
#include "eval/mask_infill.h"
#include "eval/prompt_inputs.h"
#include "eval/session_impl.h"
#include "prompt/template.h"
#include "prompt/verbalizer.h"
#include "tokenize/tokenizer.h"

namespace pwb::choice {

OptionScore parseOptionScore(const std::string& text) {
  if (text == "sum") return OptionScore::Sum;
  if (text == "mean") return OptionScore::Mean;
  throw Error("unknown option score '" + text + "' (known: sum, mean)");
}

const char* optionScoreName(OptionScore s) {
  return s == OptionScore::Sum ? "sum" : "mean";
}

namespace {

prompt::Template optionTemplate(const std::string& text, const std::vector<std::string>& columns) {
  prompt::Template tpl = prompt::parseTemplate(text);
  tpl.requireMask();
  if (tpl.maskCount() != 1)
    throw Error("option-text scoring needs a template with exactly one [MASK] (this one has " +
                std::to_string(tpl.maskCount()) + "): the option text is put there");
  if (tpl.softCount() > 0 || tpl.pseudoCount() > 0 || tpl.hasDemonstrations())
    throw Error("option-text scoring uses hard templates: [SOFT], [P] and [DEMOS] need a trained prompt");
  tpl.validate(columns);
  return tpl;
}

}  // namespace

OptionScoreResult runOptionScoring(eval::EvalSession& session, const OptionScoreRequest& request,
                                   const eval::Progress& progress, const std::atomic<bool>* cancel) {
  const auto t0 = eval::Clock::now();
  eval::EvalSession::Impl& s = session.internals();
  s.useThreads();
  const data::Dataset& data = request.data;
  const prompt::Template tpl = optionTemplate(request.templateText, data.columns);
  // The options are the fields option_A, option_B, ... (mc-jsonl), in column order; their letters are the
  // classes. Taken from the columns, not Dataset::labels, so that a set without answers (a test set) is
  // scored too.
  std::vector<int> optionField;
  std::vector<std::string> letters;
  for (size_t c = 0; c < data.columns.size(); ++c)
    if (data.columns[c].rfind("option_", 0) == 0 && data.columns[c].size() > 7) {
      optionField.push_back(int(c));
      letters.push_back(data.columns[c].substr(7));
    }
  for (const auto& label : data.labels)
    if (std::find(letters.begin(), letters.end(), label) == letters.end())
      throw Error("option-text scoring needs a multiple-choice data set (format mc-jsonl): label '" + label +
                  "' has no field option_" + label);
  if (optionField.size() < 2) throw Error("option-text scoring needs at least 2 options");
  eval::ScoringOptions scoring;
  scoring.maxLength = request.maxLength;
  const int maxLength = s.maxLength(scoring);
  const bool followsSpace = eval::firstMaskFollowsSpace(tpl, data.columns, *s.tokenizer, maxLength);

  OptionScoreResult r;
  r.templateText = request.templateText;
  r.score = request.score;
  r.labels = letters;
  const size_t total =
      request.limit > 0 ? std::min(request.limit, data.examples.size()) : data.examples.size();
  for (size_t i = 0; i < total; ++i) {
    if (cancel && cancel->load()) throw eval::Cancelled();
    const data::Example& ex = data.examples[i];
    OptionScoreExample e;
    e.id = ex.id;
    e.line = ex.line;
    const auto g = std::find(letters.begin(), letters.end(), ex.label);
    e.gold = ex.label.empty() || g == letters.end() ? -1 : int(g - letters.begin());
    const std::vector<data::Example> one{ex};
    std::string skip;
    for (size_t k = 0; k < optionField.size() && skip.empty(); ++k) {
      const std::string& text = ex.fields[size_t(optionField[k])];
      // The option as a word at the mask, split as a multi-token label word is (BPE's leading-space form
      // after a space).
      const prompt::ResolvedWord w = prompt::resolveWord(text, *s.tokenizer, followsSpace);
      if (w.status == prompt::WordStatus::Unknown) {
        skip = "option " + letters[k] + " contains the unknown token " + s.tokenizer->special().unk;
        break;
      }
      if (w.ids.size() > size_t(eval::kMaxInfillMasks)) {
        skip = "option " + letters[k] + " has " + std::to_string(w.ids.size()) + " word pieces (at most " +
               std::to_string(eval::kMaxInfillMasks) + " masks)";
        break;
      }
      const int n = int(w.ids.size());
      const auto inputs = eval::renderExamples(tpl, *s.tokenizer, data.columns, one, 1, maxLength, n);
      const eval::RenderedInput& in = inputs[0];
      const eval::InfillHypothesis h = eval::scoreFills(*s.model, *s.tokenizer, in.ids, in.typeIds, w.ids);
      e.scores.push_back(request.score == OptionScore::Sum ? h.score : h.score / n);
      e.pieces.push_back(n);
    }
    if (progress) progress(int64_t(i + 1), int64_t(total));
    if (!skip.empty()) {
      r.skipped.push_back(ex.id + ": " + skip);
      continue;
    }
    // First maximum wins a tie (the earlier option).
    e.pred = int(std::max_element(e.scores.begin(), e.scores.end()) - e.scores.begin());
    if (!std::isfinite(e.scores[size_t(e.pred)])) e.pred = -1;
    ++r.scored;
    if (e.gold >= 0) {
      ++r.withAnswer;
      if (e.pred == e.gold) ++r.correct;
    }
    r.examples.push_back(std::move(e));
  }
  r.accuracy = r.withAnswer ? double(r.correct) / double(r.withAnswer) : 0.0;
  r.notes.push_back(
      std::string("each option's text put at the [MASK] as one mask per word piece, scored with "
                  "PET's sequential score (most probable target first, the model run again "
                  "after every fill); ") +
      (request.score == OptionScore::Sum
           ? "score = sum of the pieces' log-probs (PET; favours short options)"
           : "score = mean of the pieces' log-probs (length-normalised; PET sums)"));
  if (!r.skipped.empty())
    r.notes.push_back(std::to_string(r.skipped.size()) + " rows skipped: " + r.skipped.front() +
                      (r.skipped.size() > 1 ? ", ..." : ""));
  r.seconds = eval::secondsSince(t0);
  return r;
}

}  // namespace pwb::choice
