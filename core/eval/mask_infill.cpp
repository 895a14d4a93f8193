#include "eval/mask_infill.h"

#include <torch/torch.h>

#include <algorithm>
#include <limits>
#include <numeric>

#include "common/error.h"
#include "model/masked_lm.h"
#include "tokenize/tokenizer.h"

namespace pwb::eval {

const char* fillOrderName(FillOrder order) {
  switch (order) {
    case FillOrder::Independent:
      return "independent";
    case FillOrder::LeftToRight:
      return "left-to-right";
    case FillOrder::ConfidentFirst:
      return "confident-first";
    case FillOrder::Beam:
      return "beam";
  }
  return "?";
}

FillOrder parseFillOrder(const std::string& name) {
  for (FillOrder o :
       {FillOrder::Independent, FillOrder::LeftToRight, FillOrder::ConfidentFirst, FillOrder::Beam})
    if (name == fillOrderName(o)) return o;
  throw Error("unknown fill order '" + name + "' (independent, left-to-right, confident-first or beam)");
}

namespace {

// The model on a batch of equally long rows; returns log-softmax [N, V] (fp32, on the model's device) at
// (row[i], column[i]), with the tokens that may not be chosen set to -inf.
class Scorer {
 public:
  Scorer(model::MaskedLM& model, const tokenize::Tokenizer& tokenizer, const std::vector<int64_t>& typeIds,
         bool banSpecial = true)
      : model_(model), device_(model.device()), banSpecial_(banSpecial) {
    if (model.config().typeVocabSize > 1)
      types_ = torch::tensor(typeIds, torch::kLong).unsqueeze(0).to(device_);
    const auto& sp = tokenizer.special();
    std::vector<int64_t> banned;
    for (int64_t id : {sp.clsId, sp.sepId, sp.padId, sp.unkId, sp.maskId})
      if (id >= 0) banned.push_back(id);
    banned_ = torch::tensor(banned, torch::kLong).to(device_);
    // A model whose output layer is wider than the vocabulary (padded embeddings) has ids that decode to
    // nothing: they are never chosen either.
    tokenizerVocab_ = tokenizer.vocabSize();
  }

  torch::Tensor logProbs(const torch::Tensor& ids, const std::vector<int64_t>& rows,
                         const std::vector<int64_t>& columns) {
    model::EncoderInput in;
    in.inputIds = ids;
    if (types_.defined()) in.tokenTypeIds = types_.expand({ids.size(0), ids.size(1)});
    const auto hidden = model_.encode(in);
    const auto picked =
        model::MaskedLM::gatherPositions(hidden, torch::tensor(rows, torch::kLong).to(device_),
                                         torch::tensor(columns, torch::kLong).to(device_));
    auto lp = torch::log_softmax(model_.mlmLogits(picked), -1);
    if (!banSpecial_) return lp;
    const double ninf = -std::numeric_limits<double>::infinity();
    lp.index_fill_(1, banned_, ninf);
    if (lp.size(1) > tokenizerVocab_) lp.narrow(1, tokenizerVocab_, lp.size(1) - tokenizerVocab_).fill_(ninf);
    return lp;
  }

  torch::Device device() const { return device_; }

