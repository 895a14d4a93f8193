#include "search/trigger_objective.h"

#include <algorithm>
#include <limits>

#include "common/error.h"
#include "eval/prompt_inputs.h"
#include "model/padded_batch.h"
#include "tokenize/tokenizer.h"

namespace pwb::search {

TriggerExamples renderTriggerExamples(const TriggerTemplate& tpl, const tokenize::Tokenizer& tokenizer,
                                      const data::Dataset& set, const std::vector<std::string>& labels,
                                      int maxLength) {
  TriggerExamples out;
  out.inputs =
      eval::renderExamples(tpl.masked, tokenizer, set.columns, set.examples, set.examples.size(), maxLength);
  // Byte-level BPE: a space before a mask token may be encoded as a token of its own (Ġ, when the mask
  // token does not absorb the space before it). The written-back template has `Ġword` there instead of
  // `Ġ <mask>`, so that space token goes and the trigger position holds the whole word.
  const int64_t spaceId = tokenizer.kind() == "bpe" ? tokenizer.tokenToId("\xC4\xA0") : -1;
  if (spaceId >= 0) {
    for (auto& in : out.inputs) {
      std::vector<bool> drop(in.ids.size(), false);
      for (size_t k = 0; k < in.maskPositions.size(); ++k) {
        const int64_t p = in.maskPositions[k];
        if (tpl.maskTrigger[k] >= 0 && p > 0 && in.ids[static_cast<size_t>(p - 1)] == spaceId) {
          drop[static_cast<size_t>(p - 1)] = true;
        }
      }
      eval::RenderedInput kept;
      for (size_t t = 0; t < in.ids.size(); ++t) {
        if (drop[t]) continue;
        kept.ids.push_back(in.ids[t]);
        if (!in.typeIds.empty()) kept.typeIds.push_back(in.typeIds[t]);
      }
      for (const int64_t p : in.maskPositions) {
        kept.maskPositions.push_back(p - std::count(drop.begin(), drop.begin() + p, true));
      }
      in = std::move(kept);
    }
  }
  for (size_t i = 0; i < out.inputs.size(); ++i) {
    const data::Example& ex = set.examples[i];
    const auto cls = std::find(labels.begin(), labels.end(), ex.label);
    if (cls == labels.end()) {
      throw Error("example " + ex.id + ": label '" + ex.label + "' is not one of the verbalizer's labels",
                  ErrorLocation{set.path, ex.line, 0, {}});
    }
    const auto& masks = out.inputs[i].maskPositions;
    if (masks.size() != tpl.maskTrigger.size()) {
      throw Error("internal: example " + ex.id + " rendered " + std::to_string(masks.size()) + " masks for " +
                  std::to_string(tpl.maskTrigger.size()) + " mask slots");
    }
    std::vector<int64_t> positions(static_cast<size_t>(tpl.triggerCount()));
    for (size_t k = 0; k < masks.size(); ++k) {
      if (tpl.maskTrigger[k] >= 0) positions[static_cast<size_t>(tpl.maskTrigger[k])] = masks[k];
    }
    out.triggerPositions.push_back(std::move(positions));
    out.labelPosition.push_back(masks[static_cast<size_t>(tpl.labelMask)]);
    out.gold.push_back(cls - labels.begin());
  }
  return out;
}

FrozenParameters::FrozenParameters(torch::nn::Module& module) {
  for (auto& p : module.parameters()) {
    params_.push_back(p);
    flags_.push_back(p.requires_grad());
    p.set_requires_grad(false);
  }
}

FrozenParameters::~FrozenParameters() {
  for (size_t i = 0; i < params_.size(); ++i) params_[i].set_requires_grad(flags_[i]);
}

TriggerObjective::TriggerObjective(model::MaskedLM& model, const eval::ResolvedVerbalizer& verbalizer,
                                   int64_t padId, int rowsPerPass)
    : model_(model), frozen_(model), padId_(padId), rowsPerPass_(std::max(1, rowsPerPass)) {
  std::vector<int64_t> ids;
  for (const auto& words : verbalizer.words) {
    const auto begin = static_cast<int64_t>(ids.size());
    for (const auto& w : words) {
      if (w.ids.size() != 1)
        throw Error("internal: multi-token label word '" + w.word + "' reached the search");
      ids.push_back(w.ids[0]);
    }
    classWords_.emplace_back(begin, static_cast<int64_t>(ids.size()));
  }
  wordIds_ = torch::tensor(ids, torch::kLong).to(model_.device());
  aggregation_ = verbalizer.effective(eval::ScoringOptions{}).aggregation;
}

TriggerBatch TriggerObjective::batch(const TriggerExamples& set, const std::vector<size_t>& rows,
                                     const std::vector<int64_t>& triggerIds) const {
  std::vector<std::vector<int64_t>> ids;
  ids.reserve(rows.size());
  std::vector<int64_t> tRow, tPos, tIndex, labelPos, gold;
  for (size_t b = 0; b < rows.size(); ++b) {
    const size_t r = rows[b];
    ids.push_back(set.inputs[r].ids);
    const auto& positions = set.triggerPositions[r];
    for (size_t j = 0; j < positions.size(); ++j) {
      ids.back()[static_cast<size_t>(positions[j])] = triggerIds[j];
      tRow.push_back(static_cast<int64_t>(b));
      tPos.push_back(positions[j]);
      tIndex.push_back(static_cast<int64_t>(j));
    }
    labelPos.push_back(set.labelPosition[r]);
    gold.push_back(set.gold[r]);
  }
  model::TokenRows idRows, typeRows;
  for (size_t b = 0; b < rows.size(); ++b) {
    idRows.push_back(&ids[b]);
    typeRows.push_back(&set.inputs[rows[b]].typeIds);
  }
  const model::EncoderInput padded = model::padBatch(idRows, padId_, typeRows);
  const auto dev = model_.device();
  TriggerBatch out;
  out.ids = padded.inputIds.to(dev);
  out.attention = padded.attentionMask.to(dev);
  out.types = padded.tokenTypeIds.defined() ? padded.tokenTypeIds.to(dev) : torch::Tensor();
  out.triggerRow = torch::tensor(tRow, torch::kLong).to(dev);
  out.triggerPos = torch::tensor(tPos, torch::kLong).to(dev);
  out.triggerIndex = torch::tensor(tIndex, torch::kLong).to(dev);
  out.labelPos = torch::tensor(labelPos, torch::kLong).to(dev);
  out.gold = torch::tensor(gold, torch::kLong).to(dev);
  out.rows = static_cast<int64_t>(rows.size());
  out.triggers = static_cast<int64_t>(triggerIds.size());
  return out;
}

torch::Tensor TriggerObjective::embeddingsOf(const std::vector<int64_t>& triggerIds) {
  torch::NoGradGuard ng;
  return model_.wordEmbeddings(torch::tensor(triggerIds, torch::kLong)).to(torch::kFloat);
}

torch::Tensor TriggerObjective::embeddingMatrix() {
  torch::NoGradGuard ng;
  const auto v = model_.config().vocabSize;
  return model_.wordEmbeddings(torch::arange(v, torch::kLong)).to(torch::kFloat);
}

torch::Tensor TriggerObjective::classScores(const torch::Tensor& hiddenAtLabel) {
  // Full-vocabulary log-softmax at the label mask, then the verbalizer's aggregation per class: the class
  // scores the evaluation computes (eval/class_scorer) for single-token words.
  const auto logp =
      torch::log_softmax(model_.mlmLogits(hiddenAtLabel).to(torch::kFloat), 1).index_select(1, wordIds_);
  std::vector<torch::Tensor> classes;
  for (const auto& [begin, end] : classWords_) {
    const auto w = logp.slice(1, begin, end);
    switch (aggregation_) {
      case eval::WordAggregation::MaxLogProb:
        classes.push_back(std::get<0>(w.max(1)));
        break;
      case eval::WordAggregation::LogSumProb:
        classes.push_back(torch::logsumexp(w, 1));
        break;
      default:
        classes.push_back(w.mean(1));
        break;
    }
  }
  return torch::stack(classes, 1);
}

// Per row: cross-entropy of the gold class under the softmax over the class scores (what the evaluation's
// probabilities are). [N]
torch::Tensor TriggerObjective::rowLosses(const torch::Tensor& hidden, const torch::Tensor& labelPos,
                                          const torch::Tensor& gold) {
  const auto rowIdx =
      torch::arange(hidden.size(0), torch::TensorOptions().dtype(torch::kLong).device(hidden.device()));
  const auto h = model::MaskedLM::gatherPositions(hidden, rowIdx, labelPos);
  const auto logProbs = torch::log_softmax(classScores(h), 1);
  return -logProbs.gather(1, gold.unsqueeze(1)).squeeze(1);
}

namespace {

model::EncoderInput withEmbeddings(model::MaskedLM& model, const TriggerBatch& b,
                                   const torch::Tensor& triggerEmbeds) {
  const auto words = model.wordEmbeddings(b.ids).detach();
  const auto values = triggerEmbeds.index_select(0, b.triggerIndex).to(words.scalar_type());
  model::EncoderInput in;
  in.inputsEmbeds = words.index_put({b.triggerRow, b.triggerPos}, values);
  in.attentionMask = b.attention;
  in.tokenTypeIds = b.types;
  return in;
}

}  // namespace

double TriggerObjective::lossAndGradient(const TriggerBatch& b, const torch::Tensor& triggerEmbeds,
                                         torch::Tensor& gradient) {
  // The parameters are frozen (FrozenParameters): the graph only reaches the trigger embeddings.
  torch::AutoGradMode enable(true);
  auto leaf = triggerEmbeds.detach().to(model_.device(), torch::kFloat).clone().set_requires_grad(true);
  const auto hidden = model_.encode(withEmbeddings(model_, b, leaf));
  const auto loss = rowLosses(hidden, b.labelPos, b.gold).mean();
  gradient = torch::autograd::grad({loss}, {leaf})[0].detach();
  return loss.item<double>();
}

double TriggerObjective::loss(const TriggerBatch& b, const torch::Tensor& triggerEmbeds) {
  torch::NoGradGuard ng;
  const auto hidden =
      model_.encode(withEmbeddings(model_, b, triggerEmbeds.to(model_.device(), torch::kFloat)));
  return rowLosses(hidden, b.labelPos, b.gold).mean().item<double>();
}

std::vector<double> TriggerObjective::candidateLosses(const TriggerBatch& b, int64_t j,
                                                      const std::vector<int64_t>& candidates,
                                                      const std::atomic<bool>* cancel) {
  c10::InferenceMode guard;
  std::vector<double> out(candidates.size(), std::numeric_limits<double>::infinity());
  const auto dev = model_.device();
  // Trigger j's position in each row.
  const auto isJ = b.triggerIndex.eq(j);
  const auto rowsOfJ = b.triggerRow.masked_select(isJ);
  const auto posOfJ = b.triggerPos.masked_select(isJ);
  if (rowsOfJ.size(0) != b.rows)
    throw Error("internal: trigger token " + std::to_string(j) + " is not in every row");
  const int64_t perPass = std::max<int64_t>(1, rowsPerPass_ / std::max<int64_t>(1, b.rows));
  const auto cand = torch::tensor(candidates, torch::kLong).to(dev);
  for (int64_t c0 = 0; c0 < static_cast<int64_t>(candidates.size()); c0 += perPass) {
    if (cancel && cancel->load()) break;
    const int64_t n = std::min<int64_t>(perPass, static_cast<int64_t>(candidates.size()) - c0);
    // n copies of the batch, copy c with candidate c at trigger j: one forward pass for all of them.
    auto ids = b.ids.repeat({n, 1});
    const auto rowIdx = torch::arange(n * b.rows, torch::TensorOptions().dtype(torch::kLong).device(dev));
    ids.index_put_({rowIdx, posOfJ.repeat({n})}, cand.slice(0, c0, c0 + n).repeat_interleave(b.rows));
    model::EncoderInput in;
    in.inputIds = ids;
    in.attentionMask = b.attention.repeat({n, 1});
    if (b.types.defined()) in.tokenTypeIds = b.types.repeat({n, 1});
    const auto hidden = model_.encode(in);
    const auto losses = rowLosses(hidden, b.labelPos.repeat({n}), b.gold.repeat({n}))
                            .view({n, b.rows})
                            .mean(1)
                            .to(torch::kDouble)
                            .cpu();
    for (int64_t c = 0; c < n; ++c) out[static_cast<size_t>(c0 + c)] = losses[c].item<double>();
  }
  return out;
}

SetScore TriggerObjective::score(const TriggerExamples& set, const std::vector<int64_t>& triggerIds) {
  c10::InferenceMode guard;
  double correct = 0, lossSum = 0;
  for (size_t begin = 0; begin < set.size(); begin += static_cast<size_t>(rowsPerPass_)) {
    std::vector<size_t> rows;
    for (size_t r = begin; r < std::min(set.size(), begin + static_cast<size_t>(rowsPerPass_)); ++r)
      rows.push_back(r);
    const TriggerBatch b = batch(set, rows, triggerIds);
    model::EncoderInput in;
    in.inputIds = b.ids;
    in.attentionMask = b.attention;
    in.tokenTypeIds = b.types;
    const auto hidden = model_.encode(in);
    const auto rowIdx =
        torch::arange(b.rows, torch::TensorOptions().dtype(torch::kLong).device(hidden.device()));
    const auto scores = classScores(model::MaskedLM::gatherPositions(hidden, rowIdx, b.labelPos));
    const auto logProbs = torch::log_softmax(scores, 1);
    lossSum += -logProbs.gather(1, b.gold.unsqueeze(1)).sum().item<double>();
    correct += scores.argmax(1).eq(b.gold).sum().item<double>();
  }
  const double n = static_cast<double>(std::max<size_t>(1, set.size()));
  return SetScore{correct / n, lossSum / n};
}

}  // namespace pwb::search
