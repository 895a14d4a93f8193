#include "probe/probe_eval.h"

#include <algorithm>
#include <string>

#include "common/error.h"
#include "eval/mask_states.h"
#include "eval/prompt_inputs.h"
#include "eval/session_impl.h"
#include "probe/probe_answers.h"
#include "probe/probe_metrics.h"
#include "probe/vocab_rank.h"
#include "prompt/template.h"
#include "tokenize/tokenizer.h"

namespace pwb::probe {
namespace {

prompt::Template probeTemplate(const std::string& text, const std::vector<std::string>& columns) {
  prompt::Template tpl = prompt::parseTemplate(text);
  tpl.requireMask();
  if (tpl.maskCount() != 1)
    throw Error("a probing template needs exactly one [MASK] (this one has " +
                std::to_string(tpl.maskCount()) + "): the answer is one token of the vocabulary");
  if (tpl.softCount() > 0 || tpl.pseudoCount() > 0 || tpl.hasDemonstrations())
    throw Error("probing scores hard templates: [SOFT], [P] and [DEMOS] need a trained prompt");
  tpl.validate(columns);
  return tpl;
}

std::string issueList(const std::vector<AnswerIssue>& issues, size_t shown) {
  std::string s;
  for (size_t i = 0; i < issues.size() && i < shown; ++i) {
    std::string pieces;
    for (const auto& p : issues[i].pieces) pieces += (pieces.empty() ? "" : " ") + p;
    s += (i ? ", " : "") + issues[i].id + " '" + issues[i].answer + "'" +
         (pieces.empty() ? "" : " [" + pieces + "]");
  }
  if (issues.size() > shown) s += ", ...";
  return s;
}

std::vector<std::string> notesFor(const ProbeResult& r) {
  std::vector<std::string> notes;
  notes.push_back("rank over the whole vocabulary (" + std::to_string(r.vocabSize) +
                  " tokens, special tokens included); ties rank the answer first");
  if (!r.multiPieceAnswers.empty()) {
    const std::string n = std::to_string(r.multiPieceAnswers.size());
    notes.push_back(r.multiPiece == MultiPieceAnswers::Skip
                        ? n + " answers are not one token of the vocabulary: skipped (LAMA's convention): " +
                              issueList(r.multiPieceAnswers, 5)
                        : n +
                              " answers are several word pieces: scored by their first piece (an easier "
                              "target than the word): " +
                              issueList(r.multiPieceAnswers, 5));
  }
  if (!r.unknownAnswers.empty())
    notes.push_back(std::to_string(r.unknownAnswers.size()) +
                    " answers the vocabulary cannot spell: skipped: " + issueList(r.unknownAnswers, 5));
  return notes;
}

}  // namespace

ProbeResult runProbe(eval::EvalSession& session, const ProbeRequest& request, const eval::Progress& progress,
                     const std::atomic<bool>* cancel) {
  const auto t0 = eval::Clock::now();
  eval::EvalSession::Impl& s = session.internals();
  s.useThreads();
  if (request.topK < 0) throw Error("top-k must be 0 or more");
  const data::Dataset& data = request.data;
  const prompt::Template tpl = probeTemplate(request.templateText, data.columns);
  eval::ScoringOptions scoring;
  scoring.batchSize = request.batchSize;
  scoring.maxLength = request.maxLength;
  const int maxLength = s.maxLength(scoring);

  ProbeResult r;
  r.templateText = request.templateText;
  r.modelDir = s.dir;
  r.multiPiece = request.multiPiece;
  r.vocabSize = s.model->config().vocabSize;
  r.total = request.limit > 0 ? std::min(request.limit, data.examples.size()) : data.examples.size();
  const bool followsSpace = eval::firstMaskFollowsSpace(tpl, data.columns, *s.tokenizer, maxLength);
  AnswerPlan plan = planAnswers(data.examples, r.total, *s.tokenizer, followsSpace, request.multiPiece);
  r.multiPieceAnswers = std::move(plan.multiPiece);
  r.unknownAnswers = std::move(plan.unknown);

  std::vector<data::Example> scored;
  scored.reserve(plan.scored.size());
  for (size_t i : plan.scored) scored.push_back(data.examples[i]);
  const auto inputs = eval::renderExamples(tpl, *s.tokenizer, data.columns, scored, scored.size(), maxLength);
  const int64_t n = static_cast<int64_t>(inputs.size());
  const eval::ProgressSpan span{&progress, 0, n};
  const eval::MaskStates states =
      eval::encodeMasks(*s.model, inputs, s.encodeSettings(scoring, 0), span, cancel);
  // Ranked in slices of the batch size too: a [batch, V] logit block at a time on the device.
  const VocabRanks ranks =
      rankAnswers(*s.model, states, plan.tokenIds, request.topK, std::max(1, request.batchSize));

  r.metrics = probeMetrics(ranks.rank);
  if (request.keepExamples) {
    for (size_t j = 0; j < scored.size(); ++j) {
      ProbeExample e;
      e.id = scored[j].id;
      e.line = scored[j].line;
      e.answer = scored[j].label;
      e.answerId = plan.tokenIds[j];
      e.answerToken = s.tokenizer->idToToken(e.answerId);
      e.firstPiece = plan.firstPiece[j];
      e.rank = ranks.rank[j];
      e.answerProb = ranks.prob[j];
      for (size_t k = 0; k < ranks.topIds[j].size(); ++k)
        e.top.push_back(
            {ranks.topIds[j][k], s.tokenizer->idToToken(ranks.topIds[j][k]), ranks.topProbs[j][k]});
      r.examples.push_back(std::move(e));
    }
  }
  r.notes = notesFor(r);
  r.seconds = eval::secondsSince(t0);
  return r;
}

}  // namespace pwb::probe
