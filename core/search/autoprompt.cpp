// AutoPrompt's trigger search (Shin et al. 2020; protocol of ucinlp/autoprompt create_trigger.py, not its
// code). Where this differs from the reference, the comment at the spot says so; SEARCH.md lists them all.
#include "search/autoprompt.h"

#include <torch/torch.h>

#include <algorithm>
#include <limits>
#include <map>
#include <optional>

#include "common/error.h"
#include "data/random.h"
#include "eval/eval_session.h"
#include "eval/prompt_inputs.h"
#include "eval/session_impl.h"
#include "prompt/prompt_renderer.h"
#include "search/trigger_objective.h"
#include "search/trigger_template.h"

namespace pwb::search {
namespace {

void checkOptions(const AutoPromptOptions& o) {
  auto fail = [](const std::string& m) { throw Error("autoprompt: " + m); };
  if (o.steps < 1) fail("the search budget is " + std::to_string(o.steps) + " steps — give at least 1 step");
  if (o.candidates < 1) fail("candidates per step is " + std::to_string(o.candidates) + " — give at least 1");
  if (o.batchSize < 1)
    fail("the batch size is " + std::to_string(o.batchSize) + " — give at least 1 example");
  if (o.patience < 0)
    fail("patience is " + std::to_string(o.patience) + " — give 0 (never stop early) or more");
}

bool isBpeWordStart(const std::string& token) {
  return token.rfind("\xC4\xA0", 0) == 0;  // Ġ: the token starts a word (follows a space)
}

// Which vocabulary tokens may become trigger tokens. Always excluded: the mask token (the slot's
// placeholder: a trigger [MASK] would be a second mask), ids the tokenizer cannot spell, and the label
// words themselves (AutoPrompt's --filter does the same, so a trigger cannot just copy a label word next to
// the mask). By option: special tokens ([CLS], [unused3], <s>, ...) and word pieces (##ing; BPE tokens
// without the leading-space mark Ġ, which would glue onto the word before them). AutoPrompt's --filter also
// drops capitalised words (proper nouns); we keep them.
torch::Tensor allowedTokens(const tokenize::Tokenizer& tok, int64_t modelVocab, const AutoPromptOptions& o,
                            const eval::ResolvedVerbalizer& verbalizer) {
  std::vector<uint8_t> ok(static_cast<size_t>(modelVocab), 0);
  const auto& sp = tok.special();
  const bool bpe = tok.kind() == "bpe";
  for (int64_t id = 0; id < std::min(modelVocab, tok.vocabSize()); ++id) {
    const std::string t = tok.idToToken(id);
    if (t.empty() || id == sp.maskId) continue;
    const bool special =
        id == sp.clsId || id == sp.sepId || id == sp.padId || id == sp.unkId ||
        (t.size() >= 3 && ((t.front() == '[' && t.back() == ']') || (t.front() == '<' && t.back() == '>')));
    const bool piece = bpe ? !isBpeWordStart(t) : t.rfind("##", 0) == 0;
    if (special && !o.allowSpecial) continue;
    if (piece && !special && !o.allowSubwords) continue;
    ok[static_cast<size_t>(id)] = 1;
  }
  for (const auto& words : verbalizer.words) {
    for (const auto& w : words) {
      for (const int64_t id : w.ids) {
        if (id >= 0 && id < modelVocab) ok[static_cast<size_t>(id)] = 0;
      }
    }
  }
  return torch::tensor(std::vector<int64_t>(ok.begin(), ok.end()), torch::kLong).to(torch::kBool);
}

int64_t initialToken(const tokenize::Tokenizer& tok, const std::string& init) {
  if (init.empty()) return tok.special().maskId;
  // BPE: the in-sentence form (Ġthe), since trigger slots follow a space; a token spelled exactly as
  // given (Ġthe, ##ing, [unused0]) is taken as it is.
  int64_t id = tok.tokenToId(init);
  if (id < 0) {
    const auto ids = tok.wordInContext(init);
    if (ids.size() == 1 && ids[0] != tok.special().unkId) id = ids[0];
  }
  if (id < 0) {
    throw Error(
        "autoprompt: the initial trigger token '" + init +
        "' is not one vocabulary token — give a single token (e.g. 'the'), or leave it empty to start "
        "from the mask token as AutoPrompt does");
  }
  return id;
}

// Dev accuracy decides; at equal accuracy (a few dozen dev examples move it in coarse steps) the lower dev
// loss wins. AutoPrompt compares the dev metric alone (strictly greater).
bool better(const SetScore& a, const SetScore& b) {
  if (a.accuracy != b.accuracy) return a.accuracy > b.accuracy;
  return a.loss < b.loss;
}

}  // namespace

std::vector<TemplateCandidate> autoPromptSearch(eval::EvalSession& session, const SearchRequest& request,
                                                const data::KShotSplit& split, uint64_t seed,
                                                const SearchCallback& callback,
                                                const std::atomic<bool>* cancel) {
  const AutoPromptOptions& o = request.autoprompt;
  checkOptions(o);
  eval::EvalSession::Impl& s = session.internals();
  s.useThreads();
  const tokenize::Tokenizer& tok = *s.tokenizer;
  model::MaskedLM& model = *s.model;

  const TriggerTemplate tpl = parseTriggerTemplate(request.templateText, "template");
  tpl.masked.validate(split.train.columns);
  const std::vector<std::string>& labels = split.train.labels;
  if (split.train.examples.empty()) throw Error("autoprompt: the K-shot training split is empty");
  if (split.dev.examples.size() < std::max<size_t>(2, labels.size())) {
    throw Error("autoprompt: the dev split is too small (" + std::to_string(split.dev.examples.size()) +
                " examples for " + std::to_string(labels.size()) +
                " classes) — early stopping needs at least one dev example per class");
  }
  eval::ScoringOptions scoring;
  scoring.maxLength = request.maxLength;
  const int maxLength = s.maxLength(scoring);
  const bool followsSpace =
      prompt::PromptRenderer(tpl.masked, split.train.columns, tok, maxLength).maskFollowsSpace(tpl.labelMask);
  const eval::ResolvedVerbalizer verbalizer =
      eval::resolveVerbalizerText(request.verbalizerText, labels, tok, followsSpace);
  // AutoPrompt predicts single-token label words; a word of several tokens has no one row of the output
  // layer to score at the mask, so it is refused rather than approximated (use pwb's label-word search or a
  // single-token synonym).
  for (const auto& words : verbalizer.words) {
    for (const auto& w : words) {
      if (w.multiToken()) {
        std::string pieces;
        for (const auto& p : w.tokens) pieces += (pieces.empty() ? "" : " ") + p;
        throw Error("autoprompt: the label word '" + w.word + "' (label " + w.label + ") is " +
                    std::to_string(w.ids.size()) + " tokens (" + pieces +
                    ") — AutoPrompt scores one token at the mask; choose a single-token word");
      }
    }
  }

  const int64_t padId = model::paddingId(tok.special().padId, model.config());
  TriggerObjective objective(model, verbalizer, padId);
  const TriggerExamples train = renderTriggerExamples(tpl, tok, split.train, labels, maxLength);
  const TriggerExamples dev = renderTriggerExamples(tpl, tok, split.dev, labels, maxLength);
  const torch::Tensor allowed =
      allowedTokens(tok, model.config().vocabSize, o, verbalizer).to(model.device());
  const int64_t allowedCount = allowed.sum().item<int64_t>();
  if (allowedCount == 0) throw Error("autoprompt: no vocabulary token is allowed as a trigger token");
  const torch::Tensor embeddings = objective.embeddingMatrix();  // [V, H], fixed: the model is frozen

  const int triggers = tpl.triggerCount();
  std::vector<int64_t> current(static_cast<size_t>(triggers), initialToken(tok, o.initToken));
  const int64_t maskId = tok.special().maskId;

  // Training batches: the split shuffled with the seed, taken in order, reshuffled after each pass.
  data::SplitMix64 rng(seed);
  std::vector<size_t> order(train.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  rng.shuffle(order);
  size_t cursor = 0;
  auto nextBatch = [&]() {
    std::vector<size_t> rows;
    const size_t n = std::min(order.size(), static_cast<size_t>(o.batchSize));
    while (rows.size() < n) {
      if (cursor == order.size()) {
        rng.shuffle(order);
        cursor = 0;
      }
      rows.push_back(order[cursor++]);
    }
    return rows;
  };

  std::vector<TemplateCandidate> found;
  std::optional<SetScore> bestDev;
  int sinceBest = 0;
  std::string bestText;
  auto writeBack = [&](const std::vector<int64_t>& ids) {
    std::vector<std::string> texts;
    for (const int64_t id : ids) texts.push_back(triggerTokenText(tok, id));
    return tpl.fill(texts);
  };
  // A trigger state becomes a candidate once no trigger is the mask token any more (the written-back
  // template would have a trigger [MASK] before the label's), and when it is the best on dev so far.
  auto consider = [&](const std::vector<int64_t>& ids, int step) {
    if (std::find(ids.begin(), ids.end(), maskId) != ids.end()) return;
    const SetScore d = objective.score(dev, ids);
    if (bestDev && !better(d, *bestDev)) {
      ++sinceBest;
      return;
    }
    bestDev = d;
    sinceBest = 0;
    TemplateCandidate c;
    c.templateText = writeBack(ids);
    c.origin = "autoprompt seed " + std::to_string(seed) + " step " + std::to_string(step);
    c.searchScore = objective.score(train, ids).loss;
    found.erase(std::remove_if(found.begin(), found.end(),
                               [&](const TemplateCandidate& f) { return f.templateText == c.templateText; }),
                found.end());
    found.push_back(c);
    bestText = c.templateText;
  };
  auto report = [&](int done) {
    if (!callback) return;
    SearchProgress p;
    p.phase = "autoprompt seed " + std::to_string(seed);
    p.done = done;
    p.total = o.steps;
    p.bestTemplate = bestText;
    p.bestDev = bestDev ? bestDev->accuracy : 0;
    callback(p, found);
  };

  consider(current, 0);
  for (int step = 1; step <= o.steps; ++step) {
    if (cancel && cancel->load()) break;
    const TriggerBatch batch = objective.batch(train, nextBatch(), current);
    torch::Tensor grad;
    const double currentLoss = objective.lossAndGradient(batch, objective.embeddingsOf(current), grad);
    // One position per step, in turn (AutoPrompt draws it at random each step).
    const int64_t j = (step - 1) % triggers;
    // HotFlip: loss(v) - loss(current) ~ grad . (e_v - e_current), so the best replacements have the most
    // negative grad . e_v. Ranked over the whole vocabulary on the model's device.
    torch::Tensor estimate;
    {
      torch::NoGradGuard ng;
      estimate = -torch::mv(embeddings, grad[j].to(embeddings.scalar_type()));
      estimate.masked_fill_(allowed.logical_not(), -std::numeric_limits<float>::infinity());
      estimate[current[static_cast<size_t>(j)]] = -std::numeric_limits<float>::infinity();
    }
    const int64_t k = std::min<int64_t>(o.candidates, allowedCount);
    const torch::Tensor top = std::get<1>(estimate.topk(k)).cpu();
    std::vector<int64_t> candidates(top.data_ptr<int64_t>(), top.data_ptr<int64_t>() + top.numel());
    candidates.erase(std::remove(candidates.begin(), candidates.end(), current[static_cast<size_t>(j)]),
                     candidates.end());
    // Exact losses on the same batch; the current trigger's loss is the one the gradient pass computed (the
    // input is unchanged, so it is not encoded again). AutoPrompt scores on a second batch, by the batch's
    // label accuracy; we use the loss, which separates candidates that a 16-example accuracy ties.
    const std::vector<double> losses = objective.candidateLosses(batch, j, candidates, cancel);
    if (cancel && cancel->load()) break;  // a half-scored step changes nothing
    const auto bestIt = std::min_element(losses.begin(), losses.end());
    if (bestIt != losses.end() && *bestIt < currentLoss) {
      current[static_cast<size_t>(j)] = candidates[static_cast<size_t>(bestIt - losses.begin())];
      consider(current, step);
    } else if (bestDev) {
      ++sinceBest;
    }
    report(step);
    if (o.patience > 0 && bestDev && sinceBest >= o.patience) break;
  }
  return found;
}

}  // namespace pwb::search