 private:
  model::MaskedLM& model_;
  torch::Device device_;
  torch::Tensor types_;
  torch::Tensor banned_;
  int64_t tokenizerVocab_ = 0;
  bool banSpecial_ = true;
};

std::vector<int64_t> maskPositions(const std::vector<int64_t>& ids, int64_t maskId) {
  std::vector<int64_t> out;
  for (size_t i = 0; i < ids.size(); ++i)
    if (ids[i] == maskId) out.push_back(static_cast<int64_t>(i));
  return out;
}

void finish(InfillHypothesis& h, const tokenize::Tokenizer& tokenizer) {
  const auto& sp = tokenizer.special();
  std::vector<int64_t> textIds;
  for (int64_t id : h.ids)
    if (id != sp.clsId && id != sp.sepId && id != sp.padId) textIds.push_back(id);
  h.text = tokenizer.decode(textIds);
  for (auto& f : h.fills) f.token = tokenizer.idToToken(f.id);
  h.score = std::accumulate(h.stepLogProbs.begin(), h.stepLogProbs.end(), 0.0);
}

// Left-to-right and confident-first: one hypothesis, one forward pass per mask. With targets (one per mask,
// text order) each mask may only take its target (PET's scoring of a given answer).
InfillHypothesis greedy(Scorer& scorer, const std::vector<int64_t>& ids, const std::vector<int64_t>& masks,
                        bool confidentFirst, const std::vector<int64_t>& targets = {}) {
  InfillHypothesis h;
  h.ids = ids;
  std::vector<int64_t> open = masks;  // still to fill, in text order
  for (int step = 0; !open.empty(); ++step) {
    // Left to right needs only the leftmost open mask; confident-first compares all of them.
    const std::vector<int64_t> cols = confidentFirst ? open : std::vector<int64_t>{open.front()};
    const auto input = torch::tensor(h.ids, torch::kLong).unsqueeze(0).to(scorer.device());
    const auto lp = scorer.logProbs(input, std::vector<int64_t>(cols.size(), 0), cols);
    torch::Tensor values, tokens;
    if (targets.empty()) {
      const auto best = lp.max(1);
      values = std::get<0>(best).to(torch::kCPU, torch::kDouble).contiguous();
      tokens = std::get<1>(best).to(torch::kCPU).contiguous();
    } else {
      std::vector<int64_t> want;
      for (int64_t c : cols)
        want.push_back(
            targets[static_cast<size_t>(std::find(masks.begin(), masks.end(), c) - masks.begin())]);
      tokens = torch::tensor(want, torch::kLong);
      values = lp.gather(1, tokens.to(scorer.device()).unsqueeze(1))
                   .squeeze(1)
                   .to(torch::kCPU, torch::kDouble)
                   .contiguous();
    }
    const double* v = values.data_ptr<double>();
    // The first maximum: ties go to the leftmost mask.
    const size_t pick = static_cast<size_t>(std::max_element(v, v + cols.size()) - v);
    MaskFill f;
    f.position = cols[pick];
    f.id = tokens.data_ptr<int64_t>()[pick];
    f.logProb = v[pick];
    f.step = step;
    h.ids[static_cast<size_t>(f.position)] = f.id;
    h.fills.push_back(f);
    h.stepLogProbs.push_back(f.logProb);
    open.erase(std::find(open.begin(), open.end(), f.position));
  }
  std::sort(h.fills.begin(), h.fills.end(),
            [](const MaskFill& a, const MaskFill& b) { return a.position < b.position; });
  return h;
}

// Beam search over the masks in text order; every step scores all hypotheses in one batch.
std::vector<InfillHypothesis> beam(Scorer& scorer, const std::vector<int64_t>& ids,
                                   const std::vector<int64_t>& masks, int width, int topN) {
  const auto dev = scorer.device();
  torch::Tensor batch = torch::tensor(ids, torch::kLong).unsqueeze(0).to(dev);  // [H, T]
  std::vector<InfillHypothesis> hyps(1);
  std::vector<double> scores{0.0};
  for (size_t m = 0; m < masks.size(); ++m) {
    const int64_t H = batch.size(0);
    std::vector<int64_t> rows(static_cast<size_t>(H));
    std::iota(rows.begin(), rows.end(), 0);
    const auto lp =
        scorer.logProbs(batch, rows, std::vector<int64_t>(rows.size(), masks[m])).to(torch::kDouble);
    const int64_t V = lp.size(1);
    const auto prior = torch::tensor(scores, torch::kDouble).to(dev).unsqueeze(1);
    const auto total = (prior + lp).reshape({-1});
    const int64_t k = std::min<int64_t>(width, total.size(0));
    const auto top = total.topk(k);
    const auto topScores = std::get<0>(top).to(torch::kCPU).contiguous();
    const auto topIdx = std::get<1>(top).to(torch::kCPU).contiguous();
    // Best first, ties broken by (hypothesis, token id) so that the result does not depend on topk's order.
    std::vector<std::pair<double, int64_t>> cand;
    for (int64_t i = 0; i < k; ++i) {
      const double s = topScores.data_ptr<double>()[i];
      if (std::isfinite(s)) cand.emplace_back(s, topIdx.data_ptr<int64_t>()[i]);
    }
    if (cand.empty()) throw Error("the model gives no finite probability to any token at a mask");
    std::sort(cand.begin(), cand.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    std::vector<int64_t> from, token;
    for (const auto& c : cand) {
      from.push_back(c.second / V);
      token.push_back(c.second % V);
    }
    const auto fromT = torch::tensor(from, torch::kLong).to(dev);
    const auto tokenT = torch::tensor(token, torch::kLong).to(dev);
    // The chosen tokens' own log-probs, read from lp rather than recovered as a difference of sums.
    const auto stepLp = lp.index({fromT, tokenT}).to(torch::kCPU).contiguous();
    batch = batch.index_select(0, fromT).clone();
    batch.select(1, masks[m]).copy_(tokenT);
    std::vector<InfillHypothesis> next;
    std::vector<double> nextScores;
    for (size_t i = 0; i < cand.size(); ++i) {
      InfillHypothesis h = hyps[static_cast<size_t>(from[i])];
      MaskFill f;
      f.position = masks[m];
      f.id = token[i];
      f.logProb = stepLp.data_ptr<double>()[i];
      f.step = static_cast<int>(m);
      h.fills.push_back(f);
      h.stepLogProbs.push_back(f.logProb);
      next.push_back(std::move(h));
      nextScores.push_back(cand[i].first);
    }
    hyps = std::move(next);
    scores = std::move(nextScores);
  }
  const auto host = batch.to(torch::kCPU).contiguous();
  for (size_t i = 0; i < hyps.size(); ++i) {
    const int64_t* row = host[static_cast<int64_t>(i)].data_ptr<int64_t>();
    hyps[i].ids.assign(row, row + host.size(1));
  }
  if (hyps.size() > static_cast<size_t>(topN)) hyps.resize(static_cast<size_t>(topN));
  return hyps;
}

void checkInput(model::MaskedLM& model, const tokenize::Tokenizer& tokenizer, const std::vector<int64_t>& ids,
                const std::vector<int64_t>& typeIds, const std::vector<int64_t>& masks) {
  if (typeIds.size() != ids.size())
    throw Error("token type ids (" + std::to_string(typeIds.size()) + ") and token ids (" +
                std::to_string(ids.size()) + ") differ in length");
  if (masks.empty())
    throw Error("the text contains no " + tokenizer.special().mask +
                " (write [MASK] where the model should fill in)");
  if (masks.size() > static_cast<size_t>(kMaxInfillMasks))
    throw Error("the text has " + std::to_string(masks.size()) + " masks; joint filling takes at most " +
                std::to_string(kMaxInfillMasks));
  const int64_t usable = model.config().usableTokens();
  if (static_cast<int64_t>(ids.size()) > usable)
    throw Error("the text is " + std::to_string(ids.size()) + " tokens long; the model accepts at most " +
                std::to_string(usable));
}

}  // namespace

std::vector<InfillHypothesis> fillMasks(model::MaskedLM& model, const tokenize::Tokenizer& tokenizer,
                                        const std::vector<int64_t>& ids, const std::vector<int64_t>& typeIds,
                                        const InfillOptions& options) {
  if (options.order == FillOrder::Independent)
    throw Error(
        "the independent order predicts each mask alone; joint filling needs left-to-right, "
        "confident-first or beam");
  const int64_t maskId = tokenizer.special().maskId;
  if (maskId < 0) throw Error("the tokenizer has no mask token");
  const auto masks = maskPositions(ids, maskId);
  checkInput(model, tokenizer, ids, typeIds, masks);
  if (options.order == FillOrder::Beam) {
    if (options.beamWidth < 1 || options.beamWidth > kMaxBeamWidth)
      throw Error("the beam width must be 1.." + std::to_string(kMaxBeamWidth) + ", got " +
                  std::to_string(options.beamWidth));
    if (options.topN < 1 || options.topN > options.beamWidth)
      throw Error("the number of hypotheses to return must be 1..beam width (" +
                  std::to_string(options.beamWidth) + "), got " + std::to_string(options.topN));
  }

  c10::InferenceMode guard;
  Scorer scorer(model, tokenizer, typeIds);
  std::vector<InfillHypothesis> out;
  if (options.order == FillOrder::Beam)
    out = beam(scorer, ids, masks, options.beamWidth, options.topN);
  else
    out.push_back(greedy(scorer, ids, masks, options.order == FillOrder::ConfidentFirst));
  for (auto& h : out) finish(h, tokenizer);
  return out;
}

InfillHypothesis scoreFills(model::MaskedLM& model, const tokenize::Tokenizer& tokenizer,
                            const std::vector<int64_t>& ids, const std::vector<int64_t>& typeIds,
                            const std::vector<int64_t>& targets) {
  const int64_t maskId = tokenizer.special().maskId;
  if (maskId < 0) throw Error("the tokenizer has no mask token");
  const auto masks = maskPositions(ids, maskId);
  checkInput(model, tokenizer, ids, typeIds, masks);
  if (targets.size() != masks.size())
    throw Error("the answer has " + std::to_string(targets.size()) + " tokens but the text has " +
                std::to_string(masks.size()) + " masks");
  for (int64_t t : targets)
    if (t < 0 || t >= tokenizer.vocabSize())
      throw Error("answer token id " + std::to_string(t) + " is outside the vocabulary (0.." +
                  std::to_string(tokenizer.vocabSize() - 1) + ")");
  c10::InferenceMode guard;
  Scorer scorer(model, tokenizer, typeIds, /*banSpecial=*/false);
  InfillHypothesis h = greedy(scorer, ids, masks, /*confidentFirst=*/true, targets);
  finish(h, tokenizer);
  return h;
}

}  // namespace pwb::eval
