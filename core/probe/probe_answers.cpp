#include "probe/probe_answers.h"

#include <string>

#include "common/error.h"
#include "prompt/verbalizer.h"
#include "tokenize/tokenizer.h"

namespace pwb::probe {

AnswerPlan planAnswers(const std::vector<data::Example>& examples, size_t count,
                       const tokenize::Tokenizer& tokenizer, bool maskFollowsSpace, MultiPieceAnswers mode) {
  AnswerPlan plan;
  for (size_t i = 0; i < count && i < examples.size(); ++i) {
    const data::Example& e = examples[i];
    AnswerIssue issue;
    issue.id = e.id;
    issue.line = e.line;
    issue.answer = e.label;
    // The same splitting as a verbalizer's label word (core/prompt): the answer fills the mask as a word
    // does.
    prompt::ResolvedWord w;
    try {
      w = prompt::resolveWord(e.label, tokenizer, maskFollowsSpace);
    } catch (const Error&) {  // no token at all (an answer of only spaces or control characters)
      issue.reason = "gives no token";
      plan.unknown.push_back(std::move(issue));
      continue;
    }
    issue.pieces = w.pieces;
    if (w.status == prompt::WordStatus::Unknown) {
      issue.reason = "contains the unknown token " + tokenizer.special().unk;
      plan.unknown.push_back(std::move(issue));
      continue;
    }
    const bool several = w.ids.size() > 1;
    if (several) {
      issue.reason = std::to_string(w.ids.size()) + " word pieces";
      plan.multiPiece.push_back(issue);
      if (mode == MultiPieceAnswers::Skip) continue;
    }
    plan.scored.push_back(i);
    plan.tokenIds.push_back(w.ids.front());
    plan.firstPiece.push_back(several);
  }
  return plan;
}

}  // namespace pwb::probe
